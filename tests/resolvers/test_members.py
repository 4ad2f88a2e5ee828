from __future__ import annotations

import pytest
from sqlmodel import col, select

from tenantry.auth.passwords import verify_password
from tenantry.core.errors import (
    DomainError,
    NotFound,
    RateLimited,
    Unauthenticated,
    ValidationFailed,
)
from tenantry.models.member import Member
from tenantry.resolvers import members
from tenantry.serving.services import Services
from tests.conftest import Factory, TenantFixture
from tests.support import PASSWORD, FixedClock, create_member, load_member, make_ctx, new_email


async def _login(
    services: Services,
    tenant: TenantFixture,
    email: str,
    password: str,
    clock: FixedClock | None = None,
) -> Member:
    """Logs in inside one unit that commits or rolls back the way the edges do."""
    ctx = make_ctx(services, tenant, clock=clock)
    data = members.LoginIn(email=email, password=password)
    async with services.db.unit(tenant.id) as uow:
        try:
            member = await members.authenticate_member(uow.session, ctx=ctx, data=data)
        except DomainError as exc:
            await (uow.commit() if exc.keep_changes else uow.rollback())
            raise
        await uow.commit()
    return member


async def test_register_stores_a_lowercased_email_and_a_password_hash(
    services: Services, factory: Factory
) -> None:
    # given
    tenant = await factory.tenant()
    email = new_email("Mixed.Case").replace("example.com", "Example.COM")

    # when
    member = await create_member(services, tenant, email=email, name="Ann")

    # then
    stored = await load_member(services, tenant, member.id or 0)
    assert stored.email == email.lower()
    assert stored.password_hash != PASSWORD
    assert await verify_password(PASSWORD, stored.password_hash)


async def test_register_rejects_an_email_taken_in_the_same_tenant(
    services: Services, factory: Factory
) -> None:
    # given
    tenant = await factory.tenant()
    email = new_email()
    await create_member(services, tenant, email=email)

    # when / then
    with pytest.raises(ValidationFailed) as raised:
        await create_member(services, tenant, email=email.upper())
    assert raised.value.fields == {"email": ["The email has already been taken."]}


async def test_register_accepts_the_same_email_in_another_tenant(
    services: Services, factory: Factory
) -> None:
    # given
    first, second = await factory.tenant(), await factory.tenant()
    email = new_email()
    await create_member(services, first, email=email)

    # when
    member = await create_member(services, second, email=email)

    # then
    assert member.tenant_id == second.id


async def test_register_rejects_a_short_password(services: Services, factory: Factory) -> None:
    tenant = await factory.tenant()

    with pytest.raises(ValidationFailed) as raised:
        await create_member(services, tenant, password="short")

    assert raised.value.fields == {
        "password": ["The password field must be at least 8 characters."]
    }


async def test_login_resets_the_failure_counter_and_records_the_time(
    services: Services, factory: Factory
) -> None:
    # given
    tenant = await factory.tenant()
    clock = FixedClock()
    member = await create_member(services, tenant)
    with pytest.raises(Unauthenticated):
        await _login(services, tenant, member.email, "wrong-password")

    # when
    await _login(services, tenant, member.email, PASSWORD, clock)

    # then
    stored = await load_member(services, tenant, member.id or 0)
    assert stored.failed_logins == 0
    assert stored.last_login_at == clock.now()


async def test_wrong_password_is_counted_although_the_login_fails(
    services: Services, factory: Factory
) -> None:
    # given
    tenant = await factory.tenant()
    member = await create_member(services, tenant)

    # when
    for _ in range(2):
        with pytest.raises(Unauthenticated) as raised:
            await _login(services, tenant, member.email, "wrong-password")

    # then
    assert raised.value.message == "These credentials do not match our records."
    assert raised.value.keep_changes
    stored = await load_member(services, tenant, member.id or 0)
    assert stored.failed_logins == 2
    assert stored.locked_until is None


async def test_unknown_email_fails_like_a_wrong_password(
    services: Services, factory: Factory
) -> None:
    tenant = await factory.tenant()

    with pytest.raises(Unauthenticated) as raised:
        await _login(services, tenant, new_email(), PASSWORD)

    assert raised.value.message == "These credentials do not match our records."


async def test_fifth_failure_locks_the_account_even_for_the_right_password(
    services: Services, factory: Factory
) -> None:
    # given
    tenant = await factory.tenant()
    clock = FixedClock()
    member = await create_member(services, tenant)
    for _ in range(services.settings.login_max_failures):
        with pytest.raises(Unauthenticated):
            await _login(services, tenant, member.email, "wrong-password", clock)
    clock.advance(60)

    # when
    with pytest.raises(RateLimited) as raised:
        await _login(services, tenant, member.email, PASSWORD, clock)

    # then
    seconds = services.settings.login_lockout_seconds - 60
    assert raised.value.retry_after == seconds
    assert raised.value.message == (
        f"Too many login attempts. Please try again in {seconds} seconds."
    )


async def test_login_works_again_once_the_lockout_has_run_out(
    services: Services, factory: Factory
) -> None:
    # given
    tenant = await factory.tenant()
    clock = FixedClock()
    member = await create_member(services, tenant)
    for _ in range(services.settings.login_max_failures):
        with pytest.raises(Unauthenticated):
            await _login(services, tenant, member.email, "wrong-password", clock)
    clock.advance(services.settings.login_lockout_seconds)

    # when
    await _login(services, tenant, member.email, PASSWORD, clock)

    # then
    stored = await load_member(services, tenant, member.id or 0)
    assert (stored.failed_logins, stored.locked_until) == (0, None)


async def test_a_failure_after_the_lockout_starts_a_new_count(
    services: Services, factory: Factory
) -> None:
    # given
    tenant = await factory.tenant()
    clock = FixedClock()
    member = await create_member(services, tenant)
    for _ in range(services.settings.login_max_failures):
        with pytest.raises(Unauthenticated):
            await _login(services, tenant, member.email, "wrong-password", clock)
    clock.advance(services.settings.login_lockout_seconds)

    # when
    with pytest.raises(Unauthenticated):
        await _login(services, tenant, member.email, "wrong-password", clock)

    # then
    stored = await load_member(services, tenant, member.id or 0)
    assert (stored.failed_logins, stored.locked_until) == (1, None)


async def test_inactive_member_cannot_log_in(services: Services, factory: Factory) -> None:
    # given
    tenant = await factory.tenant()
    member = await create_member(services, tenant)
    async with services.db.unit(tenant.id) as uow:
        stored = await uow.session.scalar(select(Member).where(col(Member.id) == member.id))
        assert stored is not None
        stored.is_active = False
        await uow.commit()

    # when / then
    with pytest.raises(Unauthenticated):
        await _login(services, tenant, member.email, PASSWORD)


async def test_current_member_requires_a_member_principal(
    services: Services, factory: Factory
) -> None:
    tenant = await factory.tenant()

    async with services.db.unit(tenant.id) as uow:
        with pytest.raises(Unauthenticated):
            await members.current_member(uow.session, ctx=make_ctx(services, tenant))


async def test_logout_requires_a_token(services: Services, factory: Factory) -> None:
    tenant = await factory.tenant()

    async with services.db.unit(tenant.id) as uow:
        with pytest.raises(Unauthenticated):
            await members.logout(uow.session, ctx=make_ctx(services, tenant))


async def test_find_email_masks_the_matching_address(services: Services, factory: Factory) -> None:
    # given
    tenant = await factory.tenant()
    await create_member(
        services, tenant, email="johnny@example.com", name="John", phone="010-1234-5678"
    )
    data = members.FindEmailIn(name="John", phone="010-1234-5678")

    # when
    async with services.db.unit(tenant.id) as uow:
        masked = await members.find_member_email(
            uow.session, ctx=make_ctx(services, tenant), data=data
        )

    # then
    assert masked == "jo****@example.com"


async def test_find_email_without_a_match_is_not_found(
    services: Services, factory: Factory
) -> None:
    tenant = await factory.tenant()
    data = members.FindEmailIn(name="Nobody", phone="000")

    async with services.db.unit(tenant.id) as uow:
        with pytest.raises(NotFound):
            await members.find_member_email(uow.session, ctx=make_ctx(services, tenant), data=data)


@pytest.mark.parametrize(
    ("email", "masked"),
    [("johnny@example.com", "jo****@example.com"), ("ab@example.com", "a****@example.com")],
)
def test_mask_email_hides_the_local_part(email: str, masked: str) -> None:
    assert members.mask_email(email) == masked
