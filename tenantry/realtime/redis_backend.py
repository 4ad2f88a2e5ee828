"""A Redis pub/sub backend for broadcaster that does not lose messages.

broadcaster 0.3.1's RedisBackend starts `pubsub.listen()` as soon as the first subscribe call
sets its ready flag, before SUBSCRIBE has been registered; with redis-py 8, `listen()` returns
at once when the connection has no subscriptions, the loop then waits on a flag that is never
cleared again, and every message is dropped. Here the listener polls with `get_message` only
while subscriptions exist, and survives a broker that goes away and comes back.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from broadcaster import Event
from broadcaster._backends.base import BroadcastBackend
from redis import asyncio as redis
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

log = logging.getLogger(__name__)


class FixedRedisBackend(BroadcastBackend):
    def __init__(self, url: str) -> None:
        self._conn = redis.Redis.from_url(url)
        self._pubsub = self._conn.pubsub(ignore_subscribe_messages=True)
        self._queue: asyncio.Queue[Event] = asyncio.Queue()
        self._has_channels = asyncio.Event()
        self._listener: asyncio.Task[None] | None = None

    async def connect(self) -> None:
        self._listener = asyncio.create_task(self._listen())

    async def disconnect(self) -> None:
        if self._listener is not None:
            self._listener.cancel()
            await asyncio.gather(self._listener, return_exceptions=True)
        await self._pubsub.aclose()  # type: ignore[no-untyped-call]
        await self._conn.aclose()

    async def subscribe(self, channel: str) -> None:
        await self._pubsub.subscribe(channel)
        self._has_channels.set()

    async def unsubscribe(self, channel: str) -> None:
        await self._pubsub.unsubscribe(channel)

    async def publish(self, channel: str, message: Any) -> None:
        await self._conn.publish(channel, message)

    async def next_published(self) -> Event:
        return await self._queue.get()

    async def _listen(self) -> None:
        while True:
            await self._has_channels.wait()
            if not self._pubsub.subscribed:
                self._has_channels.clear()
                continue
            try:
                message = await self._pubsub.get_message(
                    ignore_subscribe_messages=True, timeout=1.0
                )
            except (RedisConnectionError, RedisTimeoutError, OSError):
                log.warning("redis pub/sub connection lost; retrying")
                await asyncio.sleep(0.5)
                continue
            if message is not None and message.get("type") == "message":
                channel = message["channel"]
                data = message["data"]
                await self._queue.put(
                    Event(
                        channel=channel.decode() if isinstance(channel, bytes) else channel,
                        message=data.decode() if isinstance(data, bytes) else data,
                    )
                )
