from __future__ import annotations

import re
from datetime import timedelta
from urllib.parse import unquote

import httpx
from sqlmodel import col, func, select

from tenantry.auth.secrets import sha256
from tenantry.mail import wait_for_deliveries
from tenantry.models.mail import MailOutbox, MailStatus
from tenantry.models.member import PasswordReset
from tenantry.models.tenant import Tenant
from tenantry.serving.services import Services
from tests.conftest import Factory, TenantFixture
from tests.rest.platform.auth_support import register
from tests.support import PASSWORD, bearer, frozen_clock, load_member, new_email

LINK_SENT = {"message": "If that email address is registered, a password reset link has been sent."}
INVALID_TOKEN = {
    "message": "The given data was invalid.",
    "code": "parameter_invalid",
    "errors": {"token": ["This password reset token is invalid."]},
}
NEW_PASSWORD = "brand-new-pass-77"


async def _forgot(client: httpx.AsyncClient, tenant: TenantFixture, email: str) -> httpx.Response:
    response = await client.post(f"/api/{tenant.slug}/auth/forgot-password", json={"email": email})
    await wait_for_deliveries()
    return response


async def _outbox(services: Services, tenant: TenantFixture) -> list[MailOutbox]:
    async with services.db.unit(tenant.id) as uow:
        rows = await uow.session.scalars(select(MailOutbox).order_by(col(MailOutbox.id)))
        return list(rows.all())


async def _mailed_token(services: Services, tenant: TenantFixture) -> str:
    body = (await _outbox(services, tenant))[-1].body
    found = re.search(r"token=([^&\s]+)", body)
    assert found is not None, body
    return unquote(found.group(1))


async def _reset(
    client: httpx.AsyncClient,
    tenant: TenantFixture,
    *,
    token: str,
    email: str,
    password: str = NEW_PASSWORD,
    confirmation: str = NEW_PASSWORD,
) -> httpx.Response:
    return await client.post(
        f"/api/{tenant.slug}/auth/reset-password",
        json={
            "token": token,
            "email": email,
            "password": password,
            "password_confirmation": confirmation,
        },
    )


async def test_forgot_password_mails_a_reset_link_to_a_known_member(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    email = (await register(client, tenant))["member"]["email"]

    # when
    with frozen_clock(services) as clock:
        response = await _forgot(client, tenant, email)

    # then
    assert response.status_code == 200
    assert response.json() == LINK_SENT
    [mail] = await _outbox(services, tenant)
    assert (mail.to_address, mail.status, mail.attempts) == (email, MailStatus.LOGGED, 1)
    token = await _mailed_token(services, tenant)
    link = f"/api/{tenant.slug}/auth/reset-password?token="
    assert f"{services.settings.public_url}{link}" in mail.body
    async with services.db.unit(tenant.id) as uow:
        reset = await uow.session.scalar(select(PasswordReset))
    assert reset is not None
    assert reset.token_hash == sha256(token)
    assert reset.expires_at == clock.now() + timedelta(minutes=30)


async def test_forgot_password_answers_the_same_for_an_unknown_email(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()

    response = await _forgot(client, tenant, new_email())

    assert response.status_code == 200
    assert response.json() == LINK_SENT
    assert await _outbox(services, tenant) == []
    async with services.db.unit(tenant.id) as uow:
        assert await uow.session.scalar(select(func.count()).select_from(PasswordReset)) == 0


async def test_forgot_password_requires_a_valid_email(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    tenant = await factory.tenant()

    response = await client.post(f"/api/{tenant.slug}/auth/forgot-password", json={})

    assert response.status_code == 422
    assert response.json()["errors"] == {"email": ["The email field is required."]}


async def test_forgot_password_uses_the_tenants_reset_url(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    async with services.db.unit(None) as uow:
        row = await uow.session.scalar(select(Tenant).where(col(Tenant.id) == tenant.id))
        assert row is not None
        row.settings = {"password_reset_url": "https://shop.example.com/reset/{token}?e={email}"}
        await uow.commit()
    email = (await register(client, tenant))["member"]["email"]

    # when
    await _forgot(client, tenant, email)

    # then
    [mail] = await _outbox(services, tenant)
    found = re.search(r"https://shop\.example\.com/reset/(\S+)\?e=(\S+)", mail.body)
    assert found is not None, mail.body
    assert unquote(found.group(2)) == email
    async with services.db.unit(tenant.id) as uow:
        reset = await uow.session.scalar(select(PasswordReset))
    assert reset is not None
    assert reset.token_hash == sha256(unquote(found.group(1)))


async def test_reset_password_sets_the_new_password(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    email = (await register(client, tenant))["member"]["email"]
    await _forgot(client, tenant, email)
    token = await _mailed_token(services, tenant)

    # when
    response = await _reset(client, tenant, token=token, email=email)

    # then
    assert response.status_code == 200
    assert response.json() == {"message": "Your password has been reset."}
    login = f"/api/{tenant.slug}/auth/login"
    old = await client.post(login, json={"email": email, "password": PASSWORD})
    new = await client.post(login, json={"email": email, "password": NEW_PASSWORD})
    assert (old.status_code, new.status_code) == (401, 200)


async def test_reset_password_ends_every_session_and_the_lockout(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    registered = await register(client, tenant)
    email = registered["member"]["email"]
    for _ in range(services.settings.login_max_failures):
        await client.post(
            f"/api/{tenant.slug}/auth/login", json={"email": email, "password": "wrong-pass-1"}
        )
    await _forgot(client, tenant, email)
    token = await _mailed_token(services, tenant)

    # when
    await _reset(client, tenant, token=token, email=email)

    # then
    member = await load_member(services, tenant, registered["member"]["id"])
    assert (member.failed_logins, member.locked_until) == (0, None)
    refresh = await client.post(
        f"/api/{tenant.slug}/auth/refresh", json={"refresh_token": registered["refresh_token"]}
    )
    assert refresh.status_code == 401
    me = await client.get(f"/api/{tenant.slug}/auth/me", headers=bearer(registered["token"]))
    assert (me.status_code, me.json()["code"]) == (401, "token_revoked")


async def test_a_reset_token_works_only_once(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    email = (await register(client, tenant))["member"]["email"]
    await _forgot(client, tenant, email)
    token = await _mailed_token(services, tenant)
    await _reset(client, tenant, token=token, email=email)

    # when
    again = await _reset(client, tenant, token=token, email=email)

    # then
    assert again.status_code == 422
    assert again.json() == INVALID_TOKEN


async def test_a_reset_token_expires_after_thirty_minutes(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    email = (await register(client, tenant))["member"]["email"]
    with frozen_clock(services) as clock:
        await _forgot(client, tenant, email)
        token = await _mailed_token(services, tenant)
        clock.advance(services.settings.reset_token_ttl + 1)

        # when
        response = await _reset(client, tenant, token=token, email=email)

    # then
    assert response.status_code == 422
    assert response.json() == INVALID_TOKEN


async def test_an_unknown_reset_token_is_rejected(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    tenant = await factory.tenant()
    email = (await register(client, tenant))["member"]["email"]

    response = await _reset(client, tenant, token="not-a-real-token", email=email)

    assert response.status_code == 422
    assert response.json() == INVALID_TOKEN


async def test_a_reset_token_is_bound_to_its_email(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    email = (await register(client, tenant))["member"]["email"]
    other = (await register(client, tenant))["member"]["email"]
    await _forgot(client, tenant, email)
    token = await _mailed_token(services, tenant)

    # when
    response = await _reset(client, tenant, token=token, email=other)

    # then
    assert response.status_code == 422
    assert response.json() == INVALID_TOKEN


async def test_reset_password_requires_a_matching_confirmation(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    tenant = await factory.tenant()

    response = await _reset(
        client, tenant, token="t", email=new_email(), confirmation="something-else"
    )

    assert response.status_code == 422
    assert response.json() == {
        "message": "The given data was invalid.",
        "code": "parameter_invalid",
        "errors": {"password": ["The password field confirmation does not match."]},
    }


async def test_reset_password_names_every_missing_field(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    tenant = await factory.tenant()

    response = await client.post(f"/api/{tenant.slug}/auth/reset-password", json={})

    assert response.status_code == 422
    assert response.json()["errors"] == {
        "token": ["The token field is required."],
        "email": ["The email field is required."],
        "password": ["The password field is required."],
    }


async def test_a_reset_keeps_other_tenants_members_untouched(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    first, second = await factory.tenant(), await factory.tenant()
    email = new_email()
    await register(client, first, email=email)
    in_second = await register(client, second, email=email)
    await _forgot(client, first, email)
    token = await _mailed_token(services, first)

    # when
    wrong_tenant = await _reset(client, second, token=token, email=email)

    # then
    assert wrong_tenant.status_code == 422
    me = await client.get(f"/api/{second.slug}/auth/me", headers=bearer(in_second["token"]))
    assert me.status_code == 200
