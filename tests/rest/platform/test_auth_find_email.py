from __future__ import annotations

import httpx

from tests.conftest import Factory
from tests.rest.platform.auth_support import register


async def test_find_email_answers_the_masked_address(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    # given
    tenant = await factory.tenant()
    await register(client, tenant, email="johnny@example.com", name="John", phone="010-5555")

    # when
    response = await client.post(
        f"/api/{tenant.slug}/auth/find-email", json={"name": "John", "phone": "010-5555"}
    )

    # then
    assert response.status_code == 200
    assert response.json() == {"data": {"email": "jo****@example.com"}}


async def test_find_email_without_a_match_is_404(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    # given
    tenant = await factory.tenant()
    await register(client, tenant, email="johnny@example.com", name="John", phone="010-5555")

    # when
    response = await client.post(
        f"/api/{tenant.slug}/auth/find-email", json={"name": "John", "phone": "010-0000"}
    )

    # then
    assert response.status_code == 404
    assert response.json() == {
        "message": "No account matches those details.",
        "code": "resource_missing",
    }


async def test_find_email_does_not_look_into_other_tenants(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    first, second = await factory.tenant(), await factory.tenant()
    await register(client, first, name="John", phone="010-5555")

    response = await client.post(
        f"/api/{second.slug}/auth/find-email", json={"name": "John", "phone": "010-5555"}
    )

    assert response.status_code == 404


async def test_find_email_names_every_missing_field(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    tenant = await factory.tenant()

    response = await client.post(f"/api/{tenant.slug}/auth/find-email", json={})

    assert response.status_code == 422
    assert response.json() == {
        "message": "The given data was invalid.",
        "code": "parameter_missing",
        "errors": {
            "name": ["The name field is required."],
            "phone": ["The phone field is required."],
        },
    }
