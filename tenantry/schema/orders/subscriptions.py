from __future__ import annotations

from collections.abc import AsyncGenerator

import strawberry

from tenantry.realtime import channels
from tenantry.realtime.broadcast import events
from tenantry.realtime.events import decode_event
from tenantry.resolvers import orders
from tenantry.schema.orders.types import GQLInfo, OrderStatusEvent


@strawberry.type
class Subscription:
    @strawberry.subscription(
        description="Every status change of one order, for its owner and for staff. Changes "
        "missed while disconnected are in order(number) { statusHistory }."
    )
    async def order_status(
        self, info: GQLInfo, order_number: str
    ) -> AsyncGenerator[OrderStatusEvent, None]:
        context = info.context
        ctx = context.ctx
        # Ownership is checked in a short unit of its own: no session is held while waiting.
        async with context.open_unit() as unit:
            await orders.get_order(unit.session, ctx=ctx, number=order_number)
        channel = channels.order(ctx.tenant.id, order_number)
        async with context.services.broadcast.subscribe(channel=channel) as subscriber:
            async for message in events(subscriber):
                event, data = decode_event(message.message)
                if event == orders.STATUS_CHANGED:
                    yield OrderStatusEvent.from_data(data)
