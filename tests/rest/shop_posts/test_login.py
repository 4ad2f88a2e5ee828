from __future__ import annotations

from dataclasses import replace

import httpx
import pytest

from tenantry.app import create_app
from tenantry.serving.services import Services
from tests.conftest import Factory, TenantFixture, make_settings
from tests.rest.shop_posts.shop import (
    AUTH,
    PASSWORD,
    TOKENS,
    host,
    login,
    new_email,
    register,
)


@pytest.fixture
async def tenant(factory: Factory) -> TenantFixture:
    return await factory.tenant()


def _set_cookie(response: httpx.Response) -> str:
    cookies = [v for v in response.headers.get_list("set-cookie") if v.startswith("_session_id=")]
    assert len(cookies) == 1
    return cookies[0]


async def test_login_answers_user_and_tokens(
    client: httpx.AsyncClient, tenant: TenantFixture
) -> None:
    # given
    user = await register(client, tenant, name="Staff")
    # when
    response = await login(client, tenant, user.email)
    # then
    assert response.status_code == 200
    assert response.json() == {
        "success": True,
        "message": "Login successful",
        "data": {"user": {"id": user.id, "email": user.email, "name": "Staff"}, "tokens": TOKENS},
    }


async def test_login_sets_an_http_only_session_cookie(
    client: httpx.AsyncClient, tenant: TenantFixture
) -> None:
    # given
    user = await register(client, tenant)
    # when
    response = await login(client, tenant, user.email)
    # then
    attributes = [part.strip().lower() for part in _set_cookie(response).split(";")]
    assert attributes[0] != "_session_id="
    assert "httponly" in attributes
    assert "samesite=strict" in attributes
    assert "path=/" in attributes
    assert "max-age=604800" in attributes
    assert "secure" not in attributes


async def test_session_cookie_is_secure_when_served_over_https(
    services: Services, tenant: TenantFixture, tmp_path_factory: pytest.TempPathFactory
) -> None:
    # given
    settings = make_settings(
        services.settings.database_url,
        tmp_path_factory.mktemp("https"),
        public_url="https://shop.example.com",
    )
    app = create_app(settings, services=replace(services, settings=settings))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        user = await register(client, tenant)
        # when
        response = await login(client, tenant, user.email)
    # then
    attributes = [part.strip().lower() for part in _set_cookie(response).split(";")]
    assert "secure" in attributes


async def test_login_accepts_the_email_in_any_case(
    client: httpx.AsyncClient, tenant: TenantFixture
) -> None:
    user = await register(client, tenant)
    response = await login(client, tenant, user.email.upper())
    assert response.status_code == 200


async def test_login_with_a_wrong_password_is_401(
    client: httpx.AsyncClient, tenant: TenantFixture
) -> None:
    # given
    user = await register(client, tenant)
    # when
    response = await login(client, tenant, user.email, "wrong-password")
    # then
    assert response.status_code == 401
    assert response.json() == {
        "success": False,
        "error": "These credentials do not match our records.",
        "code": "invalid_credentials",
    }
    assert "set-cookie" not in response.headers


async def test_login_with_an_unknown_email_is_401(
    client: httpx.AsyncClient, tenant: TenantFixture
) -> None:
    response = await login(client, tenant, new_email())
    assert response.status_code == 401
    assert response.json() == {
        "success": False,
        "error": "These credentials do not match our records.",
        "code": "invalid_credentials",
    }


async def test_login_of_another_shops_user_is_401(
    client: httpx.AsyncClient, factory: Factory, tenant: TenantFixture
) -> None:
    # given
    other = await factory.tenant()
    user = await register(client, other)
    # when
    response = await login(client, tenant, user.email)
    # then
    assert response.status_code == 401


async def test_login_without_fields_is_422(
    client: httpx.AsyncClient, tenant: TenantFixture
) -> None:
    response = await client.post(f"{AUTH}/login", json={}, headers=host(tenant))
    assert response.status_code == 422
    assert response.json() == {
        "success": False,
        "error": "Login failed",
        "code": "parameter_missing",
        "validation_errors": ["Email can't be blank", "Password can't be blank"],
    }


async def test_login_locks_the_account_after_five_failures(
    client: httpx.AsyncClient, tenant: TenantFixture
) -> None:
    # given
    user = await register(client, tenant)
    for _ in range(5):
        failed = await login(client, tenant, user.email, "wrong-password")
        assert failed.status_code == 401
    # when
    response = await login(client, tenant, user.email, PASSWORD)
    # then
    assert response.status_code == 429
    body = response.json()
    assert body["success"] is False
    assert body["error"].startswith("Too many login attempts.")
    assert int(response.headers["retry-after"]) > 0
