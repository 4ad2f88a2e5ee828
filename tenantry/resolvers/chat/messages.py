"""Chat messages: stored first, published after the commit, read back in id order."""

from __future__ import annotations

from pydantic import Field
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from tenantry.core.context import Ctx
from tenantry.core.errors import Conflict, NotFound, ValidationFailed
from tenantry.core.inputs import Input
from tenantry.models.chat import ChatMessage, Conversation, ConversationStatus, SenderType
from tenantry.resolvers.agents.responder import reply_after_commit
from tenantry.resolvers.chat.access import (
    get_conversation,
    get_conversation_for_staff,
    get_own_conversation,
    require_agent,
)
from tenantry.resolvers.chat.events import (
    INBOX_ASSIGNED,
    INBOX_MESSAGE,
    publish_inbox,
    publish_message,
)

MAX_BODY = 5000
DEFAULT_LIMIT = 50
MAX_LIMIT = 200
CLOSED = "This conversation is closed."


class MessageIn(Input):
    content: str = Field(min_length=1, max_length=MAX_BODY)


def check_limit(limit: int | None) -> int:
    if limit is None:
        return DEFAULT_LIMIT
    if not 1 <= limit <= MAX_LIMIT:
        raise ValidationFailed.single(
            "limit", f"The limit field must be between 1 and {MAX_LIMIT}."
        )
    return limit


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


async def send_message(
    session: AsyncSession, *, ctx: Ctx, conversation_id: int, data: MessageIn
) -> ChatMessage:
    """The visitor's (or member's) message in their own conversation."""
    conversation = await get_own_conversation(
        session, ctx=ctx, conversation_id=conversation_id, for_update=True
    )
    message = await add_message(
        session,
        ctx=ctx,
        conversation=conversation,
        sender_type=SenderType.VISITOR,
        body=data.content,
    )
    publish_inbox(session, ctx=ctx, conversation=conversation, kind=INBOX_MESSAGE)
    assert message.id is not None
    await reply_after_commit(
        session, ctx=ctx, conversation_id=conversation_id, message_id=message.id
    )
    return message


async def reply_as_agent(
    session: AsyncSession, *, ctx: Ctx, conversation_id: int, data: MessageIn
) -> ChatMessage:
    """An agent's reply; the first one sets first_response_at and takes an unassigned chat."""
    staff_id = require_agent(ctx)
    conversation = await get_conversation_for_staff(
        session, ctx=ctx, conversation_id=conversation_id, for_update=True
    )
    message = await add_message(
        session,
        ctx=ctx,
        conversation=conversation,
        sender_type=SenderType.AGENT,
        body=data.content,
        staff_id=staff_id,
    )
    if conversation.first_response_at is None:
        conversation.first_response_at = message.created_at
    kind = INBOX_MESSAGE
    if conversation.assigned_staff_id is None:
        conversation.assigned_staff_id = staff_id
        kind = INBOX_ASSIGNED
    await session.flush()
    publish_inbox(session, ctx=ctx, conversation=conversation, kind=kind)
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


async def messages_after(
    session: AsyncSession, *, conversation_id: int, after: int | None, limit: int
) -> list[ChatMessage]:
    """Oldest first: the first `limit` after `after`, or the latest `limit` without it."""
    query = select(ChatMessage).where(col(ChatMessage.conversation_id) == conversation_id)
    if after is not None:
        query = query.where(col(ChatMessage.id) > after).order_by(col(ChatMessage.id)).limit(limit)
        return list((await session.scalars(query)).all())
    query = query.order_by(col(ChatMessage.id).desc()).limit(limit)
    return list(reversed((await session.scalars(query)).all()))


async def list_messages(
    session: AsyncSession,
    *,
    ctx: Ctx,
    conversation_id: int,
    after: int | None = None,
    limit: int | None = None,
) -> list[ChatMessage]:
    """For the conversation's owner and agents."""
    size = check_limit(limit)
    await get_conversation(session, ctx=ctx, conversation_id=conversation_id)
    return await messages_after(session, conversation_id=conversation_id, after=after, limit=size)


async def get_message(session: AsyncSession, *, message_id: int) -> ChatMessage | None:
    """A published message that came without its body; the subscriber already had access."""
    query = select(ChatMessage).where(col(ChatMessage.id) == message_id)
    found: ChatMessage | None = (await session.scalars(query)).first()
    return found
