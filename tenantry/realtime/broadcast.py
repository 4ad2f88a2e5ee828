from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any
from urllib.parse import urlsplit

from broadcaster import Broadcast
from broadcaster._base import Event, Subscriber, Unsubscribed

from tenantry.realtime.envelope import lag, stamp, unstamp
from tenantry.realtime.postgres_backend import FixedPostgresBackend
from tenantry.realtime.redis_backend import FixedRedisBackend

log = logging.getLogger(__name__)

POSTGRES_SCHEMES = ("postgres", "postgresql", "postgresql+asyncpg")

# Told each message's publish-to-receive delay in seconds, and the broker's kind.
LagListener = Callable[[str, float], None]


class SafeBroadcast(Broadcast):
    """broadcaster's Broadcast, with subscribe safe for concurrent subscribers of one channel.

    broadcaster 0.3.1 awaits the backend's SUBSCRIBE before registering the first queue, so
    subscribers arriving meanwhile each replace the channel's queue set: all but the last never
    hear anything. Here the queue is registered first, and the backend's subscribe and
    unsubscribe run one at a time.

    Every message is stamped with its publish time on the way out (`envelope`); the listener
    strips the stamp and tells the lag listeners how long the message took to arrive.
    """

    def __init__(
        self, url: str | None = None, *, backend: Any = None, kind: str | None = None
    ) -> None:
        super().__init__(url, backend=backend)
        self.kind = kind or urlsplit(url or "").scheme or "custom"
        self._transitions = asyncio.Lock()
        self._lag_listeners: list[LagListener] = []

    def watch_lag(self, listener: LagListener) -> None:
        self._lag_listeners.append(listener)

    async def publish(self, channel: str, message: Any) -> None:
        await self._backend.publish(channel, stamp(str(message), now=time.time()))

    async def _listener(self) -> None:
        while True:
            event = await self._backend.next_published()
            sent, message = unstamp(event.message)
            if sent is not None:
                self._tell_lag(lag(sent, now=time.time()))
            delivered = Event(channel=event.channel, message=message)
            for queue in list(self._subscribers.get(event.channel, ())):
                await queue.put(delivered)

    def _tell_lag(self, seconds: float) -> None:
        for listener in self._lag_listeners:
            try:
                listener(self.kind, seconds)
            except Exception:  # a metric must never stop delivery: this task serves every channel
                log.exception("a pub/sub lag listener failed")

    @asynccontextmanager
    async def subscribe(self, channel: str) -> AsyncIterator[Subscriber]:
        queue: asyncio.Queue[Event | None] = asyncio.Queue()
        async with self._transitions:
            queues = self._subscribers.setdefault(channel, set())
            first = not queues
            queues.add(queue)
            if first:
                try:
                    await self._backend.subscribe(channel)
                except BaseException:
                    self._forget(channel, queue)
                    raise
        try:
            yield Subscriber(queue)
        finally:
            async with self._transitions:
                if self._forget(channel, queue):
                    await self._backend.unsubscribe(channel)
            await queue.put(None)

    def _forget(self, channel: str, queue: asyncio.Queue[Event | None]) -> bool:
        """Drops queue; True when the channel has no subscriber left."""
        queues = self._subscribers.get(channel, set())
        queues.discard(queue)
        if queues:
            return False
        self._subscribers.pop(channel, None)
        return True


async def events(subscriber: Subscriber) -> AsyncIterator[Event]:
    """subscriber's events until it closes, as iterating it yields them; broadcaster 0.3.1
    annotates Subscriber.__aiter__ as returning an optional generator, which mypy cannot iterate."""
    try:
        while True:
            yield await subscriber.get()
    except Unsubscribed:
        return


def create_broadcast(url: str) -> Broadcast:
    """The broadcaster for url; redis:// and postgres:// go through our fixed backends."""
    scheme = urlsplit(url).scheme
    if scheme in ("redis", "rediss"):
        return SafeBroadcast(backend=FixedRedisBackend(url), kind="redis")
    if scheme in POSTGRES_SCHEMES:
        return SafeBroadcast(backend=FixedPostgresBackend(postgres_dsn(url)), kind="postgres")
    return SafeBroadcast(url)


def postgres_dsn(url: str) -> str:
    """asyncpg takes postgres:// or postgresql://, not SQLAlchemy's postgresql+asyncpg://."""
    return "postgres://" + url.split("://", 1)[1]
