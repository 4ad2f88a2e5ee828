"""One row of every reservations model, for tests that must cover every tenant-owned model."""

from __future__ import annotations

import secrets
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import TypeVar

from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import SQLModel

from tenantry.models.reservations import (
    Reservation,
    ReservationService,
    ReservationServiceStaff,
    ReservationSettings,
    ReservationSlot,
    ReservationStaff,
    StaffHours,
    StaffTimeOff,
)

M = TypeVar("M", bound=SQLModel)
START = datetime(2030, 1, 7, 9, tzinfo=UTC)


async def _add(session: AsyncSession, row: M) -> M:
    session.add(row)
    await session.flush()
    return row


async def _service(session: AsyncSession, tenant_id: int) -> ReservationService:
    return await _add(
        session, ReservationService(tenant_id=tenant_id, name="S", duration_minutes=30)
    )


async def _person(session: AsyncSession, tenant_id: int) -> ReservationStaff:
    return await _add(session, ReservationStaff(tenant_id=tenant_id, name="P"))


async def _link(session: AsyncSession, tenant_id: int) -> ReservationServiceStaff:
    service = await _service(session, tenant_id)
    person = await _person(session, tenant_id)
    assert service.id is not None
    assert person.id is not None
    return await _add(
        session,
        ReservationServiceStaff(tenant_id=tenant_id, service_id=service.id, staff_id=person.id),
    )


async def _hours(session: AsyncSession, tenant_id: int) -> StaffHours:
    person = await _person(session, tenant_id)
    assert person.id is not None
    row = StaffHours(
        tenant_id=tenant_id, staff_id=person.id, weekday=1, start_time="09:00", end_time="18:00"
    )
    return await _add(session, row)


async def _time_off(session: AsyncSession, tenant_id: int) -> StaffTimeOff:
    person = await _person(session, tenant_id)
    assert person.id is not None
    row = StaffTimeOff(
        tenant_id=tenant_id, staff_id=person.id, starts_at=START, ends_at=START + timedelta(hours=1)
    )
    return await _add(session, row)


async def _reservation(session: AsyncSession, tenant_id: int) -> Reservation:
    service = await _service(session, tenant_id)
    person = await _person(session, tenant_id)
    assert service.id is not None
    assert person.id is not None
    number = f"RSV-20300107-{secrets.token_hex(3).upper()}"
    end = START + timedelta(minutes=30)
    row = Reservation(
        tenant_id=tenant_id,
        number=number,
        service_id=service.id,
        staff_id=person.id,
        name="G",
        phone="010",
        local_date="2030-01-07",
        local_time="09:00",
        starts_at=START,
        ends_at=end,
        blocked_from=START,
        blocked_until=end,
        slot_key=number,
    )
    return await _add(session, row)


async def _slot(session: AsyncSession, tenant_id: int) -> ReservationSlot:
    person = await _person(session, tenant_id)
    assert person.id is not None
    return await _add(
        session, ReservationSlot(tenant_id=tenant_id, staff_id=person.id, starts_at=START)
    )


RESERVATION_FACTORIES: dict[type[SQLModel], Callable[[AsyncSession, int], Awaitable[SQLModel]]] = {
    ReservationSettings: lambda s, t: _add(s, ReservationSettings(tenant_id=t, timezone="UTC")),
    ReservationService: _service,
    ReservationStaff: _person,
    ReservationServiceStaff: _link,
    StaffHours: _hours,
    StaffTimeOff: _time_off,
    Reservation: _reservation,
    ReservationSlot: _slot,
}
