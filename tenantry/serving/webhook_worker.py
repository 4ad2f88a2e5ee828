"""The webhook worker: fans recorded events out to endpoints and delivers them, in the server's
process by default or on its own (`tenantry worker`), as many at once as the database allows.

Each step commits on its own: a claim is committed (as a lease) before anything is sent, and
each attempt's outcome after it. Deliveries are kept in flight side by side, one per endpoint,
so a slow receiver holds only its own slot; the loop claims more as slots free up.
"""

from __future__ import annotations

import asyncio
import logging
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
from tenantry.resolvers.webhooks.delivery import Job, claim_due, record_outcome
from tenantry.resolvers.webhooks.dispatch import dispatch_events
from tenantry.serving.webhook_sender import send

log = logging.getLogger(__name__)

PURGE_EVERY = timedelta(hours=1)


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

    async def claim(self, room: int) -> list[Job]:
        if room <= 0:
            return []
        async with self.db.unit(None) as uow:
            jobs = await claim_due(
                uow.session, now=self.clock(), limit=room, settings=self.settings
            )
            await uow.commit()
        return jobs

    async def deliver(self, job: Job) -> None:
        outcome = await send(job, client=self.client, settings=self.settings, now=self.clock())
        async with self.db.unit(None) as uow:
            recorded = await record_outcome(
                uow.session, job=job, outcome=outcome, now=self.clock(), settings=self.settings
            )
            await uow.commit()
        if recorded.disabled_endpoint:
            await self._tell_owners(job)

    async def step(self) -> int:
        """Dispatches, then starts as many due deliveries as there are free slots."""
        handled = await self.dispatch()
        jobs = await self.claim(self.settings.webhook_concurrency - len(self.inflight))
        for job in jobs:
            task = asyncio.create_task(self._deliver_logged(job))
            self.inflight.add(task)
            task.add_done_callback(self.inflight.discard)
        await self._purge_if_due()
        return handled + len(jobs)

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

    async def _deliver_logged(self, job: Job) -> None:
        try:
            await self.deliver(job)
        except Exception:
            log.exception("webhook delivery %s failed", job.delivery_id)

    async def _purge_if_due(self) -> None:
        now = self.clock()
        if self._purged_at is not None and now - self._purged_at < PURGE_EVERY:
            return
        self._purged_at = now
        async with self.db.unit(None) as uow:
            await purge_old(uow.session, now=now, keep_days=self.settings.webhook_keep_days)
            await uow.commit()

    async def _tell_owners(self, job: Job) -> None:
        """An endpoint was disabled: its tenant's owners are mailed."""
        async with self.db.unit(job.tenant_id) as uow:
            session = uow.session
            endpoint = await session.get(WebhookEndpoint, job.endpoint_id)
            owners = await session.scalars(
                select(Staff.email).where(col(Staff.role) == StaffRole.OWNER)
            )
            mailer = Mailer(self.db, self.settings)
            reason = endpoint.disabled_reason if endpoint is not None else ""
            for email in owners:
                await mailer.queue(
                    session,
                    tenant_id=job.tenant_id,
                    to=email,
                    subject="A webhook endpoint was disabled",
                    body=f"Deliveries to {job.url} stopped: {reason}\n"
                    "Fix the receiver, then enable the endpoint again.",
                )
            await uow.commit()
