"""Reservation writes: staff set the policy, services, staff, hours and time off and move
bookings along; members and guests book and cancel."""

from __future__ import annotations

import strawberry

from tenantry.core.ids import parse_id
from tenantry.core.inputs import parse_input
from tenantry.models.reservations import ReservationStatus
from tenantry.resolvers import reservations
from tenantry.schema.context import GraphQLContext
from tenantry.schema.idempotency import IdempotencyKey
from tenantry.schema.inputs import input_data
from tenantry.schema.reservations import loaders
from tenantry.schema.reservations.inputs import (
    CreateReservationInput,
    CreateReservationServiceInput,
    CreateReservationStaffInput,
    StaffHoursInput,
    UpdateReservationServiceInput,
    UpdateReservationSettingsInput,
)
from tenantry.schema.reservations.types import (
    GQLInfo,
    Reservation,
    ReservationService,
    ReservationSettings,
    ReservationStaff,
    ReservationTimeOff,
    StaffHoursRange,
)


def _written(context: GraphQLContext) -> None:
    loaders.forget(context)


async def _move(info: GQLInfo, number: str, to: ReservationStatus) -> Reservation:
    context = info.context
    moved = await reservations.move_reservation(
        context.session, ctx=context.ctx, number=number, to=to
    )
    return Reservation.from_model(moved)


@strawberry.type
class Mutation:
    @strawberry.mutation(description="Admins: changes only the fields given.")
    async def update_reservation_settings(
        self, info: GQLInfo, input: UpdateReservationSettingsInput
    ) -> ReservationSettings:
        context = info.context
        data = parse_input(reservations.SettingsUpdate, input_data(input))
        found = await reservations.update_reservation_settings(
            context.session, ctx=context.ctx, data=data
        )
        return ReservationSettings.from_model(found)

    @strawberry.mutation
    async def create_reservation_service(
        self, info: GQLInfo, input: CreateReservationServiceInput
    ) -> ReservationService:
        context = info.context
        data = parse_input(reservations.ServiceIn, input_data(input))
        made = await reservations.create_service(context.session, ctx=context.ctx, data=data)
        _written(context)
        return ReservationService.from_model(made)

    @strawberry.mutation
    async def update_reservation_service(
        self, info: GQLInfo, id: strawberry.ID, input: UpdateReservationServiceInput
    ) -> ReservationService:
        context = info.context
        service_id = parse_id(id, "service")
        data = parse_input(reservations.ServiceUpdate, input_data(input))
        changed = await reservations.update_service(
            context.session, ctx=context.ctx, service_id=service_id, data=data
        )
        _written(context)
        return ReservationService.from_model(changed)

    @strawberry.mutation(description="Refused while bookings name it: deactivate it instead.")
    async def delete_reservation_service(self, info: GQLInfo, id: strawberry.ID) -> bool:
        context = info.context
        await reservations.delete_service(
            context.session, ctx=context.ctx, service_id=parse_id(id, "service")
        )
        _written(context)
        return True

    @strawberry.mutation
    async def create_reservation_staff(
        self, info: GQLInfo, input: CreateReservationStaffInput
    ) -> ReservationStaff:
        context = info.context
        data = parse_input(reservations.StaffIn, input_data(input))
        made = await reservations.create_staff(context.session, ctx=context.ctx, data=data)
        _written(context)
        return ReservationStaff.from_model(made)

    @strawberry.mutation(description="Replaces the person's week; a day may have several ranges.")
    async def set_reservation_staff_hours(
        self, info: GQLInfo, staff_id: strawberry.ID, hours: list[StaffHoursInput]
    ) -> list[StaffHoursRange]:
        context = info.context
        person = parse_id(staff_id, "staff")
        data = parse_input(
            reservations.HoursListIn, {"hours": [input_data(item) for item in hours]}
        )
        rows = await reservations.set_staff_hours(
            context.session, ctx=context.ctx, staff_id=person, hours=data.hours
        )
        _written(context)
        return [StaffHoursRange.from_model(row) for row in rows]

    @strawberry.mutation(description="A break, day off or holiday: ISO-8601 instants.")
    async def add_reservation_time_off(
        self, info: GQLInfo, staff_id: strawberry.ID, start: str, end: str, reason: str = ""
    ) -> ReservationTimeOff:
        context = info.context
        person = parse_id(staff_id, "staff")
        data = parse_input(reservations.TimeOffIn, {"start": start, "end": end, "reason": reason})
        row = await reservations.add_time_off(
            context.session, ctx=context.ctx, staff_id=person, data=data
        )
        return ReservationTimeOff.from_model(row)

    @strawberry.mutation(
        description="Books a slot availability offers; slot_unavailable (CONFLICT) when it was "
        "taken meanwhile. With an idempotencyKey, repeating the call returns the first booking."
    )
    async def create_reservation(
        self,
        info: GQLInfo,
        input: CreateReservationInput,
        idempotency_key: IdempotencyKey = None,
    ) -> Reservation:
        context = info.context
        data = parse_input(reservations.BookingIn, input_data(input))
        once = await reservations.create_reservation_once(
            context.session, ctx=context.ctx, data=data, key=idempotency_key
        )
        return Reservation.from_model(once.value)

    @strawberry.mutation(
        description="The booker (a guest with the phone) until the deadline; staff at any time."
    )
    async def cancel_reservation(
        self, info: GQLInfo, number: str, phone: str | None = None
    ) -> Reservation:
        context = info.context
        found = await reservations.cancel_reservation(
            context.session, ctx=context.ctx, number=number, phone=phone
        )
        return Reservation.from_model(found)

    @strawberry.mutation(description="Staff: a pending booking becomes confirmed.")
    async def confirm_reservation(self, info: GQLInfo, number: str) -> Reservation:
        return await _move(info, number, ReservationStatus.CONFIRMED)

    @strawberry.mutation(description="Staff: a confirmed booking took place.")
    async def complete_reservation(self, info: GQLInfo, number: str) -> Reservation:
        return await _move(info, number, ReservationStatus.COMPLETED)

    @strawberry.mutation(description="Staff: the booker of a confirmed booking did not come.")
    async def mark_reservation_no_show(self, info: GQLInfo, number: str) -> Reservation:
        return await _move(info, number, ReservationStatus.NO_SHOW)
