"""Loading what availability needs (a fixed handful of statements, whatever the range) and
answering the available dates and slots."""

from __future__ import annotations

import calendar as months
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select as columns
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from tenantry.core.context import Ctx
from tenantry.core.errors import ValidationFailed
from tenantry.models.reservations import (
    ACTIVE_STATUSES,
    Reservation,
    ReservationService,
    ReservationServiceStaff,
    ReservationSettings,
    ReservationStaff,
    StaffHours,
    StaffTimeOff,
)
from tenantry.resolvers.reservations.availability import (
    Booked,
    Calendar,
    Shape,
    Slot,
    WorkRange,
    parse_hhmm,
)
from tenantry.resolvers.reservations.inputs import MonthQuery, SlotQuery
from tenantry.resolvers.reservations.settings import get_reservation_settings, rules_of

# Bookings and time off are loaded this far around the asked days: a slot's blocked range
# reaches at most a day (duration) plus buffers beyond its local date.
MARGIN = timedelta(days=2)


async def offered_service(session: AsyncSession, service_id: int) -> ReservationService:
    service = await session.scalar(
        select(ReservationService).where(col(ReservationService.id) == service_id)
    )
    if service is None or not service.is_active:
        raise ValidationFailed.single("service_id", "The selected service id is invalid.")
    return service


async def performing_staff(
    session: AsyncSession, *, service_id: int, staff_id: int | None
) -> list[int]:
    """Active staff who perform the service; the one asked for, or a validation error."""
    query = (
        select(ReservationStaff.id)
        .join(
            ReservationServiceStaff,
            col(ReservationServiceStaff.staff_id) == col(ReservationStaff.id),
        )
        .where(
            col(ReservationServiceStaff.service_id) == service_id,
            col(ReservationStaff.is_active),
        )
        .order_by(col(ReservationStaff.id))
    )
    ids = [staff for staff in await session.scalars(query) if staff is not None]
    if staff_id is None:
        return ids
    if staff_id not in ids:
        raise ValidationFailed.single(
            "staff_id", "The selected staff does not perform this service."
        )
    return [staff_id]


def shape_of(service: ReservationService) -> Shape:
    assert service.id is not None
    return Shape(
        service_id=service.id,
        duration_minutes=service.duration_minutes,
        buffer_before_minutes=service.buffer_before_minutes,
        buffer_after_minutes=service.buffer_after_minutes,
        capacity=service.capacity,
    )


async def load_calendar(
    session: AsyncSession,
    *,
    ctx: Ctx,
    settings: ReservationSettings,
    service: ReservationService,
    staff_ids: list[int],
    first: date,
    last: date,
) -> Calendar:
    rules = rules_of(settings)
    low = datetime.combine(first, time(), tzinfo=rules.zone).astimezone(UTC) - MARGIN
    high = datetime.combine(last, time(), tzinfo=rules.zone).astimezone(UTC) + MARGIN
    hours: dict[int, dict[int, list[WorkRange]]] = {staff: {} for staff in staff_ids}
    time_off: dict[int, list[tuple[datetime, datetime]]] = {staff: [] for staff in staff_ids}
    booked: list[Booked] = []
    if staff_ids:
        for row in await session.scalars(
            select(StaffHours).where(col(StaffHours.staff_id).in_(staff_ids))
        ):
            start = parse_hhmm(row.start_time)
            end = parse_hhmm(row.end_time, allow_midnight_end=True)
            if start is not None and end is not None:
                hours[row.staff_id].setdefault(row.weekday, []).append(WorkRange(start, end))
        for off in await session.scalars(
            select(StaffTimeOff).where(
                col(StaffTimeOff.staff_id).in_(staff_ids),
                col(StaffTimeOff.ends_at) > low,
                col(StaffTimeOff.starts_at) < high,
            )
        ):
            time_off[off.staff_id].append((off.starts_at, off.ends_at))
        rows = await session.execute(
            columns(
                col(Reservation.staff_id),
                col(Reservation.blocked_from),
                col(Reservation.blocked_until),
                col(Reservation.slot_key),
                col(Reservation.status),
                col(Reservation.hold_expires_at),
            ).where(
                col(Reservation.staff_id).in_(staff_ids),
                col(Reservation.status).in_(ACTIVE_STATUSES),
                col(Reservation.blocked_until) > low,
                col(Reservation.blocked_from) < high,
            )
        )
        booked = [Booked(*row) for row in rows]
    return Calendar(
        rules=rules,
        shape=shape_of(service),
        staff_ids=staff_ids,
        hours=hours,
        time_off=time_off,
        booked=booked,
        now=ctx.now(),
    )


async def available_slots(session: AsyncSession, *, ctx: Ctx, query: SlotQuery) -> list[Slot]:
    day = date.fromisoformat(query.date)
    settings = await get_reservation_settings(session, ctx=ctx)
    service = await offered_service(session, query.service_id)
    assert service.id is not None
    staff = await performing_staff(session, service_id=service.id, staff_id=query.staff_id)
    found = await load_calendar(
        session,
        ctx=ctx,
        settings=settings,
        service=service,
        staff_ids=staff,
        first=day,
        last=day,
    )
    return found.slots_on(day)


async def available_dates(session: AsyncSession, *, ctx: Ctx, query: MonthQuery) -> list[date]:
    year, month = (int(part) for part in query.month.split("-"))
    first = date(year, month, 1)
    last = date(year, month, months.monthrange(year, month)[1])
    settings = await get_reservation_settings(session, ctx=ctx)
    service = await offered_service(session, query.service_id)
    assert service.id is not None
    staff = await performing_staff(session, service_id=service.id, staff_id=query.staff_id)
    found = await load_calendar(
        session,
        ctx=ctx,
        settings=settings,
        service=service,
        staff_ids=staff,
        first=first,
        last=last,
    )
    return found.dates_in(first, last)
