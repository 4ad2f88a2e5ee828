"""Fan-out: each recorded event becomes one delivery per endpoint subscribed when it happened.

Runs in the worker, across tenants (a system session). Events are read from the table they
were committed to, so an event of a rolled-back transaction never exists to be sent. On
PostgreSQL several workers take disjoint batches (`FOR UPDATE SKIP LOCKED`).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from tenantry.models.event import DomainEvent
from tenantry.models.webhooks import WebhookDelivery, WebhookEndpoint
from tenantry.resolvers.webhooks.endpoints import subscribed

BATCH = 200


async def dispatch_events(session: AsyncSession, *, now: datetime, limit: int = BATCH) -> int:
    """Creates the deliveries of up to `limit` undispatched events; answers how many events."""
    events = list(
        await session.scalars(
            select(DomainEvent)
            .where(col(DomainEvent.dispatched_at).is_(None))
            .order_by(col(DomainEvent.id))
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
    )
    if not events:
        return 0
    tenants = {event.tenant_id for event in events}
    endpoints: dict[int | None, list[WebhookEndpoint]] = defaultdict(list)
    for endpoint in await session.scalars(
        select(WebhookEndpoint)
        .where(
            col(WebhookEndpoint.tenant_id).in_(tenants),
            col(WebhookEndpoint.disabled).is_(False),
        )
        .order_by(col(WebhookEndpoint.id))
    ):
        endpoints[endpoint.tenant_id].append(endpoint)
    for event in events:
        assert event.id is not None
        for endpoint in endpoints[event.tenant_id]:
            assert endpoint.id is not None
            if subscribed(endpoint, event.type) and endpoint.created_at <= event.created_at:
                session.add(
                    WebhookDelivery(
                        tenant_id=event.tenant_id,
                        endpoint_id=endpoint.id,
                        event_id=event.id,
                        next_attempt_at=now,
                        created_at=now,
                        updated_at=now,
                    )
                )
        event.dispatched_at = now
    await session.flush()
    return len(events)
