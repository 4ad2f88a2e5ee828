from __future__ import annotations

from datetime import timedelta

import httpx
import jwt
import pytest

from tenantry.auth.tokens import TokenType
from tenantry.resolvers.sessions import SessionKind
from tenantry.serving.services import Services
from tests.conftest import Factory, TenantFixture
from tests.rest.shop_posts.shop import (
    AUTH,
    bearer,
    forge,
    host,
    login,
    member_tokens,
    register,
    session_cookie,
)

INVALID = {"success": False, "error": "Invalid or expired token.", "code": "invalid_token"}
UNAUTHENTICATED = {"success": False, "error": "Unauthenticated.", "code": "unauthenticated"}
FOREIGN_TOKEN = {"success": False, "error": "Invalid or expired token.", "code": "invalid_token"}


@pytest.fixture
async def tenant(factory: Factory) -> TenantFixture:
    return await factory.tenant()


async def test_me_answers_the_shop_user(client: httpx.AsyncClient, tenant: TenantFixture) -> None:
    # given
    user = await register(client, tenant, name="Staff")
    # when
    response = await client.get(f"{AUTH}/me", headers=bearer(tenant, user.access_token))
    # then
    assert response.status_code == 200
    assert response.json() == {
        "success": True,
        "data": {"user": {"id": user.id, "email": user.email, "name": "Staff"}},
    }


async def test_me_without_credentials_is_401(
    client: httpx.AsyncClient, tenant: TenantFixture
) -> None:
    response = await client.get(f"{AUTH}/me", headers=host(tenant))
    assert response.status_code == 401
    assert response.json() == UNAUTHENTICATED


async def test_me_with_the_session_cookie_answers_the_shop_user(
    client: httpx.AsyncClient, tenant: TenantFixture
) -> None:
    # given
    user = await register(client, tenant)
    cookie = (await login(client, tenant, user.email)).cookies["_session_id"]
    # when
    response = await client.get(f"{AUTH}/me", headers=session_cookie(tenant, cookie))
    # then
    assert response.status_code == 200
    assert response.json()["data"]["user"]["id"] == user.id


async def test_me_with_another_shops_token_is_401(
    client: httpx.AsyncClient, factory: Factory, tenant: TenantFixture
) -> None:
    # given
    other = await factory.tenant()
    user = await register(client, other)
    # when
    response = await client.get(f"{AUTH}/me", headers=bearer(tenant, user.access_token))
    # then
    assert response.status_code == 401
    assert response.json() == INVALID


async def test_me_with_another_shops_session_cookie_is_401(
    client: httpx.AsyncClient, factory: Factory, tenant: TenantFixture
) -> None:
    # given
    other = await factory.tenant()
    user = await register(client, other)
    cookie = (await login(client, other, user.email)).cookies["_session_id"]
    # when
    response = await client.get(f"{AUTH}/me", headers=session_cookie(tenant, cookie))
    # then
    assert response.status_code == 401
    assert response.json() == INVALID


async def test_me_refuses_a_platform_member_token(
    client: httpx.AsyncClient, services: Services, tenant: TenantFixture
) -> None:
    # given
    _, tokens = await member_tokens(services, tenant, kind=SessionKind.MEMBER)
    # when
    response = await client.get(f"{AUTH}/me", headers=bearer(tenant, tokens.access_token))
    # then
    assert response.status_code == 401
    assert response.json() == FOREIGN_TOKEN


async def test_me_refuses_a_staff_token(
    client: httpx.AsyncClient, services: Services, factory: Factory, tenant: TenantFixture
) -> None:
    # given
    staff_id, _ = await factory.staff(tenant)
    token = forge(services, tenant, subject_id=staff_id, type_=TokenType.STAFF_ACCESS)
    # when
    response = await client.get(f"{AUTH}/me", headers=bearer(tenant, token))
    # then
    assert response.status_code == 401
    assert response.json() == FOREIGN_TOKEN


async def test_me_refuses_a_refresh_token(client: httpx.AsyncClient, tenant: TenantFixture) -> None:
    user = await register(client, tenant)
    response = await client.get(f"{AUTH}/me", headers=bearer(tenant, user.refresh_token))
    assert response.status_code == 401
    assert response.json() == INVALID


async def test_me_with_only_a_secret_api_key_is_401(
    client: httpx.AsyncClient, tenant: TenantFixture
) -> None:
    response = await client.get(
        f"{AUTH}/me", headers={**host(tenant), "X-API-Key": tenant.secret_key}
    )
    assert response.status_code == 401
    assert response.json() == UNAUTHENTICATED


async def test_me_with_another_shops_api_key_is_401(
    client: httpx.AsyncClient, factory: Factory, tenant: TenantFixture
) -> None:
    other = await factory.tenant()
    response = await client.get(
        f"{AUTH}/me", headers={**host(tenant), "X-API-Key": other.secret_key}
    )
    assert response.status_code == 401
    assert response.json() == {
        "success": False,
        "error": "Invalid API key.",
        "code": "invalid_api_key",
    }


async def test_me_with_an_expired_token_is_401(
    client: httpx.AsyncClient, services: Services, tenant: TenantFixture
) -> None:
    # given
    user = await register(client, tenant)
    an_hour_ago = services.clock.now() - timedelta(hours=1, seconds=1)
    token = forge(services, tenant, subject_id=user.id, now=an_hour_ago, ttl=3600)
    # when
    response = await client.get(f"{AUTH}/me", headers=bearer(tenant, token))
    # then
    assert response.status_code == 401
    assert response.json() == INVALID


async def test_me_with_an_unsigned_token_is_401(
    client: httpx.AsyncClient, services: Services, tenant: TenantFixture
) -> None:
    # given
    user = await register(client, tenant)
    claims = jwt.decode(user.access_token, services.settings.secret_key, algorithms=["HS256"])
    token = jwt.encode(claims, key=None, algorithm="none")
    # when
    response = await client.get(f"{AUTH}/me", headers=bearer(tenant, token))
    # then
    assert response.status_code == 401
    assert response.json() == INVALID


async def test_me_with_a_token_signed_by_another_key_is_401(
    client: httpx.AsyncClient, services: Services, tenant: TenantFixture
) -> None:
    # given
    user = await register(client, tenant)
    token = forge(services, tenant, subject_id=user.id, secret="another-secret-0123456789abcdef0")
    # when
    response = await client.get(f"{AUTH}/me", headers=bearer(tenant, token))
    # then
    assert response.status_code == 401
    assert response.json() == INVALID


async def test_me_with_a_token_for_a_missing_user_is_401(
    client: httpx.AsyncClient, services: Services, tenant: TenantFixture
) -> None:
    token = forge(services, tenant, subject_id=2_000_000_000)
    response = await client.get(f"{AUTH}/me", headers=bearer(tenant, token))
    assert response.status_code == 401
    assert response.json() == UNAUTHENTICATED


async def test_me_with_a_session_cookie_given_as_bearer_is_401(
    client: httpx.AsyncClient, tenant: TenantFixture
) -> None:
    # given
    user = await register(client, tenant)
    cookie = (await login(client, tenant, user.email)).cookies["_session_id"]
    # when
    response = await client.get(f"{AUTH}/me", headers=bearer(tenant, cookie))
    # then
    assert response.status_code == 401
    assert response.json() == INVALID
