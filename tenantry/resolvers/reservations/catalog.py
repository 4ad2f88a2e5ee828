"""Services, the staff who perform them, their working hours and time off."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from itertools import pairwise

from sqlalchemy import delete, func
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from tenantry.core.access import reads_as_staff, require_admin
from tenantry.core.context import Ctx
from tenantry.core.errors import Conflict, ValidationFailed
from tenantry.core.ids import distinct_ids
from tenantry.core.pagination import Page, PageRequest, paginate
from tenantry.models.reservations import (
    Reservation,
    ReservationService,
    ReservationServiceStaff,
    ReservationStaff,
    StaffHours,
    StaffTimeOff,
)
from tenantry.models.tenant import Staff
from tenantry.resolvers.reservations.availability import parse_hhmm
from tenantry.resolvers.reservations.inputs import (
    HoursIn,
    ServiceIn,
    ServiceUpdate,
    StaffIn,
    TimeOffIn,
)
from tenantry.resolvers.rows import row_by_id

SERVICE_FIELDS = (
    "name",
    "description",
    "duration_minutes",
    "price",
    "buffer_before_minutes",
    "buffer_after_minutes",
    "capacity",
    "is_active",
)


async def list_services(
    session: AsyncSession, *, ctx: Ctx, page: PageRequest
) -> Page[ReservationService]:
    """Active services for everyone; staff see inactive ones too."""
    query = select(ReservationService).order_by(col(ReservationService.id))
    if not reads_as_staff(ctx.principal):
        query = query.where(col(ReservationService.is_active))
    return await paginate(session, query, page)


async def list_staffs(
    session: AsyncSession, *, ctx: Ctx, service_id: int | None, page: PageRequest
) -> Page[ReservationStaff]:
    query = select(ReservationStaff).order_by(col(ReservationStaff.id))
    if not reads_as_staff(ctx.principal):
        query = query.where(col(ReservationStaff.is_active))
    if service_id is not None:
        performing = select(ReservationServiceStaff.staff_id).where(
            col(ReservationServiceStaff.service_id) == service_id
        )
        query = query.where(col(ReservationStaff.id).in_(performing))
    return await paginate(session, query, page)


async def staff_ids_by_service_ids(
    session: AsyncSession, service_ids: Iterable[int | None]
) -> dict[int, list[int]]:
    ids = distinct_ids(service_ids)
    found: dict[int, list[int]] = {service_id: [] for service_id in ids}
    rows = await session.execute(
        select(ReservationServiceStaff.service_id, ReservationServiceStaff.staff_id)
        .where(col(ReservationServiceStaff.service_id).in_(ids))
        .order_by(col(ReservationServiceStaff.staff_id))
    )
    for service_id, staff_id in rows:
        found[service_id].append(staff_id)
    return found


async def service_ids_by_staff_ids(
    session: AsyncSession, staff_ids: Iterable[int | None]
) -> dict[int, list[int]]:
    ids = distinct_ids(staff_ids)
    found: dict[int, list[int]] = {staff_id: [] for staff_id in ids}
    rows = await session.execute(
        select(ReservationServiceStaff.staff_id, ReservationServiceStaff.service_id)
        .where(col(ReservationServiceStaff.staff_id).in_(ids))
        .order_by(col(ReservationServiceStaff.service_id))
    )
    for staff_id, service_id in rows:
        found[staff_id].append(service_id)
    return found


async def create_service(session: AsyncSession, *, ctx: Ctx, data: ServiceIn) -> ReservationService:
    require_admin(ctx)
    await _check_ids(session, ReservationStaff, data.staff_ids, "staff_ids")
    service = ReservationService(**data.model_dump(include=set(SERVICE_FIELDS)))
    session.add(service)
    await session.flush()
    assert service.id is not None
    await _link(session, service_ids=[service.id], staff_ids=data.staff_ids)
    return service


async def update_service(
    session: AsyncSession, *, ctx: Ctx, service_id: int, data: ServiceUpdate
) -> ReservationService:
    require_admin(ctx)
    service = await row_by_id(session, ReservationService, service_id, "service")
    for name in data.model_fields_set & set(SERVICE_FIELDS):
        value = getattr(data, name)
        if value is not None:
            setattr(service, name, value)
    if data.staff_ids is not None:
        await _check_ids(session, ReservationStaff, data.staff_ids, "staff_ids")
        await session.execute(
            delete(ReservationServiceStaff).where(
                col(ReservationServiceStaff.service_id) == service_id
            )
        )
        await _link(session, service_ids=[service_id], staff_ids=data.staff_ids)
    await session.flush()
    return service


async def delete_service(session: AsyncSession, *, ctx: Ctx, service_id: int) -> None:
    """A service with bookings stays (they name it): deactivate it instead."""
    require_admin(ctx)
    service = await row_by_id(session, ReservationService, service_id, "service")
    booked = await session.scalar(
        select(func.count())
        .select_from(Reservation)
        .where(col(Reservation.service_id) == service_id)
    )
    if booked:
        raise Conflict(
            "The service has reservations; deactivate it instead.",
            code="service_has_reservations",
        )
    await session.delete(service)
    await session.flush()


async def create_staff(session: AsyncSession, *, ctx: Ctx, data: StaffIn) -> ReservationStaff:
    require_admin(ctx)
    await _check_ids(session, ReservationService, data.service_ids, "service_ids")
    if data.staff_login_id is not None:
        await _check_ids(session, Staff, [data.staff_login_id], "staff_login_id")
    person = ReservationStaff(
        name=data.name, staff_id=data.staff_login_id, is_active=data.is_active
    )
    session.add(person)
    await session.flush()
    assert person.id is not None
    await _link(session, service_ids=data.service_ids, staff_ids=[person.id])
    return person


async def set_staff_hours(
    session: AsyncSession, *, ctx: Ctx, staff_id: int, hours: Sequence[HoursIn]
) -> list[StaffHours]:
    """Replaces the staff member's week; ranges of one day must not overlap."""
    require_admin(ctx)
    await row_by_id(session, ReservationStaff, staff_id, "staff")
    ranges = []
    for index, item in enumerate(hours):
        start = parse_hhmm(item.start)
        end = parse_hhmm(item.end, allow_midnight_end=True)
        assert start is not None
        assert end is not None
        if end <= start:
            raise ValidationFailed.single(f"hours.{index}.end", "The end must be after the start.")
        ranges.append((item.weekday, start, end, index))
    ranges.sort()
    for (day, _, end, _), (next_day, next_start, _, index) in pairwise(ranges):
        if day == next_day and next_start < end:
            raise ValidationFailed.single(
                f"hours.{index}.start", "The ranges of one day must not overlap."
            )
    await session.execute(delete(StaffHours).where(col(StaffHours.staff_id) == staff_id))
    rows = [
        StaffHours(
            staff_id=staff_id, weekday=item.weekday, start_time=item.start, end_time=item.end
        )
        for item in hours
    ]
    session.add_all(rows)
    await session.flush()
    return sorted(rows, key=lambda row: (row.weekday, row.start_time))


async def hours_by_staff_ids(
    session: AsyncSession, staff_ids: Iterable[int | None]
) -> dict[int, list[StaffHours]]:
    ids = distinct_ids(staff_ids)
    found: dict[int, list[StaffHours]] = {staff_id: [] for staff_id in ids}
    rows = await session.scalars(
        select(StaffHours)
        .where(col(StaffHours.staff_id).in_(ids))
        .order_by(col(StaffHours.weekday), col(StaffHours.start_time))
    )
    for row in rows:
        found[row.staff_id].append(row)
    return found


async def add_time_off(
    session: AsyncSession, *, ctx: Ctx, staff_id: int, data: TimeOffIn
) -> StaffTimeOff:
    require_admin(ctx)
    await row_by_id(session, ReservationStaff, staff_id, "staff")
    start = parse_instant(data.start, "start")
    end = parse_instant(data.end, "end")
    if end <= start:
        raise ValidationFailed.single("end", "The end must be after the start.")
    row = StaffTimeOff(staff_id=staff_id, starts_at=start, ends_at=end, reason=data.reason)
    session.add(row)
    await session.flush()
    return row


def parse_instant(value: str, field: str) -> datetime:
    """An ISO-8601 instant with its offset (or Z), as UTC."""
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        raise ValidationFailed.single(
            field,
            f"The {field} field must be an ISO-8601 time with an offset, such as "
            "2026-12-24T00:00:00Z.",
        )
    return moment.astimezone(UTC)


async def _check_ids(
    session: AsyncSession,
    model: type[ReservationService | ReservationStaff | Staff],
    ids: Sequence[int],
    field: str,
) -> None:
    wanted = set(ids)
    if not wanted:
        return
    table = model
    found = set(await session.scalars(select(table.id).where(col(table.id).in_(wanted))))
    if found != wanted:
        attribute = field.replace("_", " ")
        raise ValidationFailed.single(field, f"The selected {attribute} is invalid.")


async def _link(
    session: AsyncSession, *, service_ids: Sequence[int], staff_ids: Sequence[int]
) -> None:
    session.add_all(
        ReservationServiceStaff(service_id=service_id, staff_id=staff_id)
        for service_id in dict.fromkeys(service_ids)
        for staff_id in dict.fromkeys(staff_ids)
    )
    await session.flush()
