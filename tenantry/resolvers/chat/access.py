"""Who may see a conversation.

A visitor sees the conversations started with their `visitor_id` cookie, a member those started
while signed in (and those of the visitor cookie the browser still carries); agents (any staff
role) see every conversation of the tenant. Anyone else's conversation, like another tenant's,
looks like a missing one.
"""

from __future__ import annotations

import secrets
from dataclasses import replace
from typing import Any

from sqlalchemy import ColumnElement, Select, false, or_
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from tenantry.auth.principal import PrincipalKind
from tenantry.core.context import Ctx
from tenantry.core.errors import Forbidden, NotFound, Unauthenticated
from tenantry.models.chat import Conversation
from tenantry.models.tenant import StaffRole

VISITOR_COOKIE_MAX_AGE = 365 * 24 * 3600
OPERATOR_ROLES = frozenset({StaffRole.OWNER, StaffRole.ADMIN, StaffRole.AGENT})


def is_operator(ctx: Ctx) -> bool:
    principal = ctx.principal
    return (
        principal.is_staff
        and principal.staff_id is not None
        and principal.staff_role in OPERATOR_ROLES
    )


def require_operator(ctx: Ctx) -> int:
    """The calling agent's staff id. A publishable key proves no one: 401, not 403."""
    principal = ctx.principal
    if is_operator(ctx) and principal.staff_id is not None:
        return principal.staff_id
    if principal.kind in (PrincipalKind.ANONYMOUS, PrincipalKind.API_KEY):
        raise Unauthenticated()
    raise Forbidden()


def on_staff_side(ctx: Ctx) -> bool:
    """Which side of a conversation the caller is on: agents and a server holding the secret
    key speak for the business; everyone else is the visitor."""
    return is_operator(ctx) or ctx.principal.is_secret_key


def require_staff_side(ctx: Ctx) -> None:
    """Agents, or a server holding the secret key (the AI agents' runner)."""
    if ctx.principal.is_secret_key:
        return
    require_operator(ctx)


def owner_clause(ctx: Ctx) -> ColumnElement[bool]:
    principal = ctx.principal
    clauses: list[ColumnElement[bool]] = []
    if principal.is_member and principal.member_id is not None:
        clauses.append(col(Conversation.member_id) == principal.member_id)
    if principal.visitor_id:
        clauses.append(col(Conversation.visitor_id) == principal.visitor_id)
    return or_(*clauses) if clauses else false()


def new_visitor_id() -> str:
    return secrets.token_urlsafe(24)


def with_visitor(ctx: Ctx, visitor_id: str) -> Ctx:
    """ctx for a caller who was just given a visitor id (their first conversation)."""
    return replace(ctx, principal=replace(ctx.principal, visitor_id=visitor_id))


def has_identity(ctx: Ctx) -> bool:
    principal = ctx.principal
    return bool(principal.visitor_id) or (principal.is_member and principal.member_id is not None)


async def _one(session: AsyncSession, query: Select[Any], *, for_update: bool) -> Conversation:
    if for_update:
        query = query.with_for_update()
    found = (await session.scalars(query)).first()
    if found is None:
        raise NotFound("conversation")
    conversation: Conversation = found
    return conversation


async def get_own_conversation(
    session: AsyncSession, *, ctx: Ctx, conversation_id: int, for_update: bool = False
) -> Conversation:
    """The caller's own conversation, as its visitor or member."""
    query = select(Conversation).where(col(Conversation.id) == conversation_id, owner_clause(ctx))
    return await _one(session, query, for_update=for_update)


async def get_conversation_for_staff(
    session: AsyncSession, *, ctx: Ctx, conversation_id: int, for_update: bool = False
) -> Conversation:
    """Any conversation of the tenant, for agents and the secret key."""
    require_staff_side(ctx)
    query = select(Conversation).where(col(Conversation.id) == conversation_id)
    return await _one(session, query, for_update=for_update)


async def get_conversation(
    session: AsyncSession, *, ctx: Ctx, conversation_id: int
) -> Conversation:
    """For reading and subscribing: its owner and agents."""
    if on_staff_side(ctx):
        return await get_conversation_for_staff(session, ctx=ctx, conversation_id=conversation_id)
    return await get_own_conversation(session, ctx=ctx, conversation_id=conversation_id)
