from __future__ import annotations

from typing import Any

import httpx

from tenantry.serving.services import Services
from tests.conftest import Factory, TenantFixture
from tests.fake_oauth import FakeOAuth
from tests.resolvers.social.support import REDIRECT, configure
from tests.support import bearer, create_member, member_token

MEMBER_KEYS = {
    "id",
    "email",
    "name",
    "phone",
    "birth_date",
    "avatar_url",
    "created_at",
    "updated_at",
}
SESSION_KEYS = {"member", "token", "refresh_token", "token_type", "expires_in"}
ACCOUNT_KEYS = {"provider", "email", "email_verified", "connected_at", "last_used_at"}


async def _authorize(
    client: httpx.AsyncClient,
    tenant: TenantFixture,
    oauth: FakeOAuth,
    headers: dict[str, str] | None = None,
) -> dict[str, str]:
    started = await client.get(
        f"/api/{tenant.slug}/auth/social/google",
        params={"redirect_uri": REDIRECT},
        headers=headers or {},
    )
    assert started.status_code == 200, started.text
    return await oauth.authorize(started.json()["data"]["url"])


async def test_providers_lists_the_enabled_ones(
    client: httpx.AsyncClient, services: Services, factory: Factory, oauth: FakeOAuth
) -> None:
    tenant = await factory.tenant()
    await configure(services, tenant, "google")
    await configure(services, tenant, "kakao")
    await configure(services, tenant, "naver", enabled=False)

    response = await client.get(f"/api/{tenant.slug}/auth/social/providers")

    assert response.status_code == 200
    assert response.json() == {
        "data": [{"provider": "google", "name": "Google"}, {"provider": "kakao", "name": "Kakao"}],
        "meta": {"current_page": 1, "last_page": 1, "per_page": 2, "total": 2},
    }


async def test_authorization_url_answers_the_url_and_state(
    client: httpx.AsyncClient, services: Services, factory: Factory, oauth: FakeOAuth
) -> None:
    tenant = await factory.tenant()
    await configure(services, tenant, "google")

    response = await client.get(
        f"/api/{tenant.slug}/auth/social/google", params={"redirect_uri": REDIRECT}
    )

    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"data"}
    assert set(body["data"]) == {"url", "state"}
    assert body["data"]["url"].startswith(oauth.base_url)
    assert httpx.URL(body["data"]["url"]).params["state"] == body["data"]["state"]


async def test_an_unknown_provider_is_404(
    client: httpx.AsyncClient, services: Services, factory: Factory, oauth: FakeOAuth
) -> None:
    tenant, other = await factory.tenant(), await factory.tenant()
    await configure(services, other, "google")

    response = await client.get(f"/api/{tenant.slug}/auth/social/google")

    assert response.status_code == 404
    assert response.json() == {
        "message": "Social provider not found.",
        "code": "provider_not_found",
    }


async def test_token_with_code_and_state_answers_what_login_answers(
    client: httpx.AsyncClient, services: Services, factory: Factory, oauth: FakeOAuth
) -> None:
    # given
    tenant = await factory.tenant()
    await configure(services, tenant, "google")
    back = await _authorize(client, tenant, oauth)

    # when
    response = await client.post(
        f"/api/{tenant.slug}/auth/social/google/token",
        json={"code": back["code"], "state": back["state"], "redirect_uri": REDIRECT},
    )

    # then
    assert response.status_code == 200, response.text
    body = response.json()
    assert set(body) == {"data"}
    assert set(body["data"]) == SESSION_KEYS
    assert set(body["data"]["member"]) == MEMBER_KEYS
    assert body["data"]["member"]["email"] == oauth.account.email
    assert (body["data"]["token_type"], body["data"]["expires_in"]) == ("Bearer", 3600)
    me = await client.get(f"/api/{tenant.slug}/auth/me", headers=bearer(body["data"]["token"]))
    assert me.json()["data"]["id"] == body["data"]["member"]["id"]


async def test_token_refusals_are_dialect_a_errors(
    client: httpx.AsyncClient, services: Services, factory: Factory, oauth: FakeOAuth
) -> None:
    tenant = await factory.tenant()
    await configure(services, tenant, "google")
    back = await _authorize(client, tenant, oauth)
    url = f"/api/{tenant.slug}/auth/social/google/token"
    await client.post(url, json={"code": back["code"], "state": back["state"]})

    replayed = await client.post(url, json={"code": back["code"], "state": back["state"]})
    expired = await client.post(url, json={"id_token": oauth.id_token(issued_ago=3600)})
    empty = await client.post(url, json={})

    assert (replayed.status_code, replayed.json()) == (
        400,
        {"message": "The state has already been used.", "code": "state_used"},
    )
    assert (expired.status_code, expired.json()) == (
        401,
        {"message": "The ID token has expired.", "code": "id_token_expired"},
    )
    assert empty.status_code == 422
    assert empty.json()["code"] == "credential_required"


async def test_an_unverified_email_of_an_existing_member_is_409(
    client: httpx.AsyncClient, services: Services, factory: Factory, oauth: FakeOAuth
) -> None:
    tenant = await factory.tenant()
    await configure(services, tenant, "google")
    existing = await create_member(services, tenant)
    oauth.account.email, oauth.account.email_verified = existing.email, False

    response = await client.post(
        f"/api/{tenant.slug}/auth/social/google/token", json={"id_token": oauth.id_token()}
    )

    assert response.status_code == 409
    assert response.json()["code"] == "email_in_use"


async def test_connect_answers_the_connected_account(
    client: httpx.AsyncClient, services: Services, factory: Factory, oauth: FakeOAuth
) -> None:
    # given
    tenant = await factory.tenant()
    await configure(services, tenant, "google")
    member = await create_member(services, tenant)
    assert member.id is not None
    headers = bearer(await member_token(services, tenant, member.id))
    back = await _authorize(client, tenant, oauth, headers)

    # when
    response = await client.post(
        f"/api/{tenant.slug}/auth/social/google/connect",
        json={"code": back["code"], "state": back["state"]},
        headers=headers,
    )

    # then
    assert response.status_code == 200, response.text
    data: dict[str, Any] = response.json()["data"]
    assert set(data) == ACCOUNT_KEYS
    assert (data["provider"], data["email"], data["email_verified"]) == (
        "google",
        oauth.account.email,
        True,
    )


async def test_connect_needs_a_signed_in_member(
    client: httpx.AsyncClient, services: Services, factory: Factory, oauth: FakeOAuth
) -> None:
    tenant = await factory.tenant()
    await configure(services, tenant, "google")

    response = await client.post(
        f"/api/{tenant.slug}/auth/social/google/connect", json={"id_token": oauth.id_token()}
    )

    assert response.status_code == 401
    assert response.json() == {"message": "Unauthenticated.", "code": "unauthenticated"}


async def test_disconnect_answers_the_remaining_accounts_and_keeps_the_last_one(
    client: httpx.AsyncClient, services: Services, factory: Factory, oauth: FakeOAuth
) -> None:
    # given: a member signed up with Google, with Kakao connected too
    tenant = await factory.tenant()
    await configure(services, tenant, "google")
    await configure(services, tenant, "kakao")
    signed_in = await client.post(
        f"/api/{tenant.slug}/auth/social/google/token", json={"id_token": oauth.id_token()}
    )
    headers = bearer(signed_in.json()["data"]["token"])
    connected = await client.post(
        f"/api/{tenant.slug}/auth/social/kakao/connect",
        json={"access_token": oauth.access_token()},
        headers=headers,
    )
    assert connected.status_code == 200, connected.text
    url = f"/api/{tenant.slug}/auth/social/disconnect"

    # when
    first = await client.post(url, json={"provider": "google"}, headers=headers)
    last = await client.post(url, json={"provider": "kakao"}, headers=headers)

    # then
    assert first.status_code == 200
    assert [a["provider"] for a in first.json()["data"]["accounts"]] == ["kakao"]
    assert last.status_code == 409
    assert last.json()["code"] == "last_sign_in_method"
