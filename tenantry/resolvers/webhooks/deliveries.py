"""What staff see of deliveries: each one's attempts, a manual redelivery, the queue's state."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from tenantry.core.access import require_admin
from tenantry.core.context import Ctx
from tenantry.core.errors import NotFound
from tenantry.core.pagination import Page, PageRequest, paginate
from tenantry.models.webhooks import (
    DeliveryStatus,
    WebhookAttempt,
    WebhookDelivery,
    WebhookEndpoint,
)
from tenantry.resolvers.webhooks.endpoints import get_endpoint

UNDELIVERED = (DeliveryStatus.PENDING, DeliveryStatus.SENDING)


async def list_deliveries(
    session: AsyncSession, *, ctx: Ctx, endpoint_id: int, page: PageRequest
) -> Page[WebhookDelivery]:
    """An endpoint's deliveries, newest first."""
    await get_endpoint(session, ctx=ctx, endpoint_id=endpoint_id)
    query = (
        select(WebhookDelivery)
        .where(col(WebhookDelivery.endpoint_id) == endpoint_id)
        .order_by(col(WebhookDelivery.id).desc())
    )
    return await paginate(session, query, page)


async def attempts_by_delivery_ids(
    session: AsyncSession, ids: Iterable[int]
) -> dict[int, list[WebhookAttempt]]:
    wanted = sorted(set(ids))
    found: dict[int, list[WebhookAttempt]] = {delivery_id: [] for delivery_id in wanted}
    if wanted:
        rows = await session.scalars(
            select(WebhookAttempt)
            .where(col(WebhookAttempt.delivery_id).in_(wanted))
            .order_by(col(WebhookAttempt.id))
        )
        for row in rows:
            found[row.delivery_id].append(row)
    return found


async def redeliver(session: AsyncSession, *, ctx: Ctx, delivery_id: int) -> WebhookDelivery:
    """Sends the delivery's event to its endpoint again, as a new delivery due now."""
    require_admin(ctx)
    earlier = await session.scalar(
        select(WebhookDelivery).where(col(WebhookDelivery.id) == delivery_id)
    )
    if earlier is None:
        raise NotFound("webhook_delivery", "Webhook delivery not found.")
    now = ctx.now()
    again = WebhookDelivery(
        endpoint_id=earlier.endpoint_id,
        event_id=earlier.event_id,
        next_attempt_at=now,
        created_at=now,
        updated_at=now,
    )
    session.add(again)
    await session.flush()
    return again


@dataclass(frozen=True)
class EndpointHealth:
    endpoint: WebhookEndpoint
    queued: int
    oldest_undelivered_at: datetime | None
    failed_last_day: int


async def webhook_health(session: AsyncSession, *, ctx: Ctx) -> list[EndpointHealth]:
    """Per endpoint: deliveries waiting, the oldest one's age, failures in the last 24 hours."""
    require_admin(ctx)
    endpoints = list(
        await session.scalars(select(WebhookEndpoint).order_by(col(WebhookEndpoint.id)))
    )
    waiting: dict[int, tuple[int, datetime | None]] = {
        endpoint_id: (count, oldest)
        for endpoint_id, count, oldest in await session.execute(
            select(
                col(WebhookDelivery.endpoint_id),
                func.count(),
                func.min(WebhookDelivery.created_at),
            )
            .where(col(WebhookDelivery.status).in_(UNDELIVERED))
            .group_by(col(WebhookDelivery.endpoint_id))
        )
    }
    since = ctx.now() - timedelta(days=1)
    failed: dict[int, int] = dict(
        (
            await session.execute(
                select(col(WebhookDelivery.endpoint_id), func.count())
                .join(WebhookAttempt, col(WebhookAttempt.delivery_id) == col(WebhookDelivery.id))
                .where(
                    col(WebhookAttempt.attempted_at) >= since,
                    col(WebhookAttempt.error).is_not(None)
                    | (col(WebhookAttempt.status_code) < 200)
                    | (col(WebhookAttempt.status_code) >= 300),
                )
                .group_by(col(WebhookDelivery.endpoint_id))
            )
        ).all()
    )
    health = []
    for endpoint in endpoints:
        assert endpoint.id is not None
        queued, oldest = waiting.get(endpoint.id, (0, None))
        health.append(
            EndpointHealth(
                endpoint=endpoint,
                queued=queued,
                oldest_undelivered_at=oldest,
                failed_last_day=failed.get(endpoint.id, 0),
            )
        )
    return health


async def purge_old(session: AsyncSession, *, now: datetime, keep_days: int) -> int:
    """Finished deliveries (and their attempts) older than keep_days go; all tenants."""
    result = await session.execute(
        delete(WebhookDelivery).where(
            col(WebhookDelivery.status).in_((DeliveryStatus.SUCCEEDED, DeliveryStatus.FAILED)),
            col(WebhookDelivery.updated_at) < now - timedelta(days=keep_days),
        )
    )
    return int(getattr(result, "rowcount", 0) or 0)
