"""GraphQL inputs for reservations; parsed by the resolvers' pydantic models."""

from __future__ import annotations

import strawberry

from tenantry.models import reservations as rows


@strawberry.input
class UpdateReservationSettingsInput:
    timezone: str | None = strawberry.UNSET
    slot_interval_minutes: int | None = strawberry.UNSET
    booking_window_days: int | None = strawberry.UNSET
    min_lead_minutes: int | None = strawberry.UNSET
    cancellation_deadline_hours: int | None = strawberry.UNSET
    payment_required: bool | None = strawberry.UNSET
    hold_minutes: int | None = strawberry.UNSET
    confirmation_mode: rows.ConfirmationMode | None = strawberry.UNSET


@strawberry.input(description="price in minor units; capacity > 1 makes a group slot.")
class CreateReservationServiceInput:
    name: str
    duration_minutes: int
    description: str | None = strawberry.UNSET
    price: int | None = strawberry.UNSET
    buffer_before_minutes: int | None = strawberry.UNSET
    buffer_after_minutes: int | None = strawberry.UNSET
    capacity: int | None = strawberry.UNSET
    is_active: bool | None = strawberry.UNSET
    staff_ids: list[strawberry.ID] | None = strawberry.UNSET


@strawberry.input(description="Only the fields given change; staffIds replaces the list.")
class UpdateReservationServiceInput:
    name: str | None = strawberry.UNSET
    description: str | None = strawberry.UNSET
    duration_minutes: int | None = strawberry.UNSET
    price: int | None = strawberry.UNSET
    buffer_before_minutes: int | None = strawberry.UNSET
    buffer_after_minutes: int | None = strawberry.UNSET
    capacity: int | None = strawberry.UNSET
    is_active: bool | None = strawberry.UNSET
    staff_ids: list[strawberry.ID] | None = strawberry.UNSET


@strawberry.input(description="staffLoginId links the person's staff login, if they have one.")
class CreateReservationStaffInput:
    name: str
    service_ids: list[strawberry.ID] | None = strawberry.UNSET
    staff_login_id: strawberry.ID | None = strawberry.UNSET
    is_active: bool | None = strawberry.UNSET


@strawberry.input(description='weekday 1 = Monday; start and end local "HH:MM" ("24:00" ends).')
class StaffHoursInput:
    weekday: int
    start: str
    end: str


@strawberry.input(
    description="The seed's booking: a member may leave name and phone out; a guest gives both."
)
class CreateReservationInput:
    service_id: strawberry.ID
    date: str
    time: str
    staff_id: strawberry.ID | None = strawberry.UNSET
    name: str | None = strawberry.UNSET
    phone: str | None = strawberry.UNSET
    email: str | None = strawberry.UNSET
    notes: str | None = strawberry.UNSET


@strawberry.input(description="A day's schedule: date is local (YYYY-MM-DD).")
class ReservationFilter:
    date: str | None = strawberry.UNSET
    staff_id: strawberry.ID | None = strawberry.UNSET
    status: rows.ReservationStatus | None = strawberry.UNSET
