from __future__ import annotations

import re

import httpx

from tenantry.models.tenant import TenantStatus
from tenantry.resolvers import tenants
from tenantry.serving.services import Services
from tests.conftest import Factory
from tests.rest.platform.auth_support import register
from tests.support import PASSWORD, new_email

ISO_UTC = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$")


async def test_register_answers_201_with_the_member_and_a_token_pair(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    # given
    tenant = await factory.tenant()
    email = new_email()

    # when
    response = await client.post(
        f"/api/{tenant.slug}/auth/register",
        json={"email": email, "password": PASSWORD, "name": "John Doe", "phone": "010-1234"},
    )

    # then
    assert response.status_code == 201
    data = response.json()["data"]
    member = data.pop("member")
    created_at, updated_at = member.pop("created_at"), member.pop("updated_at")
    assert ISO_UTC.match(created_at)
    assert ISO_UTC.match(updated_at)
    assert member == {
        "id": member["id"],
        "email": email,
        "name": "John Doe",
        "phone": "010-1234",
        "birth_date": None,
        "avatar_url": None,
    }
    assert isinstance(member["id"], int)
    assert data == {
        "token": data["token"],
        "refresh_token": data["refresh_token"],
        "token_type": "Bearer",
        "expires_in": 3600,
    }
    assert data["token"] != data["refresh_token"]


async def test_register_names_every_missing_field(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    tenant = await factory.tenant()

    response = await client.post(f"/api/{tenant.slug}/auth/register", json={})

    assert response.status_code == 422
    assert response.json() == {
        "message": "The given data was invalid.",
        "code": "parameter_missing",
        "errors": {
            "email": ["The email field is required."],
            "password": ["The password field is required."],
        },
    }


async def test_register_rejects_an_invalid_email_and_a_short_password(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    tenant = await factory.tenant()

    invalid_email = await client.post(
        f"/api/{tenant.slug}/auth/register", json={"email": "nope", "password": PASSWORD}
    )
    short_password = await client.post(
        f"/api/{tenant.slug}/auth/register", json={"email": new_email(), "password": "short"}
    )

    assert invalid_email.status_code == 422
    assert invalid_email.json()["errors"] == {
        "email": ["The email field must be a valid email address."]
    }
    assert short_password.status_code == 422
    assert short_password.json()["errors"] == {
        "password": ["The password field must be at least 8 characters."]
    }


async def test_register_rejects_an_email_already_taken(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    # given
    tenant = await factory.tenant()
    email = new_email()
    await register(client, tenant, email=email)

    # when
    response = await client.post(
        f"/api/{tenant.slug}/auth/register", json={"email": email.upper(), "password": PASSWORD}
    )

    # then
    assert response.status_code == 422
    assert response.json() == {
        "message": "The given data was invalid.",
        "code": "parameter_invalid",
        "errors": {"email": ["The email has already been taken."]},
    }


async def test_the_same_email_registers_independently_in_two_tenants(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    # given
    first, second = await factory.tenant(), await factory.tenant()
    email = new_email()
    in_first = await register(client, first, email=email)

    # when
    in_second = await register(client, second, email=email, password="another-pass-99")

    # then
    assert in_second["member"]["id"] != in_first["member"]["id"]
    login = await client.post(
        f"/api/{first.slug}/auth/login", json={"email": email, "password": "another-pass-99"}
    )
    assert login.status_code == 401


async def test_members_of_one_tenant_are_invisible_to_another(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    # given
    first, second = await factory.tenant(), await factory.tenant()
    email = new_email()
    await register(client, first, email=email)

    # when
    response = await client.post(
        f"/api/{second.slug}/auth/login", json={"email": email, "password": PASSWORD}
    )

    # then
    assert response.status_code == 401
    assert response.json() == {
        "message": "These credentials do not match our records.",
        "code": "invalid_credentials",
    }


async def test_unknown_tenant_is_404(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/api/no-such-tenant-here/auth/register",
        json={"email": new_email(), "password": PASSWORD},
    )

    assert response.status_code == 404
    assert response.json() == {"message": "Tenant not found.", "code": "resource_missing"}


async def test_suspended_tenant_is_403(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    async with services.db.unit(None) as uow:
        await tenants.set_tenant_status(
            uow.session, slug=tenant.slug, status=TenantStatus.SUSPENDED
        )
        await uow.commit()

    # when
    response = await client.post(
        f"/api/{tenant.slug}/auth/register", json={"email": new_email(), "password": PASSWORD}
    )

    # then
    assert response.status_code == 403
    assert response.json() == {"message": "Site is not active.", "code": "tenant_suspended"}


async def test_malformed_json_is_400(client: httpx.AsyncClient, factory: Factory) -> None:
    tenant = await factory.tenant()

    response = await client.post(
        f"/api/{tenant.slug}/auth/register",
        content=b'{"email": ',
        headers={"Content-Type": "application/json"},
    )

    assert response.status_code == 400
    assert response.json() == {"message": "Malformed JSON body.", "code": "malformed_json"}


async def test_a_body_over_the_limit_is_413(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    padding = "x" * (services.settings.max_body_bytes + 1)

    response = await client.post(
        f"/api/{tenant.slug}/auth/register",
        json={"email": new_email(), "password": PASSWORD, "name": padding},
    )

    assert response.status_code == 413
    assert response.json() == {
        "message": "The request body is too large.",
        "code": "payload_too_large",
    }
