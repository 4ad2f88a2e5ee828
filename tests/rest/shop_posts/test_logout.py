from __future__ import annotations

import httpx
import pytest

from tests.conftest import Factory, TenantFixture
from tests.rest.shop_posts.shop import AUTH, bearer, host, login, register, session_cookie

LOGGED_OUT = {"success": True, "message": "Logged out successfully"}


@pytest.fixture
async def tenant(factory: Factory) -> TenantFixture:
    return await factory.tenant()


def _deletes_session_cookie(response: httpx.Response) -> bool:
    for value in response.headers.get_list("set-cookie"):
        attributes = [part.strip().lower() for part in value.split(";")]
        if attributes[0] in ('_session_id=""', "_session_id=") and "max-age=0" in attributes:
            return True
    return False


async def test_logout_answers_success_and_clears_the_cookie(
    client: httpx.AsyncClient, tenant: TenantFixture
) -> None:
    # given
    user = await register(client, tenant)
    # when
    response = await client.post(f"{AUTH}/logout", headers=bearer(tenant, user.access_token))
    # then
    assert response.status_code == 200
    assert response.json() == LOGGED_OUT
    assert _deletes_session_cookie(response)


async def test_logout_blacklists_the_access_token_at_once(
    client: httpx.AsyncClient, tenant: TenantFixture
) -> None:
    # given
    user = await register(client, tenant)
    await client.post(f"{AUTH}/logout", headers=bearer(tenant, user.access_token))
    # when
    response = await client.get(f"{AUTH}/me", headers=bearer(tenant, user.access_token))
    # then
    assert response.status_code == 401
    assert response.json() == {
        "success": False,
        "error": "Token has been revoked.",
        "code": "token_revoked",
    }


async def test_logout_ends_the_refresh_token_too(
    client: httpx.AsyncClient, tenant: TenantFixture
) -> None:
    # given
    user = await register(client, tenant)
    await client.post(f"{AUTH}/logout", headers=bearer(tenant, user.access_token))
    # when
    response = await client.post(
        f"{AUTH}/refresh", json={"refresh_token": user.refresh_token}, headers=host(tenant)
    )
    # then
    assert response.status_code == 401


async def test_logout_leaves_other_logins_signed_in(
    client: httpx.AsyncClient, tenant: TenantFixture
) -> None:
    # given
    user = await register(client, tenant)
    other = (await login(client, tenant, user.email)).json()["data"]["tokens"]
    await client.post(f"{AUTH}/logout", headers=bearer(tenant, user.access_token))
    # when
    response = await client.get(f"{AUTH}/me", headers=bearer(tenant, other["access_token"]))
    # then
    assert response.status_code == 200


async def test_logout_with_the_session_cookie_ends_the_session(
    client: httpx.AsyncClient, tenant: TenantFixture
) -> None:
    # given
    user = await register(client, tenant)
    cookie = (await login(client, tenant, user.email)).cookies["_session_id"]
    # when
    response = await client.post(f"{AUTH}/logout", headers=session_cookie(tenant, cookie))
    # then
    assert response.status_code == 200
    assert response.json() == LOGGED_OUT
    assert _deletes_session_cookie(response)
    me = await client.get(f"{AUTH}/me", headers=session_cookie(tenant, cookie))
    assert me.status_code == 401
    assert me.json() == {
        "success": False,
        "error": "Token has been revoked.",
        "code": "token_revoked",
    }


async def test_logout_without_credentials_is_401(
    client: httpx.AsyncClient, tenant: TenantFixture
) -> None:
    response = await client.post(f"{AUTH}/logout", headers=host(tenant))
    assert response.status_code == 401
    assert response.json() == {
        "success": False,
        "error": "Unauthenticated.",
        "code": "unauthenticated",
    }


async def test_logout_twice_with_the_same_token_is_401(
    client: httpx.AsyncClient, tenant: TenantFixture
) -> None:
    # given
    user = await register(client, tenant)
    await client.post(f"{AUTH}/logout", headers=bearer(tenant, user.access_token))
    # when
    response = await client.post(f"{AUTH}/logout", headers=bearer(tenant, user.access_token))
    # then
    assert response.status_code == 401
    assert response.json() == {
        "success": False,
        "error": "Token has been revoked.",
        "code": "token_revoked",
    }


async def test_logout_by_bearer_also_ends_the_session_cookie_of_that_login(
    client: httpx.AsyncClient, tenant: TenantFixture
) -> None:
    # given
    user = await register(client, tenant)
    signed_in = await login(client, tenant, user.email)
    cookie = signed_in.cookies["_session_id"]
    access = signed_in.json()["data"]["tokens"]["access_token"]
    # when
    await client.post(f"{AUTH}/logout", headers=bearer(tenant, access))
    me = await client.get(f"{AUTH}/me", headers=session_cookie(tenant, cookie))
    # then
    assert me.status_code == 401
    assert me.json() == {
        "success": False,
        "error": "Token has been revoked.",
        "code": "token_revoked",
    }
