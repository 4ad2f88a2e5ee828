"""`subscriptionStatus(id)`: every change of one subscription, for its member and staff."""

from __future__ import annotations

from collections.abc import AsyncGenerator
from datetime import UTC, datetime
from typing import Any

import strawberry

from tenantry.models.subscriptions import SubscriptionStatus
from tenantry.realtime import channels
from tenantry.realtime.broadcast import events
from tenantry.realtime.events import decode_event
from tenantry.resolvers import subscriptions
from tenantry.schema.subscriptions.types import GQLInfo


def _time(value: Any) -> datetime | None:
    return datetime.fromtimestamp(int(value), UTC) if isinstance(value, int) else None


@strawberry.type(description="A subscription's state after a change Stripe reported.")
class SubscriptionStatusEvent:
    id: strawberry.ID
    status: SubscriptionStatus
    cancel_at_period_end: bool
    current_period_end: datetime | None
    canceled_at: datetime | None

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> SubscriptionStatusEvent:
        return cls(
            id=strawberry.ID(str(data["id"]).removeprefix("sub_")),
            status=SubscriptionStatus(data["status"]),
            cancel_at_period_end=bool(data["cancel_at_period_end"]),
            current_period_end=_time(data.get("current_period_end")),
            canceled_at=_time(data.get("canceled_at")),
        )


@strawberry.type
class Subscription:
    @strawberry.subscription(
        description="Every change of one subscription, for its member and staff. What was "
        "missed while disconnected is in subscription(id)."
    )
    async def subscription_status(
        self, info: GQLInfo, id: strawberry.ID
    ) -> AsyncGenerator[SubscriptionStatusEvent, None]:
        context = info.context
        ctx = context.ctx
        async with context.open_unit() as unit:
            found = await subscriptions.get_subscription(unit.session, ctx=ctx, subscription_id=id)
        assert found.id is not None
        channel = channels.subscription(ctx.tenant.id, found.id)
        async with context.services.broadcast.subscribe(channel=channel) as subscriber:
            async for message in events(subscriber):
                event, data = decode_event(message.message)
                if event == subscriptions.STATUS_CHANGED:
                    yield SubscriptionStatusEvent.from_data(data)
