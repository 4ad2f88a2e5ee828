"""The webhook worker: fans recorded events out to endpoints and delivers them, in the server's
process by default or on its own (`tenantry worker`), as many at once as the database allows.

Each step commits on its own: a claim is committed (as a lease) before anything is sent, and
each attempt's outcome after it. Deliveries are kept in flight side by side, one per endpoint,
so a slow receiver holds only its own slot; the loop claims more as slots free up.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from contextlib import suppress
from datetime import datetime, timedelta
from typing import Any

import httpx
from sqlmodel import col, select

from tenantry.clock import utcnow
from tenantry.config import Settings
from tenantry.db.database import Database
from tenantry.mail import Mailer
from tenantry.models.tenant import Staff, StaffRole
from tenantry.models.webhooks import WebhookEndpoint
from tenantry.resolvers.webhooks.deliveries import purge_old
from tenantry.resolvers.webhooks.delivery import Batch, Outcome, claim_due, record_batch
from tenantry.resolvers.webhooks.dispatch import dispatch_events
from tenantry.serving.webhook_sender import send

log = logging.getLogger(__name__)

PURGE_EVERY = timedelta(hours=1)
PER_ENDPOINT = 25  # deliveries of one endpoint claimed together and sent in order
LEASE_MARGIN_SECONDS = 1.0  # kept free at the end of a lease to record what was sent


class WebhookWorker:
    def __init__(
        self, db: Database, settings: Settings, *, clock: Callable[[], datetime] = utcnow
    ) -> None:
        self.db = db
        self.settings = settings
        self.clock = clock
        self.inflight: set[asyncio.Task[None]] = set()
        self._purged_at: datetime | None = None
        self._client: httpx.AsyncClient | None = None

    @property
    def client(self) -> httpx.AsyncClient:
        if self._client is None:
            self._client = httpx.AsyncClient(follow_redirects=False)
        return self._client

    async def __aenter__(self) -> WebhookWorker:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    async def close(self) -> None:
        if self.inflight:
            await asyncio.gather(*self.inflight, return_exceptions=True)
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    async def dispatch(self) -> int:
        async with self.db.unit(None) as uow:
            count = await dispatch_events(uow.session, now=self.clock())
            await uow.commit()
        return count

    async def claim(self, room: int) -> list[Batch]:
        if room <= 0:
            return []
        async with self.db.unit(None) as uow:
            batches = await claim_due(
                uow.session,
                now=self.clock(),
                endpoints=room,
                per_endpoint=PER_ENDPOINT,
                settings=self.settings,
            )
            await uow.commit()
        return batches

    async def deliver(self, batch: Batch) -> None:
        """Sends the batch in order until one fails or the lease would run out, then records
        every attempt in one transaction."""
        outcomes: list[Outcome] = []
        started = time.monotonic()
        budget = batch.lease.total_seconds() - LEASE_MARGIN_SECONDS
        for item in batch.items:
            elapsed = time.monotonic() - started
            if outcomes and elapsed + self.settings.webhook_timeout_seconds > budget:
                break
            outcome = await send(
                batch, item, client=self.client, settings=self.settings, now=self.clock()
            )
            outcomes.append(outcome)
            if not outcome.delivered:
                break
        async with self.db.unit(None) as uow:
            recorded = await record_batch(
                uow.session,
                batch=batch,
                outcomes=outcomes,
                now=self.clock(),
                settings=self.settings,
            )
            await uow.commit()
        if recorded.disabled_endpoint:
            await self._tell_owners(batch)

    async def step(self) -> int:
        """Dispatches, then starts as many due deliveries as there are free slots."""
        handled = await self.dispatch()
        batches = await self.claim(self.settings.webhook_concurrency - len(self.inflight))
        for batch in batches:
            task = asyncio.create_task(self._deliver_logged(batch))
            self.inflight.add(task)
            task.add_done_callback(self.inflight.discard)
        await self._purge_if_due()
        return handled + len(batches)

    async def drain(self) -> None:
        """Runs until nothing is due now and nothing is in flight (tests, `--once`)."""
        while True:
            handled = await self.step()
            if self.inflight:
                await asyncio.gather(*self.inflight, return_exceptions=True)
            elif not handled:
                return

    async def run(self, stop: asyncio.Event) -> None:
        try:
            while not stop.is_set():
                try:
                    handled = await self.step()
                except Exception:
                    log.exception("webhook worker step failed")
                    handled = 0
                if not handled:
                    await self._idle(stop)
        finally:
            await self.close()

    async def _idle(self, stop: asyncio.Event) -> None:
        stopped = asyncio.ensure_future(stop.wait())
        # A delivery finishing frees a slot, which may let a waiting one of its endpoint go.
        waits: set[asyncio.Future[Any]] = {stopped, *self.inflight}
        with suppress(asyncio.TimeoutError):
            await asyncio.wait(
                waits, timeout=self.settings.webhook_poll_seconds, return_when="FIRST_COMPLETED"
            )
        stopped.cancel()

    async def _deliver_logged(self, batch: Batch) -> None:
        try:
            await self.deliver(batch)
        except Exception:
            log.exception("webhook deliveries to endpoint %s failed", batch.endpoint_id)

    async def _purge_if_due(self) -> None:
        now = self.clock()
        if self._purged_at is not None and now - self._purged_at < PURGE_EVERY:
            return
        self._purged_at = now
        async with self.db.unit(None) as uow:
            await purge_old(uow.session, now=now, keep_days=self.settings.webhook_keep_days)
            await uow.commit()

    async def _tell_owners(self, batch: Batch) -> None:
        """An endpoint was disabled: its tenant's owners are mailed."""
        async with self.db.unit(batch.tenant_id) as uow:
            session = uow.session
            endpoint = await session.get(WebhookEndpoint, batch.endpoint_id)
            owners = await session.scalars(
                select(Staff.email).where(col(Staff.role) == StaffRole.OWNER)
            )
            mailer = Mailer(self.db, self.settings)
            reason = endpoint.disabled_reason if endpoint is not None else ""
            for email in owners:
                await mailer.queue(
                    session,
                    tenant_id=batch.tenant_id,
                    to=email,
                    subject="A webhook endpoint was disabled",
                    body=f"Deliveries to {batch.url} stopped: {reason}\n"
                    "Fix the receiver, then enable the endpoint again.",
                )
            await uow.commit()
