"""Live chat. Access is checked in a short unit of work before listening; no session is held
while a subscription waits, and the few reads it makes later (catching up, a message too large
for its event) each open a unit of their own."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator

import strawberry
from broadcaster import Event
from broadcaster._base import Subscriber, Unsubscribed

from tenantry.core.ids import parse_cursor, parse_id
from tenantry.models import chat as rows
from tenantry.realtime import channels
from tenantry.realtime.broadcast import events
from tenantry.realtime.events import decode_event
from tenantry.resolvers import chat
from tenantry.resolvers.chat.messages import MAX_LIMIT
from tenantry.schema.chat.types import (
    ChatAgentPresence,
    ChatInboxEvent,
    ChatMessage,
    ChatTyping,
    GQLInfo,
)
from tenantry.schema.context import GraphQLContext


async def _events(subscriber: Subscriber, wanted: str) -> AsyncGenerator[dict[str, object], None]:
    async for message in events(subscriber):
        event, data = decode_event(message.message)
        if event == wanted:
            yield data


async def _missed(
    context: GraphQLContext, conversation_id: int, after: int
) -> list[rows.ChatMessage]:
    found: list[rows.ChatMessage] = []
    while True:
        async with context.open_unit() as unit:
            page = await chat.messages_after(
                unit.session, conversation_id=conversation_id, after=after, limit=MAX_LIMIT
            )
        found.extend(page)
        if len(page) < MAX_LIMIT:
            return found
        after = page[-1].id or after


async def _message(context: GraphQLContext, data: dict[str, object]) -> rows.ChatMessage | None:
    found = chat.message_from_data(dict(data))
    if found is not None:
        return found
    async with context.open_unit() as unit:
        return await chat.get_message(unit.session, message_id=int(str(data["id"])))


async def _next(subscriber: Subscriber, within: float | None) -> Event | None:
    """The next event, or None when `within` seconds pass first."""
    try:
        async with asyncio.timeout(within):
            return await subscriber.get()
    except TimeoutError:
        return None


@strawberry.type
class Subscription:
    @strawberry.subscription(
        description="New messages of one conversation, for its visitor or member and for "
        "agents. With `after`, the messages after that id come first: reconnect with the last "
        "id you saw and nothing is lost."
    )
    async def chat_messages(
        self, info: GQLInfo, conversation_id: strawberry.ID, after: strawberry.ID | None = None
    ) -> AsyncGenerator[ChatMessage, None]:
        context = info.context
        ctx = context.ctx
        cid = parse_id(conversation_id, "conversation")
        cursor = None if after is None else parse_cursor(after, "after")
        async with context.open_unit() as unit:
            await chat.get_conversation(unit.session, ctx=ctx, conversation_id=cid)
        channel = channels.chat(ctx.tenant.id, cid)
        async with context.services.broadcast.subscribe(channel=channel) as subscriber:
            # Subscribed before reading, so a message committed meanwhile is heard or read.
            caught_up: set[int] = set()
            if cursor is not None:
                for message in await _missed(context, cid, cursor):
                    caught_up.add(message.id or 0)
                    yield ChatMessage.from_model(message)
            async for data in _events(subscriber, chat.MESSAGE_CREATED):
                if int(str(data["id"])) in caught_up:
                    continue
                found = await _message(context, data)
                if found is not None:
                    yield ChatMessage.from_model(found)

    @strawberry.subscription(
        description="The other side's typing (a visitor hears agents and bots, agents hear the "
        "visitor). isTyping true lapses after a few seconds: an isTyping false is sent then."
    )
    async def chat_typing(
        self, info: GQLInfo, conversation_id: strawberry.ID
    ) -> AsyncGenerator[ChatTyping, None]:
        context = info.context
        ctx = context.ctx
        cid = parse_id(conversation_id, "conversation")
        async with context.open_unit() as unit:
            await chat.get_conversation(unit.session, ctx=ctx, conversation_id=cid)
        watch = chat.TypingWatch(ctx)
        clock = context.services.clock
        channel = channels.chat_typing(ctx.tenant.id, cid)
        async with context.services.broadcast.subscribe(channel=channel) as subscriber:
            while True:
                try:
                    event = await _next(subscriber, watch.next_lapse(clock.now()))
                except Unsubscribed:
                    return
                if event is None:
                    for stop in watch.lapsed(clock.now()):
                        yield ChatTyping.from_typing(stop)
                    continue
                name, data = decode_event(event.message)
                typing = watch.hear(data) if name == chat.TYPING else None
                if typing is not None:
                    yield ChatTyping.from_typing(typing)

    @strawberry.subscription(
        description="Agents: conversations as they are created, get messages, are assigned, "
        "closed or reopened."
    )
    async def agent_inbox(self, info: GQLInfo) -> AsyncGenerator[ChatInboxEvent, None]:
        context = info.context
        ctx = context.ctx
        chat.require_operator(ctx)
        channel = channels.agent_inbox(ctx.tenant.id)
        async with context.services.broadcast.subscribe(channel=channel) as subscriber:
            async for data in _events(subscriber, chat.INBOX_CHANGED):
                yield ChatInboxEvent.from_data(dict(data))

    @strawberry.subscription(description="Agents: other agents going online, away or offline.")
    async def agent_presence(self, info: GQLInfo) -> AsyncGenerator[ChatAgentPresence, None]:
        context = info.context
        ctx = context.ctx
        chat.require_operator(ctx)
        channel = channels.agent_presence(ctx.tenant.id)
        async with context.services.broadcast.subscribe(channel=channel) as subscriber:
            async for data in _events(subscriber, chat.PRESENCE_CHANGED):
                yield ChatAgentPresence.from_data(dict(data))
