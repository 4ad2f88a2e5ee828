"""Unpaid holds: released when they lapse (by the sweeper, or by a booking that needs their
time), and settled when their payment succeeds.

A hold is a `pending` booking with `hold_expires_at`; at that instant it stops counting as
booked. Releasing it cancels it (`cancelled_at`, `reservation.cancelled`, live status), so the
exclusion constraint stops seeing it too. Every path locks the booking's row first, so a
payment being confirmed and the sweeper never both act on one hold.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import col, select

from tenantry.core.context import Ctx
from tenantry.models.reservations import ConfirmationMode, Reservation, ReservationStatus
from tenantry.resolvers.events import RESERVATION_CANCELLED, RESERVATION_CONFIRMED
from tenantry.resolvers.reservations.notices import announce, record
from tenantry.resolvers.reservations.settings import get_reservation_settings

SWEEP_BATCH = 200  # holds released per transaction; the sweeper repeats until none is left


def is_lapsed(reservation: Reservation, now: datetime) -> bool:
    """An unpaid hold past its expiry: no longer booked, whatever the sweeper has done yet."""
    expires = reservation.hold_expires_at
    return (
        reservation.status == ReservationStatus.PENDING
        and reservation.paid_at is None
        and expires is not None
        and expires <= now
    )


async def release_hold(session: AsyncSession, reservation: Reservation, *, now: datetime) -> bool:
    """Cancels a lapsed hold (its row locked); False when it is not one."""
    if not is_lapsed(reservation, now):
        return False
    reservation.status = ReservationStatus.CANCELLED
    reservation.cancelled_at = now
    reservation.updated_at = now
    await session.flush()
    await record(session, RESERVATION_CANCELLED, reservation)
    announce(session, reservation)
    return True


async def release_lapsed_holds(
    session: AsyncSession, *, now: datetime, where: tuple[ColumnElement[bool], ...] = ()
) -> list[Reservation]:
    """Releases up to SWEEP_BATCH lapsed holds of the session's tenant (or every tenant's, in a
    system unit), optionally only those matching `where`; the ones released."""
    query = (
        select(Reservation)
        .where(
            col(Reservation.status) == ReservationStatus.PENDING,
            col(Reservation.hold_expires_at) <= now,
            col(Reservation.paid_at).is_(None),
            *where,
        )
        .order_by(col(Reservation.id))
        .limit(SWEEP_BATCH)
        .with_for_update(skip_locked=True)
        .execution_options(populate_existing=True)
    )
    released = []
    for reservation in list(await session.scalars(query)):
        if await release_hold(session, reservation, now=now):
            released.append(reservation)
    return released


async def tenants_with_lapsed_holds(session: AsyncSession, *, now: datetime) -> list[int]:
    """A system unit's question: which tenants have holds to release."""
    found = await session.scalars(
        select(Reservation.tenant_id)
        .where(
            col(Reservation.status) == ReservationStatus.PENDING,
            col(Reservation.hold_expires_at) <= now,
            col(Reservation.paid_at).is_(None),
        )
        .distinct()
    )
    return sorted(tenant_id for tenant_id in found if tenant_id is not None)


async def settle_paid_hold(session: AsyncSession, *, ctx: Ctx, reservation: Reservation) -> None:
    """The hold's payment succeeded (its row locked, the booking still active and its hold
    valid when the money was taken): it is paid and no longer expires; a pending one is
    confirmed at once, or left pending for staff when the tenant confirms bookings by hand (one
    staff confirmed meanwhile stays as it is)."""
    if reservation.paid_at is not None:
        return
    now = ctx.now()
    reservation.paid_at = now
    reservation.hold_expires_at = None
    reservation.updated_at = now
    settings = await get_reservation_settings(session, ctx=ctx)
    confirm = settings.confirmation_mode == ConfirmationMode.AUTO
    confirm = confirm and reservation.status == ReservationStatus.PENDING
    if confirm:
        reservation.status = ReservationStatus.CONFIRMED
        reservation.confirmed_at = now
    await session.flush()
    if confirm:
        await record(session, RESERVATION_CONFIRMED, reservation)
    announce(session, reservation)
