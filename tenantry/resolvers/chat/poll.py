"""Long-polling for clients without a WebSocket.

The poll subscribes to the conversation's channels first and reads the database after, so a
message committed in between is found either way. Each read is a short unit of its own: no
session (and no pooled connection) is held while the poll waits, which is what lets thousands of
visitors wait at once. An event only wakes the poll; the answer always comes from the database,
so a publish lost by the broker delays an answer until the next poll but never loses a message.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from broadcaster import Broadcast, Event
from broadcaster._base import Subscriber

from tenantry.core.context import Ctx
from tenantry.core.errors import ValidationFailed
from tenantry.db.database import Database
from tenantry.models.chat import ChatMessage
from tenantry.realtime import channels
from tenantry.realtime.events import decode_event
from tenantry.resolvers.chat.access import get_conversation
from tenantry.resolvers.chat.events import TYPING
from tenantry.resolvers.chat.messages import check_limit, messages_after
from tenantry.resolvers.chat.typing import Typing, TypingWatch


@dataclass(frozen=True)
class PollResult:
    messages: list[ChatMessage]
    typing: Typing | None = None


def check_timeout(ctx: Ctx, timeout: float | None) -> float:
    limit = ctx.settings.chat_poll_timeout_seconds
    if timeout is None:
        return limit
    if not 0 <= timeout <= limit:
        raise ValidationFailed.single(
            "timeout", f"The timeout field must be between 0 and {limit:g}."
        )
    return timeout


async def _read(
    db: Database, ctx: Ctx, conversation_id: int, after: int, limit: int
) -> list[ChatMessage]:
    async with db.unit(ctx.tenant.id) as unit:
        return await messages_after(
            unit.session, conversation_id=conversation_id, after=after, limit=limit
        )


async def _next_event(subscribers: list[Subscriber], within: float) -> Event | None:
    """The first event any subscriber gets within the time; None when none came."""
    waits = [asyncio.ensure_future(subscriber.get()) for subscriber in subscribers]
    try:
        done, _ = await asyncio.wait(waits, timeout=max(within, 0.0), return_when="FIRST_COMPLETED")
    finally:
        for wait in waits:
            wait.cancel()
        await asyncio.gather(*waits, return_exceptions=True)
    # Several at once: any message wins over typing, the next read finds every message anyway.
    for wait in waits:
        if wait in done and not wait.cancelled() and wait.exception() is None:
            return wait.result()
    return None


async def poll_messages(
    db: Database,
    broadcast: Broadcast,
    *,
    ctx: Ctx,
    conversation_id: int,
    after: int | None,
    wait_seconds: float | None = None,
    limit: int | None = None,
) -> PollResult:
    """Messages after `after` at once if any; else the first to arrive, the other side's typing,
    or nothing when the timeout passes."""
    wait = check_timeout(ctx, wait_seconds)
    size = check_limit(limit)
    async with db.unit(ctx.tenant.id) as unit:
        await get_conversation(unit.session, ctx=ctx, conversation_id=conversation_id)
    watch = TypingWatch(ctx)
    cursor = after or 0
    tenant_id = ctx.tenant.id
    loop = asyncio.get_running_loop()
    deadline = loop.time() + wait
    async with (
        broadcast.subscribe(channel=channels.chat(tenant_id, conversation_id)) as messages,
        broadcast.subscribe(channel=channels.chat_typing(tenant_id, conversation_id)) as typing,
    ):
        while True:
            found = await _read(db, ctx, conversation_id, cursor, size)
            if found:
                return PollResult(found)
            event = await _next_event([messages, typing], deadline - loop.time())
            if event is None:
                return PollResult([])
            name, data = decode_event(event.message)
            heard = watch.hear(data) if name == TYPING else None
            if heard is not None:
                return PollResult([], heard)
