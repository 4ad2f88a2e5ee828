"""Tells the other app processes which tables this one's commits changed, and hears theirs.

Each process keeps its own response cache and its own table stamps, so a write committed by
process A must reach B's stamps before B can stop serving answers the write made stale. Changes
are coalesced: however many commits land between two turns of the event loop, one message
carries them all.
"""

from __future__ import annotations

import asyncio
import json
import logging
import secrets
from contextlib import suppress
from typing import Any, Final

from broadcaster import Broadcast

from tenantry.db.changes import TableStamps
from tenantry.realtime.broadcast import create_broadcast, events
from tenantry.realtime.events import MAX_PAYLOAD_BYTES

CHANNEL: Final = "tenantry:tables"

log = logging.getLogger(__name__)


def encode_changes(origin: str, changes: dict[int | None, set[str]]) -> list[str]:
    """Messages of at most MAX_PAYLOAD_BYTES carrying every change (one tenant never splits)."""
    messages: list[str] = []
    batch: list[list[Any]] = []

    def encoded(entries: list[list[Any]]) -> str:
        return json.dumps({"origin": origin, "changes": entries}, separators=(",", ":"))

    for tenant_id, tables in changes.items():
        entry = [tenant_id, sorted(tables)]
        if batch and len(encoded([*batch, entry]).encode()) > MAX_PAYLOAD_BYTES:
            messages.append(encoded(batch))
            batch = []
        batch.append(entry)
    if batch:
        messages.append(encoded(batch))
    return messages


class TableChangeRelay:
    def __init__(self, broadcast: Broadcast, stamps: TableStamps) -> None:
        self.broadcast = broadcast
        self.stamps = stamps
        self.origin = secrets.token_hex(8)
        self._pending: dict[int | None, set[str]] = {}
        self._tasks: set[asyncio.Task[None]] = set()
        self._listening = asyncio.Event()
        self._listener: asyncio.Task[None] | None = None

    async def start(self) -> None:
        self.stamps.listen(self._changed)
        self._listener = asyncio.create_task(self._listen())
        await self._listening.wait()

    async def stop(self) -> None:
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)
        if self._listener is not None:
            self._listener.cancel()
            with suppress(asyncio.CancelledError):
                await self._listener
            self._listener = None

    def _changed(self, tenant_id: int | None, tables: frozenset[str], local: bool) -> None:
        if not local:
            return  # heard from another process: it has told everyone already
        first = not self._pending
        self._pending.setdefault(tenant_id, set()).update(tables)
        if first:
            task = asyncio.get_running_loop().create_task(self._publish())
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

    async def _publish(self) -> None:
        await asyncio.sleep(0)  # let the commits of this turn of the loop join the message
        pending, self._pending = self._pending, {}
        for message in encode_changes(self.origin, pending):
            try:
                await self.broadcast.publish(channel=CHANNEL, message=message)
            except Exception:
                # Other processes miss this change until their entries expire (the cache TTL).
                log.exception("could not publish table changes")

    async def _listen(self) -> None:
        while True:
            try:
                async with self.broadcast.subscribe(CHANNEL) as subscriber:
                    self._listening.set()
                    async for event in events(subscriber):
                        self._apply(event.message)
            except Exception:
                log.exception("table-change subscription failed; retrying")
            self._listening.set()  # start() must not wait on a broker that is down
            await asyncio.sleep(1.0)

    def _apply(self, message: str) -> None:
        try:
            payload = json.loads(message)
            if payload["origin"] == self.origin:
                return
            for tenant_id, tables in payload["changes"]:
                self.stamps.changed(tenant_id, tables, local=False)
        except (ValueError, KeyError, TypeError):
            log.warning("ignored a malformed table-change message: %.200s", message)


def collect_changes(stamps: TableStamps) -> dict[int | None, set[str]]:
    """What this process commits from now on, by tenant: for announce_changes."""
    changed: dict[int | None, set[str]] = {}
    stamps.listen(lambda tenant_id, tables, _: changed.setdefault(tenant_id, set()).update(tables))
    return changed


async def announce_changes(broadcast_url: str, changes: dict[int | None, set[str]]) -> bool:
    """For processes without a relay (the CLI): tells running instances what they changed.
    False when the pub/sub could not be reached (they then see it after their caches' TTLs)."""
    if not changes or broadcast_url == "memory://":
        return True
    broadcast = create_broadcast(broadcast_url)
    try:
        await broadcast.connect()
        try:
            for message in encode_changes(f"cli-{secrets.token_hex(8)}", changes):
                await broadcast.publish(channel=CHANNEL, message=message)
        finally:
            await broadcast.disconnect()
    except Exception:
        log.warning("could not tell running servers about the change", exc_info=True)
        return False
    return True
