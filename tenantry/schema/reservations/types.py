"""Reservation object types and inputs. Staff ids of a service (and services of a staff member)
resolve through per-operation loaders."""

from __future__ import annotations

from datetime import datetime

import strawberry
from strawberry.types import Info

from tenantry.models import reservations as rows
from tenantry.resolvers import reservations
from tenantry.schema.context import GraphQLContext
from tenantry.schema.ids import graphql_id
from tenantry.schema.pagination import PageInfo
from tenantry.schema.reservations import loaders

GQLInfo = Info[GraphQLContext, None]

strawberry.enum(rows.ReservationStatus, name="ReservationStatus")
strawberry.enum(rows.ConfirmationMode, name="ReservationConfirmationMode")


def _ids(values: list[int]) -> list[strawberry.ID]:
    return [graphql_id(value) for value in values]


@strawberry.type(description="A tenant's booking policy; times are in `timezone` (IANA).")
class ReservationSettings:
    timezone: str
    slot_interval_minutes: int
    booking_window_days: int
    min_lead_minutes: int
    cancellation_deadline_hours: int
    payment_required: bool
    hold_minutes: int
    confirmation_mode: rows.ConfirmationMode

    @classmethod
    def from_model(cls, row: rows.ReservationSettings) -> ReservationSettings:
        return cls(
            timezone=row.timezone,
            slot_interval_minutes=row.slot_interval_minutes,
            booking_window_days=row.booking_window_days,
            min_lead_minutes=row.min_lead_minutes,
            cancellation_deadline_hours=row.cancellation_deadline_hours,
            payment_required=row.payment_required,
            hold_minutes=row.hold_minutes,
            confirmation_mode=rows.ConfirmationMode(row.confirmation_mode),
        )


@strawberry.type
class ReservationService:
    id: strawberry.ID
    name: str
    description: str
    duration_minutes: int
    price: int
    buffer_before_minutes: int
    buffer_after_minutes: int
    capacity: int
    is_active: bool

    @classmethod
    def from_model(cls, row: rows.ReservationService) -> ReservationService:
        return cls(
            id=graphql_id(row.id),
            name=row.name,
            description=row.description,
            duration_minutes=row.duration_minutes,
            price=row.price,
            buffer_before_minutes=row.buffer_before_minutes,
            buffer_after_minutes=row.buffer_after_minutes,
            capacity=row.capacity,
            is_active=row.is_active,
        )

    @strawberry.field
    def currency(self, info: GQLInfo) -> str:
        return info.context.ctx.tenant.currency

    @strawberry.field(description="The staff who perform it.")
    async def staff_ids(self, info: GQLInfo) -> list[strawberry.ID]:
        return _ids(await loaders.staff_ids_by_service_id(info.context).load(int(self.id)))


@strawberry.type
class ReservationStaff:
    id: strawberry.ID
    name: str
    is_active: bool

    @classmethod
    def from_model(cls, row: rows.ReservationStaff) -> ReservationStaff:
        return cls(id=graphql_id(row.id), name=row.name, is_active=row.is_active)

    @strawberry.field(description="The services they perform.")
    async def service_ids(self, info: GQLInfo) -> list[strawberry.ID]:
        return _ids(await loaders.service_ids_by_staff_id(info.context).load(int(self.id)))

    @strawberry.field(description="Their week, by weekday and start.")
    async def hours(self, info: GQLInfo) -> list[StaffHoursRange]:
        found = await loaders.hours_by_staff_id(info.context).load(int(self.id))
        return [StaffHoursRange.from_model(row) for row in found]


@strawberry.type(description="A working range: weekday 1 = Monday, local times HH:MM.")
class StaffHoursRange:
    weekday: int
    start: str
    end: str

    @classmethod
    def from_model(cls, row: rows.StaffHours) -> StaffHoursRange:
        return cls(weekday=row.weekday, start=row.start_time, end=row.end_time)


@strawberry.type
class ReservationTimeOff:
    id: strawberry.ID
    staff_id: strawberry.ID
    start: datetime
    end: datetime
    reason: str

    @classmethod
    def from_model(cls, row: rows.StaffTimeOff) -> ReservationTimeOff:
        return cls(
            id=graphql_id(row.id),
            staff_id=graphql_id(row.staff_id),
            start=row.starts_at,
            end=row.ends_at,
            reason=row.reason,
        )


@strawberry.type(description="A bookable start: local date and time, and its UTC instants.")
class AvailableSlot:
    date: str
    time: str
    starts_at: datetime
    ends_at: datetime
    staff_ids: list[strawberry.ID]
    remaining: int

    @classmethod
    def from_slot(cls, slot: reservations.Slot) -> AvailableSlot:
        return cls(
            date=slot.date.isoformat(),
            time=slot.time,
            starts_at=slot.starts_at,
            ends_at=slot.ends_at,
            staff_ids=_ids(list(slot.staff_ids)),
            remaining=slot.remaining,
        )


@strawberry.type(description="date and time are local (the settings' time zone).")
class Reservation:
    id: strawberry.ID
    number: str
    status: rows.ReservationStatus
    service_id: strawberry.ID
    staff_id: strawberry.ID
    member_id: strawberry.ID | None
    name: str
    phone: str
    email: str | None
    date: str
    time: str
    starts_at: datetime
    ends_at: datetime
    price: int
    notes: str
    hold_expires_at: datetime | None
    confirmed_at: datetime | None
    cancelled_at: datetime | None
    paid_at: datetime | None = strawberry.field(
        description="When its payment succeeded; a paid booking may still wait for staff."
    )
    created_at: datetime
    updated_at: datetime

    @classmethod
    def from_model(cls, row: rows.Reservation) -> Reservation:
        return cls(
            id=graphql_id(row.id),
            number=row.number,
            status=rows.ReservationStatus(row.status),
            service_id=graphql_id(row.service_id),
            staff_id=graphql_id(row.staff_id),
            member_id=graphql_id(row.member_id) if row.member_id is not None else None,
            name=row.name,
            phone=row.phone,
            email=row.email,
            date=row.local_date,
            time=row.local_time,
            starts_at=row.starts_at,
            ends_at=row.ends_at,
            price=row.price,
            notes=row.notes,
            hold_expires_at=row.hold_expires_at,
            confirmed_at=row.confirmed_at,
            cancelled_at=row.cancelled_at,
            paid_at=row.paid_at,
            created_at=row.created_at,
            updated_at=row.updated_at,
        )


@strawberry.type
class ReservationPage:
    items: list[Reservation]
    page_info: PageInfo


@strawberry.type
class ReservationServicePage:
    items: list[ReservationService]
    page_info: PageInfo


@strawberry.type
class ReservationStaffPage:
    items: list[ReservationStaff]
    page_info: PageInfo
