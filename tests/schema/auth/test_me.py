from __future__ import annotations

import httpx

from tests.conftest import Factory
from tests.rest.platform.auth_support import register
from tests.support import bearer, error_of, graphql, without_cost

ME = "{ me { id email name phone birthDate avatarUrl createdAt updatedAt } }"


async def test_me_returns_the_member_of_the_token(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    # given
    tenant = await factory.tenant()
    registered = await register(client, tenant, name="Ann", phone="010-1111")

    # when
    body = await graphql(client, ME, bearer=registered["token"])

    # then
    me = body["data"]["me"]
    member = registered["member"]
    assert me["id"] == str(member["id"])
    assert (me["email"], me["name"], me["phone"]) == (member["email"], "Ann", "010-1111")
    assert (me["birthDate"], me["avatarUrl"]) == (None, None)


async def test_me_is_served_under_the_tenant_path_too(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    tenant = await factory.tenant()
    registered = await register(client, tenant)

    response = await client.post(
        f"/api/{tenant.slug}/graphql",
        json={"query": "{ me { email } }"},
        headers=bearer(registered["token"]),
    )

    assert without_cost(response.json()) == {
        "data": {"me": {"email": registered["member"]["email"]}}
    }


async def test_me_without_a_member_is_unauthenticated(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    tenant = await factory.tenant()

    body = await graphql(client, ME, tenant=tenant.slug)

    assert body["data"] is None
    assert error_of(body) == (
        "Unauthenticated.",
        {"code": "UNAUTHENTICATED", "reason": "unauthenticated"},
    )


async def test_me_with_a_token_of_another_tenant_is_rejected(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    first, second = await factory.tenant(), await factory.tenant()
    registered = await register(client, first)

    response = await client.post(
        "/graphql",
        json={"query": ME},
        headers={**bearer(registered["token"]), "X-Tenant": second.slug},
    )

    assert response.status_code == 401
    assert without_cost(response.json()) == {
        "data": None,
        "errors": [
            {
                "message": "Invalid or expired token.",
                "extensions": {"code": "UNAUTHENTICATED", "reason": "invalid_token"},
            }
        ],
    }
