"""Storing a chat message: the one write every sender goes through, published after commit."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from tenantry.core.context import Ctx
from tenantry.core.errors import Conflict, NotFound
from tenantry.models.chat import ChatMessage, Conversation, ConversationStatus, SenderType
from tenantry.resolvers.chat.events import INBOX_MESSAGE, publish_inbox, publish_message

MAX_BODY = 5000
CLOSED = "This conversation is closed."


async def add_message(
    session: AsyncSession,
    *,
    ctx: Ctx,
    conversation: Conversation,
    sender_type: SenderType,
    body: str,
    staff_id: int | None = None,
) -> ChatMessage:
    """Stores a message of an open conversation; subscribers hear of it once it is committed."""
    if conversation.status != ConversationStatus.OPEN:
        raise Conflict(CLOSED, code="conversation_closed")
    assert conversation.id is not None
    now = ctx.now()
    message = ChatMessage(
        conversation_id=conversation.id,
        sender_type=sender_type,
        staff_id=staff_id,
        body=body,
        created_at=now,
    )
    session.add(message)
    conversation.last_message_at = now
    conversation.updated_at = now
    await session.flush()
    publish_message(session, ctx=ctx, message=message)
    return message


async def add_bot_message(
    session: AsyncSession, *, ctx: Ctx, conversation_id: int, body: str
) -> ChatMessage:
    """A bot's reply (the AI agents): no caller check, the runner decides; it does not count
    as an agent's first response."""
    query = select(Conversation).where(col(Conversation.id) == conversation_id)
    conversation = (await session.scalars(query.with_for_update())).first()
    if conversation is None:
        raise NotFound("conversation")
    message = await add_message(
        session, ctx=ctx, conversation=conversation, sender_type=SenderType.BOT, body=body
    )
    publish_inbox(session, ctx=ctx, conversation=conversation, kind=INBOX_MESSAGE)
    return message
