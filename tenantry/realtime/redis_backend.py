"""A Redis pub/sub backend for broadcaster that does not lose messages.

broadcaster 0.3.1's RedisBackend sets its ready flag before SUBSCRIBE is registered, so its
listener starts `pubsub.listen()` while the connection has no subscriptions yet; with redis-py 8,
`listen()` then returns at once, the flag is cleared, and it is only set again by the next
subscribe call: the first channel never delivers anything. Here the listener polls with
`get_message` only while subscriptions exist, and outlives a dropped connection: redis-py reopens
it on the next read and replays the SUBSCRIBEs. Publishes share a blocking pool, so a burst of
commits waits for a connection instead of failing with "Too many connections".
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from broadcaster import Event
from broadcaster._backends.base import BroadcastBackend
from redis import asyncio as redis
from redis.exceptions import RedisError

log = logging.getLogger(__name__)

POLL_SECONDS = 1.0
POOL_SIZE = 20  # the pub/sub connection and the publishers; ?max_connections= in the URL wins
POOL_WAIT_SECONDS = 10.0


class FixedRedisBackend(BroadcastBackend):
    def __init__(self, url: str, *, retry_delay: float = 0.2, max_retry_delay: float = 5.0) -> None:
        pool = redis.BlockingConnectionPool.from_url(
            url, max_connections=POOL_SIZE, timeout=POOL_WAIT_SECONDS
        )
        self._conn = redis.Redis.from_pool(pool)
        self._pubsub = self._conn.pubsub(ignore_subscribe_messages=True)
        self._retry_delay = retry_delay
        self._max_retry_delay = max_retry_delay
        self._queue: asyncio.Queue[Event] = asyncio.Queue()
        self._has_channels = asyncio.Event()
        # redis-py's PubSub is not safe for concurrent commands: two SUBSCRIBEs racing on a
        # fresh PubSub each open a connection, and every channel but one is lost.
        self._commands = asyncio.Lock()
        self._listener: asyncio.Task[None] | None = None

    async def connect(self) -> None:
        self._listener = asyncio.create_task(self._listen())

    async def disconnect(self) -> None:
        if self._listener is not None:
            self._listener.cancel()
            await asyncio.gather(self._listener, return_exceptions=True)
            self._listener = None
        await self._pubsub.aclose()
        await self._conn.aclose()

    async def subscribe(self, channel: str) -> None:
        async with self._commands:
            await self._pubsub.subscribe(channel)
        self._has_channels.set()

    async def unsubscribe(self, channel: str) -> None:
        async with self._commands:
            await self._pubsub.unsubscribe(channel)

    async def publish(self, channel: str, message: Any) -> None:
        await self._conn.publish(channel, message)

    async def next_published(self) -> Event:
        return await self._queue.get()

    async def _listen(self) -> None:
        delay = self._retry_delay
        while True:
            await self._has_channels.wait()
            if not self._pubsub.subscribed:
                self._has_channels.clear()
                continue
            try:
                message = await self._pubsub.get_message(
                    ignore_subscribe_messages=True, timeout=POLL_SECONDS
                )
            except (RedisError, OSError) as exc:
                log.warning("redis pub/sub connection lost (%s); retrying in %.1fs", exc, delay)
                await asyncio.sleep(delay)
                delay = min(delay * 2, self._max_retry_delay)
                continue
            delay = self._retry_delay
            if message is not None and message.get("type") == "message":
                self._queue.put_nowait(
                    Event(channel=_text(message["channel"]), message=_text(message["data"]))
                )


def _text(value: str | bytes) -> str:
    return value.decode() if isinstance(value, bytes) else value
