from __future__ import annotations

import pytest

from tenantry.auth.principal import Principal, PrincipalKind
from tenantry.core.context import Ctx
from tenantry.core.errors import DomainError, RateLimited, Unauthenticated
from tenantry.models.tenant import Staff, StaffRole
from tenantry.resolvers import staff_auth
from tenantry.serving.services import Services
from tests.conftest import Factory, TenantFixture
from tests.support import FixedClock

PASSWORD = "staff-pass-123"


@pytest.fixture
async def tenant(factory: Factory) -> TenantFixture:
    return await factory.tenant()


@pytest.fixture
def clock(services: Services) -> FixedClock:
    return FixedClock(services.clock.now())


def _ctx(
    services: Services, tenant: TenantFixture, clock: FixedClock, principal: Principal | None = None
) -> Ctx:
    return Ctx(
        tenant=tenant.info,
        settings=services.settings,
        clock=clock,
        principal=principal or Principal(),
    )


async def _login(
    services: Services, tenant: TenantFixture, clock: FixedClock, email: str, password: str
) -> Staff:
    """Logs in inside one unit that commits or rolls back the way the edges do."""
    data = staff_auth.StaffLoginIn(email=email, password=password)
    async with services.db.unit(tenant.id) as uow:
        try:
            staff = await staff_auth.authenticate_staff(
                uow.session, ctx=_ctx(services, tenant, clock), data=data
            )
        except DomainError as exc:
            await (uow.commit() if exc.keep_changes else uow.rollback())
            raise
        await uow.commit()
    return staff


async def _load(services: Services, tenant: TenantFixture, staff_id: int) -> Staff:
    async with services.db.unit(tenant.id) as uow:
        staff = await uow.session.get(Staff, staff_id)
    assert staff is not None
    return staff


async def _fail(
    services: Services, tenant: TenantFixture, clock: FixedClock, email: str, times: int
) -> None:
    for _ in range(times):
        with pytest.raises(Unauthenticated):
            await _login(services, tenant, clock, email, "wrong-password")


async def test_authenticate_returns_the_staff_and_records_the_login(
    services: Services, factory: Factory, tenant: TenantFixture, clock: FixedClock
) -> None:
    # given
    staff_id, email = await factory.staff(tenant, role=StaffRole.OWNER)
    # when
    staff = await _login(services, tenant, clock, email.upper(), PASSWORD)
    # then
    assert (staff.id, staff.role) == (staff_id, StaffRole.OWNER)
    stored = await _load(services, tenant, staff_id)
    assert stored.last_login_at == clock.now()
    assert stored.failed_logins == 0


async def test_a_wrong_password_is_refused_and_counted(
    services: Services, factory: Factory, tenant: TenantFixture, clock: FixedClock
) -> None:
    # given
    staff_id, email = await factory.staff(tenant)
    # when
    with pytest.raises(Unauthenticated) as raised:
        await _login(services, tenant, clock, email, "wrong-password")
    # then
    assert raised.value.message == "These credentials do not match our records."
    assert raised.value.keep_changes
    assert (await _load(services, tenant, staff_id)).failed_logins == 1


async def test_an_unknown_email_is_refused(
    services: Services, tenant: TenantFixture, clock: FixedClock
) -> None:
    with pytest.raises(Unauthenticated):
        await _login(services, tenant, clock, "nobody@example.com", PASSWORD)


async def test_staff_of_another_tenant_cannot_log_in(
    services: Services, factory: Factory, tenant: TenantFixture, clock: FixedClock
) -> None:
    # given
    other = await factory.tenant()
    _, email = await factory.staff(other)
    # when / then
    with pytest.raises(Unauthenticated):
        await _login(services, tenant, clock, email, PASSWORD)


async def test_five_failures_lock_the_account(
    services: Services, factory: Factory, tenant: TenantFixture, clock: FixedClock
) -> None:
    # given
    _, email = await factory.staff(tenant)
    await _fail(services, tenant, clock, email, 5)
    # when
    with pytest.raises(RateLimited) as raised:
        await _login(services, tenant, clock, email, PASSWORD)
    # then
    assert raised.value.retry_after == services.settings.login_lockout_seconds


async def test_four_failures_do_not_lock_the_account(
    services: Services, factory: Factory, tenant: TenantFixture, clock: FixedClock
) -> None:
    # given
    staff_id, email = await factory.staff(tenant)
    await _fail(services, tenant, clock, email, 4)
    # when
    staff = await _login(services, tenant, clock, email, PASSWORD)
    # then
    assert staff.id == staff_id
    assert (await _load(services, tenant, staff_id)).failed_logins == 0


async def test_the_lockout_ends_after_the_lockout_period(
    services: Services, factory: Factory, tenant: TenantFixture, clock: FixedClock
) -> None:
    # given
    staff_id, email = await factory.staff(tenant)
    await _fail(services, tenant, clock, email, 5)
    clock.advance(services.settings.login_lockout_seconds + 1)
    # when
    staff = await _login(services, tenant, clock, email, PASSWORD)
    # then
    assert staff.id == staff_id
    stored = await _load(services, tenant, staff_id)
    assert (stored.failed_logins, stored.locked_until) == (0, None)


async def test_an_inactive_staff_account_is_refused(
    services: Services, factory: Factory, tenant: TenantFixture, clock: FixedClock
) -> None:
    # given
    staff_id, email = await factory.staff(tenant)
    async with services.db.unit(tenant.id) as uow:
        staff = await uow.session.get(Staff, staff_id)
        assert staff is not None
        staff.is_active = False
        await uow.commit()
    # when / then
    with pytest.raises(Unauthenticated):
        await _login(services, tenant, clock, email, PASSWORD)


async def test_current_staff_is_the_principals_account(
    services: Services, factory: Factory, tenant: TenantFixture, clock: FixedClock
) -> None:
    # given
    staff_id, _ = await factory.staff(tenant)
    principal = Principal(kind=PrincipalKind.STAFF, staff_id=staff_id, staff_role=StaffRole.ADMIN)
    # when
    async with services.db.unit(tenant.id) as uow:
        staff = await staff_auth.current_staff(
            uow.session, ctx=_ctx(services, tenant, clock, principal)
        )
    # then
    assert staff.id == staff_id


async def test_current_staff_refuses_a_member(
    services: Services, tenant: TenantFixture, clock: FixedClock
) -> None:
    principal = Principal(kind=PrincipalKind.MEMBER, member_id=1)
    async with services.db.unit(tenant.id) as uow:
        with pytest.raises(Unauthenticated):
            await staff_auth.current_staff(
                uow.session, ctx=_ctx(services, tenant, clock, principal)
            )


async def test_current_staff_refuses_another_tenants_staff(
    services: Services, factory: Factory, tenant: TenantFixture, clock: FixedClock
) -> None:
    # given
    other = await factory.tenant()
    staff_id, _ = await factory.staff(other)
    principal = Principal(kind=PrincipalKind.STAFF, staff_id=staff_id, staff_role=StaffRole.ADMIN)
    # when / then
    async with services.db.unit(tenant.id) as uow:
        with pytest.raises(Unauthenticated):
            await staff_auth.current_staff(
                uow.session, ctx=_ctx(services, tenant, clock, principal)
            )
