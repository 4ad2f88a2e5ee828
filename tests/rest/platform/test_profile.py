from __future__ import annotations

from typing import Any

import httpx

from tests.conftest import Factory, TenantFixture
from tests.rest.platform.auth_support import register
from tests.support import PASSWORD, bearer

NEW_PASSWORD = "brand-new-pass-77"


async def _put(
    client: httpx.AsyncClient, tenant: TenantFixture, token: str, body: dict[str, Any]
) -> httpx.Response:
    return await client.put(f"/api/{tenant.slug}/profile", json=body, headers=bearer(token))


async def test_profile_answers_the_signed_in_member(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    tenant = await factory.tenant()
    registered = await register(client, tenant, name="Ann")

    response = await client.get(f"/api/{tenant.slug}/profile", headers=bearer(registered["token"]))

    assert response.status_code == 200
    assert response.json() == {"data": registered["member"]}


async def test_profile_without_a_token_is_401(client: httpx.AsyncClient, factory: Factory) -> None:
    tenant = await factory.tenant()

    read = await client.get(f"/api/{tenant.slug}/profile")
    write = await client.put(f"/api/{tenant.slug}/profile", json={"name": "X"})

    assert (read.status_code, write.status_code) == (401, 401)
    assert write.json() == {"message": "Unauthenticated.", "code": "unauthenticated"}


async def test_update_profile_changes_the_given_fields_only(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    # given
    tenant = await factory.tenant()
    registered = await register(client, tenant, name="Ann", phone="010-1111")

    # when
    response = await _put(
        client,
        tenant,
        registered["token"],
        {
            "name": "Ann Lee",
            "birth_date": "1990-04-01",
            "avatar_url": "https://cdn.example.com/ann.png",
        },
    )

    # then
    assert response.status_code == 200
    data = response.json()["data"]
    assert data["name"] == "Ann Lee"
    assert data["phone"] == "010-1111"
    assert data["birth_date"] == "1990-04-01"
    assert data["avatar_url"] == "https://cdn.example.com/ann.png"
    assert data["updated_at"] >= registered["member"]["updated_at"]
    again = await client.get(f"/api/{tenant.slug}/profile", headers=bearer(registered["token"]))
    assert again.json() == {"data": data}


async def test_update_profile_clears_a_field_set_to_null(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    tenant = await factory.tenant()
    registered = await register(client, tenant, phone="010-1111")

    response = await _put(client, tenant, registered["token"], {"phone": None})

    assert response.json()["data"]["phone"] is None


async def test_update_profile_rejects_invalid_values(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    tenant = await factory.tenant()
    registered = await register(client, tenant)

    response = await _put(
        client,
        tenant,
        registered["token"],
        {"birth_date": "not-a-date", "avatar_url": "javascript:alert(1)"},
    )

    assert response.status_code == 422
    assert response.json() == {
        "message": "The given data was invalid.",
        "code": "parameter_invalid",
        "errors": {
            "birth_date": ["The birth date field must be a valid date."],
            "avatar_url": ["The avatar url field must be a valid URL."],
        },
    }


async def test_changing_the_password_needs_the_current_one(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    # given
    tenant = await factory.tenant()
    registered = await register(client, tenant)

    # when
    response = await _put(
        client,
        tenant,
        registered["token"],
        {
            "current_password": "not-my-password",
            "password": NEW_PASSWORD,
            "password_confirmation": NEW_PASSWORD,
        },
    )

    # then
    assert response.status_code == 422
    assert response.json() == {
        "message": "The given data was invalid.",
        "code": "parameter_invalid",
        "errors": {"current_password": ["The current password is incorrect."]},
    }


async def test_changing_the_password_without_the_current_one_is_rejected(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    tenant = await factory.tenant()
    registered = await register(client, tenant)

    response = await _put(
        client,
        tenant,
        registered["token"],
        {"password": NEW_PASSWORD, "password_confirmation": "different-pass-1"},
    )

    assert response.status_code == 422
    assert response.json()["errors"] == {
        "current_password": ["The current password field is required."],
        "password": ["The password field confirmation does not match."],
    }


async def test_changing_the_password_ends_the_other_sessions(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    # given
    tenant = await factory.tenant()
    registered = await register(client, tenant)
    email = registered["member"]["email"]
    other = await client.post(
        f"/api/{tenant.slug}/auth/login", json={"email": email, "password": PASSWORD}
    )

    # when
    response = await _put(
        client,
        tenant,
        registered["token"],
        {
            "current_password": PASSWORD,
            "password": NEW_PASSWORD,
            "password_confirmation": NEW_PASSWORD,
        },
    )

    # then
    assert response.status_code == 200
    refresh = f"/api/{tenant.slug}/auth/refresh"
    kept = await client.post(refresh, json={"refresh_token": registered["refresh_token"]})
    ended = await client.post(
        refresh, json={"refresh_token": other.json()["data"]["refresh_token"]}
    )
    assert (kept.status_code, ended.status_code) == (200, 401)
    me = f"/api/{tenant.slug}/auth/me"
    mine = await client.get(me, headers=bearer(registered["token"]))
    theirs = await client.get(me, headers=bearer(other.json()["data"]["token"]))
    assert (mine.status_code, theirs.status_code) == (200, 401)
    login = await client.post(
        f"/api/{tenant.slug}/auth/login", json={"email": email, "password": NEW_PASSWORD}
    )
    assert login.status_code == 200
