"""The hold sweeper: releases every tenant's unpaid reservation holds past their expiry, so
their time reopens (and `reservation.cancelled` is written) even when no booking needs it.
It runs beside the webhook worker: in the server's process by default, or in `tenantry worker`.

Each tenant's holds are released in a transaction of their own, booking rows locked (skipping
those a payment being confirmed holds: that path settles the hold itself).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from contextlib import suppress
from datetime import datetime

from tenantry.clock import utcnow
from tenantry.config import Settings
from tenantry.db.database import Database
from tenantry.resolvers import reservations

log = logging.getLogger(__name__)


class HoldSweeper:
    def __init__(
        self, db: Database, settings: Settings, *, clock: Callable[[], datetime] = utcnow
    ) -> None:
        self.db = db
        self.settings = settings
        self.clock = clock

    async def sweep(self) -> dict[int, int]:
        """One pass over every tenant: how many holds each tenant had released."""
        now = self.clock()
        async with self.db.unit(None) as uow:
            tenant_ids = await reservations.tenants_with_lapsed_holds(uow.session, now=now)
        released: dict[int, int] = {}
        for tenant_id in tenant_ids:
            while True:
                async with self.db.unit(tenant_id) as uow:
                    batch = await reservations.release_lapsed_holds(uow.session, now=now)
                    await uow.commit()
                released[tenant_id] = released.get(tenant_id, 0) + len(batch)
                if len(batch) < reservations.SWEEP_BATCH:
                    break
        return released

    async def run(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            try:
                released = sum((await self.sweep()).values())
                if released:
                    log.info("released %d lapsed reservation holds", released)
            except Exception:
                log.exception("reservation hold sweep failed")
            with suppress(asyncio.TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=self.settings.hold_sweep_seconds)
