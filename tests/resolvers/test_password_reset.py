from __future__ import annotations

import re
import time
from dataclasses import replace
from urllib.parse import unquote

import pytest
from sqlmodel import col, select

from tenantry.auth.secrets import sha256
from tenantry.core.errors import ValidationFailed
from tenantry.mail import Mailer, wait_for_deliveries
from tenantry.models.mail import MailOutbox
from tenantry.models.member import Member, PasswordReset
from tenantry.resolvers import password_reset
from tenantry.serving.services import Services
from tests.conftest import Factory, TenantFixture
from tests.support import FixedClock, create_member, make_ctx

NEW_PASSWORD = "brand-new-pass-77"


async def _request_reset(
    services: Services, tenant: TenantFixture, member: Member, clock: FixedClock
) -> str:
    """Asks for a reset link and returns the token mailed for it."""
    ctx = make_ctx(services, tenant, clock=clock)
    async with services.db.unit(tenant.id) as uow:
        await password_reset.request_password_reset(
            uow.session,
            ctx=ctx,
            data=password_reset.ForgotPasswordIn(email=member.email),
            mailer=Mailer(services.db, services.settings),
        )
        await uow.commit()
    await wait_for_deliveries()
    async with services.db.unit(tenant.id) as uow:
        mail = await uow.session.scalar(
            select(MailOutbox).order_by(col(MailOutbox.id).desc()).limit(1)
        )
    assert mail is not None
    found = re.search(r"token=([^&\s]+)", mail.body)
    assert found is not None
    return unquote(found.group(1))


async def _reset(
    services: Services, tenant: TenantFixture, member: Member, token: str, clock: FixedClock
) -> Member:
    ctx = make_ctx(services, tenant, clock=clock)
    data = password_reset.ResetPasswordIn(
        token=token, email=member.email, password=NEW_PASSWORD, password_confirmation=NEW_PASSWORD
    )
    async with services.db.unit(tenant.id) as uow:
        reset = await password_reset.reset_password(uow.session, ctx=ctx, data=data)
        await uow.commit()
    return reset


async def test_only_the_hash_of_the_token_is_stored(services: Services, factory: Factory) -> None:
    # given
    tenant = await factory.tenant()
    member = await create_member(services, tenant)

    # when
    token = await _request_reset(services, tenant, member, FixedClock())

    # then
    async with services.db.unit(tenant.id) as uow:
        hashes = (await uow.session.scalars(select(PasswordReset.token_hash))).all()
    assert hashes == [sha256(token)]


async def test_the_token_is_valid_until_its_last_second(
    services: Services, factory: Factory
) -> None:
    # given
    tenant = await factory.tenant()
    member = await create_member(services, tenant)
    clock = FixedClock()
    token = await _request_reset(services, tenant, member, clock)
    clock.advance(services.settings.reset_token_ttl - 1)

    # when
    reset = await _reset(services, tenant, member, token, clock)

    # then
    assert reset.id == member.id


async def test_the_token_expires_after_its_time_to_live(
    services: Services, factory: Factory
) -> None:
    # given
    tenant = await factory.tenant()
    member = await create_member(services, tenant)
    clock = FixedClock()
    token = await _request_reset(services, tenant, member, clock)
    clock.advance(services.settings.reset_token_ttl)

    # when / then
    with pytest.raises(ValidationFailed) as raised:
        await _reset(services, tenant, member, token, clock)
    assert raised.value.fields == {"token": ["This password reset token is invalid."]}


async def test_a_new_request_replaces_the_earlier_link(
    services: Services, factory: Factory
) -> None:
    # given
    tenant = await factory.tenant()
    member = await create_member(services, tenant)
    clock = FixedClock()
    first = await _request_reset(services, tenant, member, clock)
    second = await _request_reset(services, tenant, member, clock)

    # when / then
    with pytest.raises(ValidationFailed):
        await _reset(services, tenant, member, first, clock)
    await _reset(services, tenant, member, second, clock)


async def test_reset_link_defaults_to_the_api_url(services: Services, factory: Factory) -> None:
    tenant = await factory.tenant()
    ctx = make_ctx(services, tenant)

    link = password_reset.reset_link(ctx, token="abc", email="a+b@example.com")

    assert link == (
        f"{services.settings.public_url}/api/{tenant.slug}/auth/reset-password"
        "?token=abc&email=a%2Bb%40example.com"
    )


async def test_reset_link_fills_the_tenants_template_literally(
    services: Services, factory: Factory
) -> None:
    # given
    tenant = await factory.tenant()
    template = "https://shop.example.com/reset?t={token}&e={email}&x={0.__class__}"
    info = replace(tenant.info, settings={"password_reset_url": template})
    ctx = replace(make_ctx(services, tenant), tenant=info)

    # when
    link = password_reset.reset_link(ctx, token="abc", email="a+b@example.com")

    # then
    assert link == "https://shop.example.com/reset?t=abc&e=a%2Bb%40example.com&x={0.__class__}"


@pytest.mark.parametrize("known", [True, False])
async def test_asking_for_a_reset_takes_the_floor_whether_or_not_the_address_is_known(
    services: Services, factory: Factory, known: bool
) -> None:
    # given: a floor well above the work either path does
    tenant = await factory.tenant()
    member = await create_member(services, tenant)
    ctx = make_ctx(services, tenant)
    ctx = replace(
        ctx, settings=ctx.settings.model_copy(update={"account_answer_floor_seconds": 0.3})
    )
    email = member.email if known else "nobody@example.com"

    # when
    started = time.perf_counter()
    async with services.db.unit(tenant.id) as uow:
        await password_reset.request_password_reset(
            uow.session,
            ctx=ctx,
            data=password_reset.ForgotPasswordIn(email=email),
            mailer=Mailer(services.db, services.settings),
        )
        await uow.commit()
    took = time.perf_counter() - started
    await wait_for_deliveries()

    # then: never sooner than the floor (the upper side is the work, not asserted)
    assert took >= 0.3
