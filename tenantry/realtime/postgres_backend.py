"""A PostgreSQL LISTEN/NOTIFY backend for broadcaster that takes concurrent publishes.

broadcaster 0.3.1's PostgresBackend sends LISTEN and every NOTIFY through one asyncpg
connection without a lock. asyncpg refuses a second operation while one is in flight, so two
requests committing at the same moment make all but one publish fail with InterfaceError, and
those events are lost; once the server drops the connection it is never reopened either. Here a
lock serialises the connection, and a dropped connection is reopened, with its LISTENs, in the
background.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import asyncpg
from broadcaster import Event
from broadcaster._backends.base import BroadcastBackend

log = logging.getLogger(__name__)

CONNECT_TIMEOUT = 10.0


class FixedPostgresBackend(BroadcastBackend):
    def __init__(self, url: str, *, retry_delay: float = 0.2, max_retry_delay: float = 5.0) -> None:
        self._url = url
        self._retry_delay = retry_delay
        self._max_retry_delay = max_retry_delay
        self._lock = asyncio.Lock()
        self._channels: set[str] = set()
        self._queue: asyncio.Queue[Event] = asyncio.Queue()
        self._conn: asyncpg.Connection | None = None
        self._reconnecting: asyncio.Task[None] | None = None
        self._closing = False

    async def connect(self) -> None:
        self._closing = False
        async with self._lock:
            await self._connection()

    async def disconnect(self) -> None:
        self._closing = True
        if self._reconnecting is not None:
            self._reconnecting.cancel()
            await asyncio.gather(self._reconnecting, return_exceptions=True)
        async with self._lock:
            if self._conn is not None:
                await self._conn.close()
                self._conn = None

    async def subscribe(self, channel: str) -> None:
        async with self._lock:
            conn = await self._connection()
            await conn.add_listener(channel, self._on_notify)
            self._channels.add(channel)

    async def unsubscribe(self, channel: str) -> None:
        async with self._lock:
            self._channels.discard(channel)
            if self._conn is not None and not self._conn.is_closed():
                await self._conn.remove_listener(channel, self._on_notify)

    async def publish(self, channel: str, message: Any) -> None:
        async with self._lock:
            conn = await self._connection()
            await conn.execute("SELECT pg_notify($1, $2)", channel, message)

    async def next_published(self) -> Event:
        return await self._queue.get()

    async def _connection(self) -> asyncpg.Connection:
        """The open connection, reopened if it was lost; the caller holds the lock."""
        if self._conn is None or self._conn.is_closed():
            conn = await asyncpg.connect(self._url, timeout=CONNECT_TIMEOUT)
            try:
                for channel in self._channels:
                    await conn.add_listener(channel, self._on_notify)
            except BaseException:
                await conn.close()
                raise
            conn.add_termination_listener(self._on_terminated)
            self._conn = conn
        return self._conn

    def _on_notify(self, connection: object, pid: int, channel: str, payload: object) -> None:
        self._queue.put_nowait(Event(channel=channel, message=str(payload)))

    def _on_terminated(self, connection: object) -> None:
        if self._closing or connection is not self._conn:
            return
        if self._reconnecting is None or self._reconnecting.done():
            self._reconnecting = asyncio.create_task(self._reconnect())

    async def _reconnect(self) -> None:
        delay = self._retry_delay
        while True:
            try:
                async with self._lock:
                    await self._connection()
            except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError) as exc:
                log.warning("postgres LISTEN connection lost (%s); retrying in %.1fs", exc, delay)
                await asyncio.sleep(delay)
                delay = min(delay * 2, self._max_retry_delay)
            else:
                log.info("postgres LISTEN connection reopened")
                return
