"""Reservation reads: the policy, services and staff, availability, a booking, mine, and the
staff schedule."""

from __future__ import annotations

from typing import Annotated, Any

import strawberry

from tenantry.core.ids import parse_reference
from tenantry.core.inputs import parse_input
from tenantry.core.pagination import DEFAULT_PER_PAGE, PageRequest
from tenantry.models.reservations import ReservationStatus
from tenantry.resolvers import reservations
from tenantry.schema.inputs import input_data
from tenantry.schema.pagination import PageInfo
from tenantry.schema.reservations.inputs import ReservationFilter
from tenantry.schema.reservations.types import (
    AvailableSlot,
    GQLInfo,
    Reservation,
    ReservationPage,
    ReservationService,
    ReservationServicePage,
    ReservationSettings,
    ReservationStaff,
    ReservationStaffPage,
)


def _given(**values: Any) -> dict[str, Any]:
    return {name: value for name, value in values.items() if value is not None}


@strawberry.type
class Query:
    @strawberry.field
    async def reservation_settings(self, info: GQLInfo) -> ReservationSettings:
        context = info.context
        found = await reservations.get_reservation_settings(context.session, ctx=context.ctx)
        return ReservationSettings.from_model(found)

    @strawberry.field(description="Active services (staff also see inactive ones).")
    async def reservation_services(
        self, info: GQLInfo, page: int = 1, per_page: int = DEFAULT_PER_PAGE
    ) -> ReservationServicePage:
        context = info.context
        found = await reservations.list_services(
            context.session, ctx=context.ctx, page=PageRequest.parse(page, per_page)
        )
        return ReservationServicePage(
            items=[ReservationService.from_model(row) for row in found.items],
            page_info=PageInfo.from_page(found),
        )

    @strawberry.field(description="People who perform services; serviceId: those who do it.")
    async def reservation_staffs(
        self,
        info: GQLInfo,
        service_id: strawberry.ID | None = None,
        page: int = 1,
        per_page: int = DEFAULT_PER_PAGE,
    ) -> ReservationStaffPage:
        context = info.context
        found = await reservations.list_staffs(
            context.session,
            ctx=context.ctx,
            service_id=parse_reference(service_id, "service_id") if service_id else None,
            page=PageRequest.parse(page, per_page),
        )
        return ReservationStaffPage(
            items=[ReservationStaff.from_model(row) for row in found.items],
            page_info=PageInfo.from_page(found),
        )

    @strawberry.field(description="Local dates (YYYY-MM-DD) of month (YYYY-MM) with a free slot.")
    async def available_dates(
        self,
        info: GQLInfo,
        service_id: strawberry.ID,
        month: str,
        staff_id: strawberry.ID | None = None,
    ) -> list[str]:
        context = info.context
        query = parse_input(
            reservations.MonthQuery,
            _given(service_id=service_id, staff_id=staff_id, month=month),
        )
        found = await reservations.available_dates(context.session, ctx=context.ctx, query=query)
        return [day.isoformat() for day in found]

    @strawberry.field(
        description="Free slots on a local date; without staffId, any staff who performs the "
        "service (each slot lists who is free)."
    )
    async def available_slots(
        self,
        info: GQLInfo,
        service_id: strawberry.ID,
        date: str,
        staff_id: strawberry.ID | None = None,
    ) -> list[AvailableSlot]:
        context = info.context
        query = parse_input(
            reservations.SlotQuery, _given(service_id=service_id, staff_id=staff_id, date=date)
        )
        found = await reservations.available_slots(context.session, ctx=context.ctx, query=query)
        return [AvailableSlot.from_slot(slot) for slot in found]

    @strawberry.field(
        description="A booking: a member's own, a guest's with its phone, any for staff."
    )
    async def reservation(
        self,
        info: GQLInfo,
        number: str,
        phone: Annotated[
            str | None, strawberry.argument(description="A guest booking's phone number.")
        ] = None,
    ) -> Reservation:
        context = info.context
        found = await reservations.get_reservation(
            context.session, ctx=context.ctx, number=number, phone=phone
        )
        return Reservation.from_model(found)

    @strawberry.field(description="The member's bookings, latest start first.")
    async def my_reservations(
        self,
        info: GQLInfo,
        status: ReservationStatus | None = None,
        page: int = 1,
        per_page: int = DEFAULT_PER_PAGE,
    ) -> ReservationPage:
        context = info.context
        found = await reservations.list_my_reservations(
            context.session,
            ctx=context.ctx,
            page=PageRequest.parse(page, per_page),
            status=status,
        )
        return ReservationPage(
            items=[Reservation.from_model(row) for row in found.items],
            page_info=PageInfo.from_page(found),
        )

    @strawberry.field(description="Staff: the schedule (a day, a person, a status), by start.")
    async def reservations(
        self,
        info: GQLInfo,
        filter: ReservationFilter | None = None,
        page: int = 1,
        per_page: int = DEFAULT_PER_PAGE,
    ) -> ReservationPage:
        context = info.context
        filters = parse_input(
            reservations.ScheduleFilter, input_data(filter) if filter is not None else {}
        )
        found = await reservations.list_reservations(
            context.session,
            ctx=context.ctx,
            filters=filters,
            page=PageRequest.parse(page, per_page),
        )
        return ReservationPage(
            items=[Reservation.from_model(row) for row in found.items],
            page_info=PageInfo.from_page(found),
        )
