"""Reading and moving bookings: who sees one, cancelling inside the policy, staff's
confirm / complete / no-show, and a day's schedule."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from tenantry.core.access import reads_as_staff, require_member, require_staff
from tenantry.core.context import Ctx
from tenantry.core.errors import Conflict, NotFound
from tenantry.core.pagination import Page, PageRequest, paginate
from tenantry.models.reservations import ACTIVE_STATUSES, Reservation, ReservationStatus
from tenantry.resolvers.events import RESERVATION_CANCELLED, RESERVATION_CONFIRMED
from tenantry.resolvers.reservations.inputs import ScheduleFilter
from tenantry.resolvers.reservations.notices import announce, record
from tenantry.resolvers.reservations.settings import get_reservation_settings

_NOT_DIGITS = re.compile(r"[^0-9]")

# Which status staff may move a booking to, from which.
STAFF_MOVES: dict[ReservationStatus, tuple[ReservationStatus, ...]] = {
    ReservationStatus.CONFIRMED: (ReservationStatus.PENDING,),
    ReservationStatus.COMPLETED: (ReservationStatus.CONFIRMED,),
    ReservationStatus.NO_SHOW: (ReservationStatus.CONFIRMED,),
}


def same_phone(given: str | None, stored: str) -> bool:
    """Phones compare by their digits: 010-1234-5678 is 01012345678."""
    digits = _NOT_DIGITS.sub("", given or "")
    return bool(digits) and digits == _NOT_DIGITS.sub("", stored)


def may_see(ctx: Ctx, reservation: Reservation, phone: str | None) -> bool:
    """Staff see every booking; a member their own; anyone a guest booking whose phone they
    give. Everyone else is told it does not exist."""
    principal = ctx.principal
    if reads_as_staff(principal):
        return True
    if reservation.member_id is not None:
        return principal.is_member and principal.member_id == reservation.member_id
    return same_phone(phone, reservation.phone)


async def get_reservation(
    session: AsyncSession, *, ctx: Ctx, number: str, phone: str | None = None, lock: bool = False
) -> Reservation:
    query = select(Reservation).where(col(Reservation.number) == number)
    if lock:
        query = query.with_for_update()
    found = await session.scalar(query)
    if found is None or not may_see(ctx, found, phone):
        raise NotFound("reservation")
    return found


async def list_my_reservations(
    session: AsyncSession, *, ctx: Ctx, page: PageRequest, status: ReservationStatus | None = None
) -> Page[Reservation]:
    member_id = require_member(ctx)
    query = select(Reservation).where(col(Reservation.member_id) == member_id)
    if status is not None:
        query = query.where(col(Reservation.status) == status)
    query = query.order_by(col(Reservation.starts_at).desc(), col(Reservation.id).desc())
    return await paginate(session, query, page)


async def list_reservations(
    session: AsyncSession, *, ctx: Ctx, filters: ScheduleFilter, page: PageRequest
) -> Page[Reservation]:
    """Staff: the schedule, in start order."""
    require_staff(ctx)
    query = select(Reservation)
    if filters.date is not None:
        query = query.where(col(Reservation.local_date) == filters.date)
    if filters.staff_id is not None:
        query = query.where(col(Reservation.staff_id) == filters.staff_id)
    if filters.status is not None:
        query = query.where(col(Reservation.status) == filters.status)
    query = query.order_by(col(Reservation.starts_at), col(Reservation.id))
    return await paginate(session, query, page)


async def cancel_reservation(
    session: AsyncSession, *, ctx: Ctx, number: str, phone: str | None = None
) -> Reservation:
    """The booker cancels until the deadline before the start; staff at any time."""
    reservation = await get_reservation(session, ctx=ctx, number=number, phone=phone, lock=True)
    if reservation.status not in ACTIVE_STATUSES:
        raise Conflict(
            f"A {reservation.status.replace('_', ' ')} reservation cannot be cancelled.",
            code="invalid_transition",
        )
    now = ctx.now()
    if not reads_as_staff(ctx.principal):
        settings = await get_reservation_settings(session, ctx=ctx)
        hours = settings.cancellation_deadline_hours
        if now > reservation.starts_at - timedelta(hours=hours):
            raise Conflict(
                f"Reservations can only be cancelled up to {hours} hours before they start.",
                code="cancellation_deadline_passed",
            )
    reservation.status = ReservationStatus.CANCELLED
    reservation.cancelled_at = now
    await session.flush()
    await record(session, RESERVATION_CANCELLED, reservation)
    announce(session, reservation)
    return reservation


async def move_reservation(
    session: AsyncSession, *, ctx: Ctx, number: str, to: ReservationStatus
) -> Reservation:
    """Staff: confirm a pending booking, complete or mark a confirmed one a no-show."""
    require_staff(ctx)
    reservation = await get_reservation(session, ctx=ctx, number=number, lock=True)
    allowed = STAFF_MOVES.get(to, ())
    if reservation.status not in allowed:
        raise Conflict(
            f"A {reservation.status.replace('_', ' ')} reservation cannot become "
            f"{to.replace('_', ' ')}.",
            code="invalid_transition",
        )
    reservation.status = to
    if to == ReservationStatus.CONFIRMED:
        reservation.confirmed_at = ctx.now()
        reservation.hold_expires_at = None
    await session.flush()
    if to == ReservationStatus.CONFIRMED:
        await record(session, RESERVATION_CONFIRMED, reservation)
    announce(session, reservation)
    return reservation
