"""The agents' side: inbox, assignment, presence, availability and dashboard stats."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field
from sqlalchemy import ColumnElement, func
from sqlalchemy import select as sa_select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from tenantry.core.context import Ctx
from tenantry.core.errors import ValidationFailed
from tenantry.core.inputs import Input
from tenantry.core.pagination import Page, PageRequest, paginate
from tenantry.models.chat import (
    ChatMessage,
    Conversation,
    ConversationStatus,
    OperatorPresence,
    PresenceStatus,
)
from tenantry.models.tenant import Staff
from tenantry.resolvers.chat.access import get_conversation_for_staff, require_operator
from tenantry.resolvers.chat.events import INBOX_ASSIGNED, publish_inbox, publish_presence

# An agent counts as online only if their status was set (or confirmed) this recently, so a
# closed laptop does not promise visitors an answer forever.
PRESENCE_FRESH_SECONDS = 300


class InboxFilter(StrEnum):
    ALL = "all"
    OPEN = "open"
    MINE = "mine"
    UNASSIGNED = "unassigned"
    CLOSED = "closed"


class OperatorStatusIn(Input):
    status: PresenceStatus = Field()


@dataclass(frozen=True)
class InboxEntry:
    conversation: Conversation
    last_message: ChatMessage | None


@dataclass(frozen=True)
class Availability:
    available: bool
    online_agents: int


@dataclass(frozen=True)
class OperatorStats:
    open: int
    waiting: int
    assigned_to_me: int
    closed_today: int
    average_first_response_seconds: float | None
    average_resolution_seconds: float | None


def _inbox_clause(inbox: InboxFilter, staff_id: int) -> ColumnElement[bool] | None:
    is_open = col(Conversation.status) == ConversationStatus.OPEN
    if inbox is InboxFilter.OPEN:
        return is_open
    if inbox is InboxFilter.MINE:
        return is_open & (col(Conversation.assigned_staff_id) == staff_id)
    if inbox is InboxFilter.UNASSIGNED:
        return is_open & col(Conversation.assigned_staff_id).is_(None)
    if inbox is InboxFilter.CLOSED:
        return col(Conversation.status) == ConversationStatus.CLOSED
    return None


async def last_messages(
    session: AsyncSession, conversation_ids: list[int]
) -> dict[int, ChatMessage]:
    if not conversation_ids:
        return {}
    latest = (
        select(func.max(ChatMessage.id))
        .where(col(ChatMessage.conversation_id).in_(conversation_ids))
        .group_by(col(ChatMessage.conversation_id))
    )
    rows = await session.scalars(select(ChatMessage).where(col(ChatMessage.id).in_(latest)))
    return {message.conversation_id: message for message in rows.all()}


async def list_inbox(
    session: AsyncSession, *, ctx: Ctx, inbox: InboxFilter, page: PageRequest
) -> Page[InboxEntry]:
    """Latest activity first, each with its last message; three statements."""
    staff_id = require_operator(ctx)
    query = select(Conversation).order_by(
        col(Conversation.last_message_at).desc(), col(Conversation.id).desc()
    )
    clause = _inbox_clause(inbox, staff_id)
    if clause is not None:
        query = query.where(clause)
    found = await paginate(session, query, page)
    last = await last_messages(session, [c.id for c in found.items if c.id is not None])
    entries = [InboxEntry(c, last.get(c.id or 0)) for c in found.items]
    return Page(items=entries, page=found.page, per_page=found.per_page, total=found.total)


async def get_conversation_as_operator(
    session: AsyncSession, *, ctx: Ctx, conversation_id: int
) -> Conversation:
    require_operator(ctx)
    return await get_conversation_for_staff(session, ctx=ctx, conversation_id=conversation_id)


async def assign_conversation(
    session: AsyncSession, *, ctx: Ctx, conversation_id: int, staff_id: int | None = None
) -> Conversation:
    """To an active staff member of the tenant; to the caller when no one is named."""
    me = require_operator(ctx)
    target = staff_id if staff_id is not None else me
    query = select(Staff.id).where(col(Staff.id) == target, col(Staff.is_active).is_(True))
    if await session.scalar(query) is None:
        raise ValidationFailed.single("staff_id", "The selected staff id is invalid.")
    conversation = await get_conversation_for_staff(
        session, ctx=ctx, conversation_id=conversation_id, for_update=True
    )
    if conversation.assigned_staff_id != target:
        conversation.assigned_staff_id = target
        conversation.updated_at = ctx.now()
        await session.flush()
        publish_inbox(session, ctx=ctx, conversation=conversation, kind=INBOX_ASSIGNED)
    return conversation


async def _presence_of(session: AsyncSession, staff_id: int) -> OperatorPresence | None:
    query = select(OperatorPresence).where(col(OperatorPresence.staff_id) == staff_id)
    found: OperatorPresence | None = (await session.scalars(query.with_for_update())).first()
    return found


async def set_operator_status(
    session: AsyncSession, *, ctx: Ctx, data: OperatorStatusIn
) -> OperatorPresence:
    """Sets (or, with the same status, confirms) the caller's presence; changes are announced."""
    staff_id = require_operator(ctx)
    now = ctx.now()
    presence = await _presence_of(session, staff_id)
    if presence is None:
        try:
            async with session.begin_nested():
                presence = OperatorPresence(staff_id=staff_id, status=data.status, updated_at=now)
                session.add(presence)
        except IntegrityError:  # the agent's other tab created it first
            presence = await _presence_of(session, staff_id)
            assert presence is not None
        else:
            publish_presence(session, ctx=ctx, presence=presence)
            return presence
    changed = presence.status != data.status
    presence.status = data.status
    presence.updated_at = now
    await session.flush()
    if changed:
        publish_presence(session, ctx=ctx, presence=presence)
    return presence


async def get_availability(session: AsyncSession, *, ctx: Ctx) -> Availability:
    """Public: how many active agents are online and were heard from recently."""
    fresh_since = ctx.now() - timedelta(seconds=PRESENCE_FRESH_SECONDS)
    query = (
        select(func.count())
        .select_from(OperatorPresence)
        .join(Staff, col(Staff.id) == col(OperatorPresence.staff_id))
        .where(
            col(OperatorPresence.status) == PresenceStatus.ONLINE,
            col(OperatorPresence.updated_at) >= fresh_since,
            col(Staff.is_active).is_(True),
        )
    )
    online = int(await session.scalar(query) or 0)
    return Availability(available=online > 0, online_agents=online)


def _seconds_between(session: AsyncSession, start: Any, end: Any) -> Any:
    if session.get_bind().dialect.name == "postgresql":
        return func.extract("epoch", end - start)
    return (func.julianday(end) - func.julianday(start)) * 86400.0


def _start_of_day(ctx: Ctx) -> datetime:
    try:
        zone = ZoneInfo(ctx.tenant.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        zone = ZoneInfo("UTC")
    local = ctx.now().astimezone(zone)
    return local.replace(hour=0, minute=0, second=0, microsecond=0)


def _seconds(value: Any) -> float | None:
    return round(float(value), 1) if value is not None else None


async def get_operator_stats(session: AsyncSession, *, ctx: Ctx) -> OperatorStats:
    """Counts now, "today" in the tenant's timezone, and averages over all conversations."""
    staff_id = require_operator(ctx)
    is_open = col(Conversation.status) == ConversationStatus.OPEN
    created = col(Conversation.created_at)
    first_response = _seconds_between(session, created, col(Conversation.first_response_at))
    resolution = _seconds_between(session, created, col(Conversation.closed_at))
    query = sa_select(
        func.count().filter(is_open),
        func.count().filter(is_open & col(Conversation.first_response_at).is_(None)),
        func.count().filter(is_open & (col(Conversation.assigned_staff_id) == staff_id)),
        func.count().filter(
            (col(Conversation.status) == ConversationStatus.CLOSED)
            & (col(Conversation.closed_at) >= _start_of_day(ctx))
        ),
        func.avg(first_response),
        func.avg(resolution).filter(col(Conversation.status) == ConversationStatus.CLOSED),
    ).select_from(Conversation)
    row = (await session.execute(query)).one()
    return OperatorStats(
        open=int(row[0] or 0),
        waiting=int(row[1] or 0),
        assigned_to_me=int(row[2] or 0),
        closed_today=int(row[3] or 0),
        average_first_response_seconds=_seconds(row[4]),
        average_resolution_seconds=_seconds(row[5]),
    )
