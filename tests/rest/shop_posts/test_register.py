from __future__ import annotations

import httpx
import jwt
import pytest

from tenantry.serving.services import Services
from tests.conftest import Factory, TenantFixture
from tests.rest.shop_posts.shop import AUTH, PASSWORD, TOKENS, IsA, host, new_email, register


@pytest.fixture
async def tenant(factory: Factory) -> TenantFixture:
    return await factory.tenant()


async def test_register_creates_a_shop_user_with_tokens(
    client: httpx.AsyncClient, tenant: TenantFixture
) -> None:
    # given
    email = new_email()
    # when
    response = await client.post(
        f"{AUTH}/register",
        json={"email": email, "password": PASSWORD, "name": "Staff"},
        headers=host(tenant),
    )
    # then
    assert response.status_code == 201
    assert response.json() == {
        "success": True,
        "message": "Registration successful",
        "data": {"user": {"id": IsA(int), "email": email, "name": "Staff"}, "tokens": TOKENS},
    }


async def test_register_name_is_optional(client: httpx.AsyncClient, tenant: TenantFixture) -> None:
    response = await client.post(
        f"{AUTH}/register", json={"email": new_email(), "password": PASSWORD}, headers=host(tenant)
    )
    assert response.status_code == 201
    assert response.json()["data"]["user"]["name"] == ""


async def test_register_tokens_carry_the_shop_claims(
    client: httpx.AsyncClient, services: Services, tenant: TenantFixture
) -> None:
    # when
    user = await register(client, tenant)
    # then
    secret = services.settings.secret_key
    access = jwt.decode(user.access_token, secret, algorithms=["HS256"])
    refresh = jwt.decode(user.refresh_token, secret, algorithms=["HS256"])
    assert (access["type"], access["shop_user_id"], access["shop_id"]) == (
        "shop_access",
        user.id,
        tenant.id,
    )
    assert (refresh["type"], refresh["shop_user_id"], refresh["shop_id"]) == (
        "shop_refresh",
        user.id,
        tenant.id,
    )
    assert access["exp"] - access["iat"] == 3600
    assert refresh["exp"] - refresh["iat"] == 7 * 24 * 3600


async def test_register_without_fields_lists_rails_style_errors(
    client: httpx.AsyncClient, tenant: TenantFixture
) -> None:
    response = await client.post(f"{AUTH}/register", json={}, headers=host(tenant))
    assert response.status_code == 422
    assert response.json() == {
        "success": False,
        "error": "Registration failed",
        "code": "parameter_missing",
        "validation_errors": ["Email can't be blank", "Password can't be blank"],
    }


async def test_register_with_a_malformed_email_is_422(
    client: httpx.AsyncClient, tenant: TenantFixture
) -> None:
    response = await client.post(
        f"{AUTH}/register",
        json={"email": "not-an-email", "password": PASSWORD},
        headers=host(tenant),
    )
    assert response.status_code == 422
    assert response.json() == {
        "success": False,
        "error": "Registration failed",
        "code": "parameter_invalid",
        "validation_errors": ["Email is invalid"],
    }


async def test_register_with_a_short_password_is_422(
    client: httpx.AsyncClient, tenant: TenantFixture
) -> None:
    response = await client.post(
        f"{AUTH}/register", json={"email": new_email(), "password": "short"}, headers=host(tenant)
    )
    assert response.status_code == 422
    assert response.json() == {
        "success": False,
        "error": "Registration failed",
        "code": "parameter_invalid",
        "validation_errors": ["Password is too short (minimum is 8 characters)"],
    }


async def test_register_with_a_taken_email_is_422(
    client: httpx.AsyncClient, tenant: TenantFixture
) -> None:
    # given
    user = await register(client, tenant)
    # when
    response = await client.post(
        f"{AUTH}/register",
        json={"email": user.email.upper(), "password": PASSWORD},
        headers=host(tenant),
    )
    # then
    assert response.status_code == 422
    assert response.json() == {
        "success": False,
        "error": "Registration failed",
        "code": "parameter_invalid",
        "validation_errors": ["Email has already been taken"],
    }


async def test_the_same_email_may_register_with_another_shop(
    client: httpx.AsyncClient, factory: Factory, tenant: TenantFixture
) -> None:
    # given
    user = await register(client, tenant)
    other = await factory.tenant()
    # when
    response = await client.post(
        f"{AUTH}/register", json={"email": user.email, "password": PASSWORD}, headers=host(other)
    )
    # then
    assert response.status_code == 201


async def test_register_with_malformed_json_is_400(
    client: httpx.AsyncClient, tenant: TenantFixture
) -> None:
    response = await client.post(
        f"{AUTH}/register",
        content=b'{"email": ',
        headers={**host(tenant), "Content-Type": "application/json"},
    )
    assert response.status_code == 400
    assert response.json() == {
        "success": False,
        "error": "Malformed JSON body.",
        "code": "malformed_json",
    }


async def test_register_with_an_oversized_body_is_413(
    client: httpx.AsyncClient, services: Services, tenant: TenantFixture
) -> None:
    padding = "x" * (services.settings.max_body_bytes + 1)
    response = await client.post(
        f"{AUTH}/register",
        json={"email": new_email(), "password": PASSWORD, "name": padding},
        headers=host(tenant),
    )
    assert response.status_code == 413
    assert response.json() == {
        "success": False,
        "error": "The request body is too large.",
        "code": "payload_too_large",
    }
