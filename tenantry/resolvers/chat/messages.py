"""Chat messages: stored first, published after the commit, read back in id order."""

from __future__ import annotations

from pydantic import Field
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from tenantry.core.context import Ctx
from tenantry.core.errors import ValidationFailed
from tenantry.core.inputs import Input
from tenantry.models.chat import ChatMessage, SenderType
from tenantry.resolvers.chat.access import (
    get_conversation,
    get_conversation_for_staff,
    get_own_conversation,
    require_operator,
)
from tenantry.resolvers.chat.events import (
    INBOX_ASSIGNED,
    INBOX_MESSAGE,
    publish_inbox,
)
from tenantry.resolvers.chat.posting import MAX_BODY, add_message
from tenantry.resolvers.chat.responder import reply_after_commit

DEFAULT_LIMIT = 50
MAX_LIMIT = 200


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


async def reply_as_operator(
    session: AsyncSession, *, ctx: Ctx, conversation_id: int, data: MessageIn
) -> ChatMessage:
    """An agent's reply; the first one sets first_response_at and takes an unassigned chat."""
    staff_id = require_operator(ctx)
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
