"""Conversations: started by a visitor or member, closed by either side, reopened by agents."""

from __future__ import annotations

from pydantic import EmailStr, Field
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from tenantry.core.context import Ctx
from tenantry.core.errors import Unauthenticated
from tenantry.core.inputs import Input
from tenantry.core.pagination import Page, PageRequest, paginate
from tenantry.models.chat import Conversation, ConversationStatus, SenderType
from tenantry.models.member import Member
from tenantry.resolvers.chat.access import (
    get_conversation_for_staff,
    get_own_conversation,
    has_identity,
    owner_clause,
    require_operator,
)
from tenantry.resolvers.chat.events import (
    INBOX_CLOSED,
    INBOX_CREATED,
    INBOX_REOPENED,
    publish_inbox,
)
from tenantry.resolvers.chat.posting import MAX_BODY, add_message
from tenantry.resolvers.chat.responder import reply_after_commit

ANONYMOUS_NAME = "Visitor"


class StartConversationIn(Input):
    visitor_name: str | None = Field(default=None, max_length=200)
    visitor_email: EmailStr | None = Field(default=None, max_length=254)
    initial_message: str = Field(min_length=1, max_length=MAX_BODY)


async def _display_name(session: AsyncSession, *, ctx: Ctx, given: str | None) -> str:
    if given:
        return given
    principal = ctx.principal
    if principal.is_member and principal.member_id is not None:
        query = select(Member.name).where(col(Member.id) == principal.member_id)
        name = await session.scalar(query)
        if name:
            return str(name)
    return ANONYMOUS_NAME


async def start_conversation(
    session: AsyncSession, *, ctx: Ctx, data: StartConversationIn
) -> Conversation:
    """A new open conversation with its first message, announced to the agents' inbox."""
    if not has_identity(ctx):
        raise Unauthenticated("A visitor id or a member token is required.")
    principal = ctx.principal
    now = ctx.now()
    conversation = Conversation(
        visitor_id=principal.visitor_id,
        member_id=principal.member_id if principal.is_member else None,
        visitor_name=await _display_name(session, ctx=ctx, given=data.visitor_name),
        visitor_email=str(data.visitor_email) if data.visitor_email else None,
        status=ConversationStatus.OPEN,
        last_message_at=now,
        created_at=now,
        updated_at=now,
    )
    session.add(conversation)
    await session.flush()
    message = await add_message(
        session,
        ctx=ctx,
        conversation=conversation,
        sender_type=SenderType.VISITOR,
        body=data.initial_message,
    )
    publish_inbox(session, ctx=ctx, conversation=conversation, kind=INBOX_CREATED)
    assert conversation.id is not None
    assert message.id is not None
    # Visitors usually ask their question in the message that opens the conversation.
    await reply_after_commit(
        session, ctx=ctx, conversation_id=conversation.id, message_id=message.id
    )
    return conversation


async def list_my_conversations(
    session: AsyncSession, *, ctx: Ctx, page: PageRequest
) -> Page[Conversation]:
    """The caller's own, latest activity first; nobody's for a caller without an identity."""
    query = (
        select(Conversation)
        .where(owner_clause(ctx))
        .order_by(col(Conversation.last_message_at).desc(), col(Conversation.id).desc())
    )
    return await paginate(session, query, page)


def _close(conversation: Conversation, *, ctx: Ctx) -> bool:
    if conversation.status == ConversationStatus.CLOSED:
        return False
    now = ctx.now()
    conversation.status = ConversationStatus.CLOSED
    conversation.closed_at = now
    conversation.updated_at = now
    return True


async def close_conversation(
    session: AsyncSession, *, ctx: Ctx, conversation_id: int
) -> Conversation:
    """The visitor ends their conversation; closing a closed one changes nothing."""
    conversation = await get_own_conversation(
        session, ctx=ctx, conversation_id=conversation_id, for_update=True
    )
    if _close(conversation, ctx=ctx):
        await session.flush()
        publish_inbox(session, ctx=ctx, conversation=conversation, kind=INBOX_CLOSED)
    return conversation


async def close_conversation_as_operator(
    session: AsyncSession, *, ctx: Ctx, conversation_id: int
) -> Conversation:
    require_operator(ctx)
    conversation = await get_conversation_for_staff(
        session, ctx=ctx, conversation_id=conversation_id, for_update=True
    )
    if _close(conversation, ctx=ctx):
        await session.flush()
        publish_inbox(session, ctx=ctx, conversation=conversation, kind=INBOX_CLOSED)
    return conversation


async def reopen_conversation(
    session: AsyncSession, *, ctx: Ctx, conversation_id: int
) -> Conversation:
    """Back to open, keeping its assignment; reopening an open one changes nothing."""
    require_operator(ctx)
    conversation = await get_conversation_for_staff(
        session, ctx=ctx, conversation_id=conversation_id, for_update=True
    )
    if conversation.status == ConversationStatus.CLOSED:
        conversation.status = ConversationStatus.OPEN
        conversation.closed_at = None
        conversation.updated_at = ctx.now()
        await session.flush()
        publish_inbox(session, ctx=ctx, conversation=conversation, kind=INBOX_REOPENED)
    return conversation
