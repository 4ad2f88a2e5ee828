"""A `_session_id` cookie that no longer resolves (logged out, expired, forged) is ignored by
login and register, and cleared in their answer (finding 15: both answered 401 for as long as
the browser kept the cookie, up to 7 days). Every other route still refuses it."""

from __future__ import annotations

import httpx
import pytest

from tests.conftest import Factory, TenantFixture
from tests.rest.shop_posts.shop import AUTH, PASSWORD, login, new_email, register, session_cookie


@pytest.fixture
async def tenant(factory: Factory) -> TenantFixture:
    return await factory.tenant()


def _session_cookies(response: httpx.Response) -> list[str]:
    return [v for v in response.headers.get_list("set-cookie") if v.startswith("_session_id=")]


def _clears(response: httpx.Response) -> bool:
    [cookie] = _session_cookies(response)
    attributes = [part.strip().lower() for part in cookie.split(";")]
    return attributes[0] in ('_session_id=""', "_session_id=") and "max-age=0" in attributes


async def _revoked_cookie(client: httpx.AsyncClient, tenant: TenantFixture) -> tuple[str, str]:
    user = await register(client, tenant)
    cookie = (await login(client, tenant, user.email)).cookies["_session_id"]
    logged_out = await client.post(f"{AUTH}/logout", headers=session_cookie(tenant, cookie))
    assert logged_out.status_code == 200
    client.cookies.clear()
    return user.email, cookie


async def test_login_with_a_revoked_cookie_signs_in_and_sets_a_new_one(
    client: httpx.AsyncClient, tenant: TenantFixture
) -> None:
    # given
    email, stale = await _revoked_cookie(client, tenant)
    # when
    response = await client.post(
        f"{AUTH}/login",
        json={"email": email, "password": PASSWORD},
        headers=session_cookie(tenant, stale),
    )
    # then
    assert response.status_code == 200, response.text
    assert response.json()["message"] == "Login successful"
    [fresh] = _session_cookies(response)
    assert not _clears(response)
    assert stale not in fresh


async def test_a_failed_login_with_a_revoked_cookie_clears_it(
    client: httpx.AsyncClient, tenant: TenantFixture
) -> None:
    email, stale = await _revoked_cookie(client, tenant)

    response = await client.post(
        f"{AUTH}/login",
        json={"email": email, "password": "wrong-password-1"},
        headers=session_cookie(tenant, stale),
    )

    assert response.status_code == 401
    assert response.json()["code"] == "invalid_credentials"
    assert _clears(response)


@pytest.mark.parametrize("stale", ["revoked", "not-a-token"])
async def test_register_with_a_cookie_that_does_not_resolve_clears_it(
    client: httpx.AsyncClient, tenant: TenantFixture, stale: str
) -> None:
    value = (await _revoked_cookie(client, tenant))[1] if stale == "revoked" else stale

    response = await client.post(
        f"{AUTH}/register",
        json={"email": new_email(), "password": PASSWORD},
        headers=session_cookie(tenant, value),
    )

    assert response.status_code == 201, response.text
    assert _clears(response)


async def test_a_live_cookie_is_left_alone(
    client: httpx.AsyncClient, tenant: TenantFixture
) -> None:
    user = await register(client, tenant)
    live = (await login(client, tenant, user.email)).cookies["_session_id"]

    response = await client.post(
        f"{AUTH}/register",
        json={"email": new_email(), "password": PASSWORD},
        headers=session_cookie(tenant, live),
    )

    assert response.status_code == 201
    assert _session_cookies(response) == []


async def test_other_routes_still_refuse_a_revoked_cookie(
    client: httpx.AsyncClient, tenant: TenantFixture
) -> None:
    _, stale = await _revoked_cookie(client, tenant)

    me = await client.get(f"{AUTH}/me", headers=session_cookie(tenant, stale))
    created = await client.post(
        "/posts", json={"post": {"title": "x"}}, headers=session_cookie(tenant, stale)
    )

    assert (me.status_code, created.status_code) == (401, 401)
    assert "set-cookie" not in me.headers
