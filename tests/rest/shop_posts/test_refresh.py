from __future__ import annotations

import httpx
import pytest

from tenantry.resolvers.sessions import SessionKind
from tenantry.serving.services import Services
from tests.conftest import Factory, TenantFixture
from tests.rest.shop_posts.shop import (
    AUTH,
    TOKENS,
    bearer,
    host,
    member_tokens,
    register,
)

REUSED = "Refresh token reuse detected; the session has been revoked."
INVALID = "Invalid or expired refresh token."


@pytest.fixture
async def tenant(factory: Factory) -> TenantFixture:
    return await factory.tenant()


async def _refresh(client: httpx.AsyncClient, tenant: TenantFixture, token: str) -> httpx.Response:
    return await client.post(f"{AUTH}/refresh", json={"refresh_token": token}, headers=host(tenant))


async def test_refresh_answers_a_new_token_pair(
    client: httpx.AsyncClient, tenant: TenantFixture
) -> None:
    # given
    user = await register(client, tenant)
    # when
    response = await _refresh(client, tenant, user.refresh_token)
    # then
    assert response.status_code == 200
    assert response.json() == {
        "success": True,
        "message": "Token refreshed successfully",
        "data": {"tokens": TOKENS},
    }
    tokens = response.json()["data"]["tokens"]
    assert tokens["refresh_token"] != user.refresh_token
    me = await client.get(f"{AUTH}/me", headers=bearer(tenant, tokens["access_token"]))
    assert me.status_code == 200


async def test_a_rotated_refresh_token_refreshes_again(
    client: httpx.AsyncClient, tenant: TenantFixture
) -> None:
    # given
    user = await register(client, tenant)
    first = await _refresh(client, tenant, user.refresh_token)
    # when
    second = await _refresh(client, tenant, first.json()["data"]["tokens"]["refresh_token"])
    # then
    assert second.status_code == 200


async def test_reusing_a_refresh_token_revokes_the_family(
    client: httpx.AsyncClient, tenant: TenantFixture
) -> None:
    # given
    user = await register(client, tenant)
    rotated = (await _refresh(client, tenant, user.refresh_token)).json()["data"]["tokens"]
    # when
    reused = await _refresh(client, tenant, user.refresh_token)
    # then
    assert reused.status_code == 401
    assert reused.json() == {"success": False, "error": REUSED, "code": "refresh_token_reused"}
    successor = await _refresh(client, tenant, rotated["refresh_token"])
    assert successor.status_code == 401


async def test_a_platform_refresh_token_is_refused(
    client: httpx.AsyncClient, services: Services, tenant: TenantFixture
) -> None:
    # given
    _, tokens = await member_tokens(services, tenant, kind=SessionKind.MEMBER)
    # when
    response = await _refresh(client, tenant, tokens.refresh_token)
    # then
    assert response.status_code == 401
    assert response.json() == {"success": False, "error": INVALID, "code": "invalid_refresh_token"}


async def test_an_access_token_is_not_a_refresh_token(
    client: httpx.AsyncClient, tenant: TenantFixture
) -> None:
    user = await register(client, tenant)
    response = await _refresh(client, tenant, user.access_token)
    assert response.status_code == 401
    assert response.json() == {"success": False, "error": INVALID, "code": "invalid_refresh_token"}


async def test_another_shops_refresh_token_is_refused(
    client: httpx.AsyncClient, factory: Factory, tenant: TenantFixture
) -> None:
    # given
    other = await factory.tenant()
    user = await register(client, other)
    # when
    response = await _refresh(client, tenant, user.refresh_token)
    # then
    assert response.status_code == 401
    assert response.json() == {"success": False, "error": INVALID, "code": "invalid_refresh_token"}


async def test_a_garbage_refresh_token_is_401(
    client: httpx.AsyncClient, tenant: TenantFixture
) -> None:
    response = await _refresh(client, tenant, "not-a-token")
    assert response.status_code == 401
    assert response.json() == {"success": False, "error": INVALID, "code": "invalid_refresh_token"}


async def test_refresh_without_a_token_is_422(
    client: httpx.AsyncClient, tenant: TenantFixture
) -> None:
    response = await client.post(f"{AUTH}/refresh", json={}, headers=host(tenant))
    assert response.status_code == 422
    assert response.json() == {
        "success": False,
        "error": "Token refresh failed",
        "code": "parameter_missing",
        "validation_errors": ["Refresh token can't be blank"],
    }
