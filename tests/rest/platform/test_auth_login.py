from __future__ import annotations

import httpx

from tenantry.serving.services import Services
from tests.conftest import Factory
from tests.rest.platform.auth_support import register
from tests.support import PASSWORD, bearer, frozen_clock, load_member, new_email

BAD_CREDENTIALS = {
    "message": "These credentials do not match our records.",
    "code": "invalid_credentials",
}


async def test_login_answers_the_member_and_a_token_pair(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    # given
    tenant = await factory.tenant()
    email = new_email()
    registered = await register(client, tenant, email=email, name="Ann")

    # when
    response = await client.post(
        f"/api/{tenant.slug}/auth/login", json={"email": email.upper(), "password": PASSWORD}
    )

    # then
    assert response.status_code == 200
    data = response.json()["data"]
    assert data["member"]["id"] == registered["member"]["id"]
    assert data["member"]["email"] == email
    assert data["member"]["name"] == "Ann"
    assert (data["token_type"], data["expires_in"]) == ("Bearer", 3600)
    me = await client.get(f"/api/{tenant.slug}/auth/me", headers=bearer(data["token"]))
    assert me.status_code == 200


async def test_login_names_every_missing_field(client: httpx.AsyncClient, factory: Factory) -> None:
    tenant = await factory.tenant()

    response = await client.post(f"/api/{tenant.slug}/auth/login", json={})

    assert response.status_code == 422
    assert response.json() == {
        "message": "The given data was invalid.",
        "code": "parameter_missing",
        "errors": {
            "email": ["The email field is required."],
            "password": ["The password field is required."],
        },
    }


async def test_wrong_password_is_401_and_counted(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    registered = await register(client, tenant)
    email = registered["member"]["email"]

    # when
    responses = [
        await client.post(
            f"/api/{tenant.slug}/auth/login", json={"email": email, "password": "wrong-pass-1"}
        )
        for _ in range(2)
    ]

    # then
    assert [r.status_code for r in responses] == [401, 401]
    assert responses[-1].json() == BAD_CREDENTIALS
    member = await load_member(services, tenant, registered["member"]["id"])
    assert member.failed_logins == 2


async def test_unknown_email_is_401(client: httpx.AsyncClient, factory: Factory) -> None:
    tenant = await factory.tenant()

    response = await client.post(
        f"/api/{tenant.slug}/auth/login", json={"email": new_email(), "password": PASSWORD}
    )

    assert response.status_code == 401
    assert response.json() == BAD_CREDENTIALS


async def test_five_failures_lock_the_account_even_for_the_right_password(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    registered = await register(client, tenant)
    email = registered["member"]["email"]
    url = f"/api/{tenant.slug}/auth/login"
    with frozen_clock(services) as clock:
        failures = [
            (await client.post(url, json={"email": email, "password": "wrong-pass-1"})).status_code
            for _ in range(services.settings.login_max_failures)
        ]
        clock.advance(100)

        # when
        response = await client.post(url, json={"email": email, "password": PASSWORD})

    # then
    assert failures == [401] * services.settings.login_max_failures
    seconds = services.settings.login_lockout_seconds - 100
    assert response.status_code == 429
    assert response.headers["Retry-After"] == str(seconds)
    assert response.json() == {
        "message": f"Too many login attempts. Please try again in {seconds} seconds.",
        "code": "rate_limit_exceeded",
    }
    member = await load_member(services, tenant, registered["member"]["id"])
    assert member.failed_logins == services.settings.login_max_failures


async def test_login_is_possible_again_after_the_lockout(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    registered = await register(client, tenant)
    email = registered["member"]["email"]
    url = f"/api/{tenant.slug}/auth/login"
    with frozen_clock(services) as clock:
        for _ in range(services.settings.login_max_failures):
            await client.post(url, json={"email": email, "password": "wrong-pass-1"})
        clock.advance(services.settings.login_lockout_seconds + 1)

        # when
        response = await client.post(url, json={"email": email, "password": PASSWORD})

    # then
    assert response.status_code == 200
