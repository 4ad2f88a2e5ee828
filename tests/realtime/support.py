"""Bounded waits on broadcaster subscribers."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

from broadcaster import Event
from broadcaster._base import Subscriber

WAIT = 5.0


async def next_event(subscriber: Subscriber, within: float = WAIT) -> Event:
    async with asyncio.timeout(within):
        return await subscriber.get()


async def events(subscriber: Subscriber, count: int, within: float = WAIT) -> list[Event]:
    async with asyncio.timeout(within):
        return [await subscriber.get() for _ in range(count)]


async def stays_silent(subscriber: Subscriber, seconds: float) -> bool:
    """True when nothing arrives for seconds."""
    try:
        async with asyncio.timeout(seconds):
            await subscriber.get()
    except TimeoutError:
        return True
    return False


async def until(check: Callable[[], Awaitable[bool]], within: float = WAIT) -> None:
    """Polls check, for state that another server changes and has no event for."""
    async with asyncio.timeout(within):
        while True:
            if await check():
                return
            await asyncio.sleep(0.05)
