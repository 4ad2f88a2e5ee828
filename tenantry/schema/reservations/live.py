"""`reservationStatus(number)` for the booker and staff, `reservationsChanged(date)` for staff:
published after each change commits. What was missed while disconnected is in
reservation(number) and reservations(filter)."""

from __future__ import annotations

from collections.abc import AsyncGenerator
from datetime import datetime
from typing import Any

import strawberry

from tenantry.core.access import require_staff
from tenantry.core.inputs import parse_input
from tenantry.models.reservations import ReservationStatus
from tenantry.realtime import channels
from tenantry.realtime.broadcast import events
from tenantry.realtime.events import decode_event
from tenantry.resolvers import reservations
from tenantry.schema.reservations.types import GQLInfo


@strawberry.type(description="A booking after a change; date and time are local.")
class ReservationEvent:
    number: str
    status: ReservationStatus
    service_id: strawberry.ID
    staff_id: strawberry.ID
    date: str
    time: str
    starts_at: datetime
    ends_at: datetime

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> ReservationEvent:
        return cls(
            number=str(data["number"]),
            status=ReservationStatus(data["status"]),
            service_id=strawberry.ID(str(data["service_id"])),
            staff_id=strawberry.ID(str(data["staff_id"])),
            date=str(data["date"]),
            time=str(data["time"]),
            starts_at=datetime.fromisoformat(str(data["starts_at"])),
            ends_at=datetime.fromisoformat(str(data["ends_at"])),
        )


@strawberry.type
class Subscription:
    @strawberry.subscription(description="Every change of one booking, for its booker and staff.")
    async def reservation_status(
        self, info: GQLInfo, number: str, phone: str | None = None
    ) -> AsyncGenerator[ReservationEvent, None]:
        context = info.context
        ctx = context.ctx
        async with context.open_unit() as unit:
            await reservations.get_reservation(unit.session, ctx=ctx, number=number, phone=phone)
        channel = channels.reservation(ctx.tenant.id, number)
        async with context.services.broadcast.subscribe(channel=channel) as subscriber:
            async for message in events(subscriber):
                event, data = decode_event(message.message)
                if event == reservations.STATUS_CHANGED:
                    yield ReservationEvent.from_data(data)

    @strawberry.subscription(description="Staff: every booking made or changed on a local date.")
    async def reservations_changed(
        self, info: GQLInfo, date: str
    ) -> AsyncGenerator[ReservationEvent, None]:
        context = info.context
        ctx = context.ctx
        require_staff(ctx)
        day = parse_input(reservations.ScheduleFilter, {"date": date}).date
        assert day is not None
        channel = channels.reservations_on(ctx.tenant.id, day)
        async with context.services.broadcast.subscribe(channel=channel) as subscriber:
            async for message in events(subscriber):
                event, data = decode_event(message.message)
                if event == reservations.SCHEDULE_CHANGED:
                    yield ReservationEvent.from_data(data)
