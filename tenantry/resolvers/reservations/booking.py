"""Booking a slot. The slot must be one availability offers; the database keeps two active
bookings of one staff member from overlapping (PostgreSQL: the exclusion constraint; SQLite:
the check below, inside a write transaction that BEGIN IMMEDIATE serializes), and a group
slot's seats are counted under its capacity row's lock."""

from __future__ import annotations

import secrets
from dataclasses import replace
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from tenantry.core.context import Ctx
from tenantry.core.errors import Conflict, ValidationFailed
from tenantry.models.member import Member
from tenantry.models.reservations import (
    ACTIVE_STATUSES,
    EXCLUSION_NAME,
    ConfirmationMode,
    Reservation,
    ReservationService,
    ReservationSettings,
    ReservationSlot,
    ReservationStatus,
)
from tenantry.resolvers.events import RESERVATION_CONFIRMED, RESERVATION_CREATED
from tenantry.resolvers.idempotency import Once, run_once
from tenantry.resolvers.reservations.availability import (
    Calendar,
    existing_instant,
    group_key,
    parse_hhmm,
)
from tenantry.resolvers.reservations.calendar import (
    load_calendar,
    offered_service,
    performing_staff,
    shape_of,
)
from tenantry.resolvers.reservations.holds import release_lapsed_holds
from tenantry.resolvers.reservations.inputs import BookingIn
from tenantry.resolvers.reservations.notices import announce, record
from tenantry.resolvers.reservations.settings import get_reservation_settings

ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I: numbers are read aloud
NUMBER_ATTEMPTS = 5
SLOT_UNAVAILABLE = "slot_unavailable"
SLOT_TAKEN = "This time slot is no longer available. Please choose another time."
OPERATION = "reservations.create"


class SlotUnavailable(Conflict):
    default_code = SLOT_UNAVAILABLE
    default_message = SLOT_TAKEN


def new_reservation_number(now: datetime, settings: ReservationSettings) -> str:
    local = now.astimezone(ZoneInfo(settings.timezone))
    suffix = "".join(secrets.choice(ALPHABET) for _ in range(6))
    return f"RSV-{local:%Y%m%d}-{suffix}"


async def create_reservation_once(
    session: AsyncSession, *, ctx: Ctx, data: BookingIn, key: str | None
) -> Once[Reservation]:
    async def replay(result: dict[str, int]) -> Reservation:
        found = await session.scalar(
            select(Reservation).where(col(Reservation.id) == result["reservation_id"])
        )
        assert found is not None
        return found

    def result(reservation: Reservation) -> dict[str, int]:
        assert reservation.id is not None
        return {"reservation_id": reservation.id}

    return await run_once(
        session,
        ctx=ctx,
        operation=OPERATION,
        key=key,
        params=data,
        run=lambda: create_reservation(session, ctx=ctx, data=data),
        result=result,
        replay=replay,
    )


async def create_reservation(session: AsyncSession, *, ctx: Ctx, data: BookingIn) -> Reservation:
    name, phone, member_id = await _booker(session, ctx=ctx, data=data)
    settings = await get_reservation_settings(session, ctx=ctx)
    service = await offered_service(session, data.service_id)
    assert service.id is not None
    staff = await performing_staff(session, service_id=service.id, staff_id=data.staff_id)
    day = date.fromisoformat(data.date)
    minute = parse_hhmm(data.time)
    assert minute is not None
    found = await load_calendar(
        session, ctx=ctx, settings=settings, service=service, staff_ids=staff, first=day, last=day
    )
    starts_at = _check_offered(found, day, minute, settings)
    free = [slot for slot in found.slots_on(day) if slot.starts_at == starts_at]
    if not free:
        raise SlotUnavailable()
    now = ctx.now()
    ends_at = starts_at + timedelta(minutes=service.duration_minutes)
    status, hold = _initial_status(settings, now)
    for staff_id in free[0].staff_ids:
        reservation = Reservation(
            tenant_id=ctx.tenant.id,
            number="",
            service_id=service.id,
            staff_id=staff_id,
            member_id=member_id,
            name=name,
            phone=phone,
            email=data.email,
            local_date=data.date,
            local_time=data.time,
            starts_at=starts_at,
            ends_at=ends_at,
            blocked_from=starts_at - timedelta(minutes=service.buffer_before_minutes),
            blocked_until=ends_at + timedelta(minutes=service.buffer_after_minutes),
            slot_key="",
            price=service.price,
            status=status,
            hold_expires_at=hold,
            confirmed_at=now if status == ReservationStatus.CONFIRMED else None,
            notes=data.notes,
        )
        if await _take(session, reservation, service=service, settings=settings, now=now):
            await record(session, RESERVATION_CREATED, reservation)
            if status == ReservationStatus.CONFIRMED:
                await record(session, RESERVATION_CONFIRMED, reservation)
            announce(session, reservation)
            return reservation
    raise SlotUnavailable()


async def _booker(
    session: AsyncSession, *, ctx: Ctx, data: BookingIn
) -> tuple[str, str, int | None]:
    """Who books: a member (their profile fills what the body leaves out), or a guest, who must
    give a name and a phone number."""
    principal = ctx.principal
    if principal.is_member and principal.member_id is not None:
        member = await session.scalar(select(Member).where(col(Member.id) == principal.member_id))
        if member is not None:
            name = data.name or member.name or member.email
            return name, data.phone or member.phone or "", member.id
    errors: dict[str, list[str]] = {}
    if not data.name:
        errors["name"] = ["The name field is required."]
    if not data.phone:
        errors["phone"] = ["The phone field is required."]
    if errors:
        raise ValidationFailed(errors, code="parameter_missing")
    assert data.name is not None
    assert data.phone is not None
    return data.name, data.phone, None


def _check_offered(
    found: Calendar, day: date, minute: int, settings: ReservationSettings
) -> datetime:
    """The slot's instant, or the validation error that says why it is not offered at all."""
    zone = found.rules.zone
    starts_at = existing_instant(day, minute, zone)
    if starts_at is None:
        raise ValidationFailed.single("time", "The selected time does not exist on that date.")
    now = found.now
    if starts_at <= now:
        raise ValidationFailed.single("time", "The selected time has already passed.")
    if not found.bookable_day(day):
        raise ValidationFailed.single(
            "date", f"Bookings open {settings.booking_window_days} days ahead at most."
        )
    if starts_at < now + timedelta(minutes=settings.min_lead_minutes):
        raise ValidationFailed.single(
            "time", f"Bookings must be made at least {settings.min_lead_minutes} minutes ahead."
        )
    unbooked = replace(found, booked=())
    if not any(slot.starts_at == starts_at for slot in unbooked.slots_on(day)):
        raise ValidationFailed.single("time", "The selected time is not offered.")
    return starts_at


def _initial_status(
    settings: ReservationSettings, now: datetime
) -> tuple[ReservationStatus, datetime | None]:
    if settings.payment_required:
        return ReservationStatus.PENDING, now + timedelta(minutes=settings.hold_minutes)
    if settings.confirmation_mode == ConfirmationMode.STAFF:
        return ReservationStatus.PENDING, None
    return ReservationStatus.CONFIRMED, None


async def _take(
    session: AsyncSession,
    reservation: Reservation,
    *,
    service: ReservationService,
    settings: ReservationSettings,
    now: datetime,
) -> bool:
    """Inserts reservation unless its staff's time is taken; False when it is."""
    tenant_id = reservation.tenant_id
    assert tenant_id is not None
    await _release_lapsed_holds(session, reservation, now)
    key = group_key_of(service, reservation)
    if key is not None:
        await _lock_slot(session, reservation, tenant_id=tenant_id)
        seats = await session.scalar(
            select(func.count())
            .select_from(Reservation)
            .where(
                col(Reservation.slot_key) == key,
                col(Reservation.staff_id) == reservation.staff_id,
                col(Reservation.status).in_(ACTIVE_STATUSES),
            )
        )
        if (seats or 0) >= service.capacity:
            return False
    if session.get_bind().dialect.name != "postgresql" and await _overlaps(
        session, reservation, key
    ):
        return False
    for _ in range(NUMBER_ATTEMPTS):
        reservation.number = new_reservation_number(now, settings)
        reservation.slot_key = key or reservation.number
        try:
            async with session.begin_nested():
                session.add(reservation)
                await session.flush()
            return True
        except DBAPIError as exc:
            # Two bookings of one staff's time inserted at once each wait for the other in
            # the exclusion check; PostgreSQL aborts one of them (its savepoint only): that
            # booking lost the time, as if the constraint had refused it.
            if _is_exclusion(exc) or _sqlstate(exc) == DEADLOCK:
                return False
            if not isinstance(exc, IntegrityError):
                raise
            taken = await session.scalar(
                select(Reservation.id).where(col(Reservation.number) == reservation.number)
            )
            if taken is None:
                raise
    raise RuntimeError(f"no free reservation number after {NUMBER_ATTEMPTS} attempts")


def group_key_of(service: ReservationService, reservation: Reservation) -> str | None:
    return group_key(shape_of(service), reservation.starts_at)


DEADLOCK = "40P01"


def _sqlstate(exc: DBAPIError) -> str | None:
    state = getattr(exc.orig, "sqlstate", None) or getattr(exc.orig, "pgcode", None)
    return state if isinstance(state, str) else None


def _is_exclusion(exc: DBAPIError) -> bool:
    return _sqlstate(exc) == "23P01" or EXCLUSION_NAME in str(exc.orig)


async def _overlaps(session: AsyncSession, reservation: Reservation, key: str | None) -> bool:
    """SQLite's guard: the same rule as the exclusion constraint, checked in this (serialized)
    write transaction."""
    query = (
        select(func.count())
        .select_from(Reservation)
        .where(
            col(Reservation.staff_id) == reservation.staff_id,
            col(Reservation.status).in_(ACTIVE_STATUSES),
            col(Reservation.blocked_from) < reservation.blocked_until,
            col(Reservation.blocked_until) > reservation.blocked_from,
        )
    )
    if key is not None:
        query = query.where(col(Reservation.slot_key) != key)
    return bool(await session.scalar(query))


async def _lock_slot(session: AsyncSession, reservation: Reservation, *, tenant_id: int) -> None:
    """Insert-or-lock the group slot's capacity row, so its seats are counted one at a time."""
    values = {
        "tenant_id": tenant_id,
        "staff_id": reservation.staff_id,
        "starts_at": reservation.starts_at,
    }
    is_postgres = session.get_bind().dialect.name == "postgresql"
    statement = (pg_insert if is_postgres else sqlite_insert)(ReservationSlot).values(values)
    await session.execute(statement.on_conflict_do_nothing())
    await session.scalar(
        select(ReservationSlot.id)
        .where(
            col(ReservationSlot.staff_id) == reservation.staff_id,
            col(ReservationSlot.starts_at) == reservation.starts_at,
        )
        .with_for_update()
    )


async def _release_lapsed_holds(
    session: AsyncSession, reservation: Reservation, now: datetime
) -> None:
    """Unpaid holds past their expiry that overlap this booking free their time first (the
    sweeper may not have come by yet): they no longer count as booked, and the constraint would
    otherwise still see them."""
    await release_lapsed_holds(
        session,
        now=now,
        where=(
            col(Reservation.staff_id) == reservation.staff_id,
            col(Reservation.blocked_from) < reservation.blocked_until,
            col(Reservation.blocked_until) > reservation.blocked_from,
        ),
    )
