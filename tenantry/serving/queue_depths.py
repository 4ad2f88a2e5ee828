"""How much background work is waiting, across tenants: mail not yet sent, agent runs not yet
started, webhook deliveries not yet made.

Prometheus collectors are synchronous, so the counts are taken by the async `/metrics` endpoint
before it renders: one statement of three COUNTs per scrape, bounded by a timeout. A count that
takes longer keeps running in the background while the scrape answers the last values; the next
scrape starts no second count while one is still running."""

from __future__ import annotations

import asyncio
import logging

from prometheus_client import Gauge
from sqlalchemy import func
from sqlmodel import col, select

from tenantry.db.database import Database
from tenantry.models.agents import AgentExecution, ExecutionStatus
from tenantry.models.mail import MailOutbox, MailStatus
from tenantry.models.webhooks import DeliveryStatus, WebhookDelivery

log = logging.getLogger(__name__)

COUNT_SECONDS = 1.0
QUEUES = ("mail", "agent_runs", "webhook_deliveries")


async def count_queues(db: Database) -> dict[str, int]:
    """The depth of each queue, every tenant's rows together (a system unit: no tenant filter)."""
    mail = select(func.count()).where(col(MailOutbox.status) == MailStatus.PENDING)
    runs = select(func.count()).where(col(AgentExecution.status) == ExecutionStatus.QUEUED)
    deliveries = select(func.count()).where(col(WebhookDelivery.status) == DeliveryStatus.PENDING)
    statement = select(
        mail.select_from(MailOutbox).scalar_subquery(),
        runs.select_from(AgentExecution).scalar_subquery(),
        deliveries.select_from(WebhookDelivery).scalar_subquery(),
    )
    async with db.unit(None) as uow:
        row = (await uow.session.execute(statement)).one()
    return dict(zip(QUEUES, (int(value or 0) for value in row), strict=True))


class QueueDepths:
    def __init__(self, gauge: Gauge, *, timeout: float = COUNT_SECONDS) -> None:
        self.gauge = gauge
        self.timeout = timeout
        self._counting: asyncio.Task[None] | None = None

    async def refresh(self, db: Database) -> None:
        """Counts now, or waits up to the timeout for the count already running."""
        if self._counting is None or self._counting.done():
            self._counting = asyncio.create_task(self._count(db))
        try:
            await asyncio.wait_for(asyncio.shield(self._counting), self.timeout)
        except TimeoutError:
            log.warning(
                "counting the background queues takes over %.1fs; last values", self.timeout
            )

    async def _count(self, db: Database) -> None:
        try:
            depths = await count_queues(db)
        except Exception:
            log.warning("could not count the background queues", exc_info=True)
            return
        for queue, depth in depths.items():
            self.gauge.labels(queue).set(depth)
