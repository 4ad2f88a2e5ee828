"""The chat auto-responder: a visitor's message gets the FAQ's answer, after a moment of typing.

It acts only while the tenant's faq-responder is enabled and no agent has the conversation, and
says nothing when the FAQ has no confident answer (unless a fallback is configured). Each
answer is recorded as an execution of the faq-responder.
"""

from __future__ import annotations

import asyncio
import logging
from contextlib import suppress

from broadcaster import Broadcast
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession
from sqlmodel import col, select

from tenantry.agents.faq import FaqResponder, FaqSettings
from tenantry.agents.runner import Runner, spawn
from tenantry.auth.principal import Principal, PrincipalKind
from tenantry.config import Settings
from tenantry.core.context import Ctx, TenantInfo
from tenantry.core.errors import DomainError, ValidationFailed
from tenantry.db.database import Database
from tenantry.db.unit_of_work import on_commit
from tenantry.models.agents import AgentExecution, ExecutionStatus
from tenantry.models.chat import ChatMessage, ConversationStatus, SenderType
from tenantry.models.tenant import ApiKeyKind
from tenantry.resolvers.agents.configs import find_config
from tenantry.resolvers.chat.access import get_conversation_for_staff
from tenantry.resolvers.chat.posting import add_bot_message
from tenantry.resolvers.chat.typing import publish_typing

log = logging.getLogger(__name__)

# The bot acts for the tenant's server side, as a secret key would.
BOT = Principal(kind=PrincipalKind.API_KEY, key_kind=ApiKeyKind.SECRET)
KIND = FaqResponder()


async def reply_after_commit(
    session: AsyncSession, *, ctx: Ctx, conversation_id: int, message_id: int
) -> None:
    """For chat: once the visitor's message is committed, a background task may answer it.

    Whether the responder is enabled is read here, in the caller's transaction, so that tenants
    without it never start a task.
    """
    config = await find_config(session, KIND.slug)
    if config is None or not config.enabled:
        return
    engine = session.bind
    broadcast = session.info["uow"].broadcast
    assert isinstance(engine, AsyncEngine)

    async def start() -> None:
        # Resolvers see no Services; a Database over the same engine shares its pool.
        db = Database(engine)
        db.broadcast = broadcast
        spawn(
            _respond_logged(
                db, ctx.settings, ctx.tenant, conversation_id=conversation_id, message_id=message_id
            )
        )

    on_commit(session, start)


async def _respond_logged(
    db: Database, settings: Settings, tenant: TenantInfo, *, conversation_id: int, message_id: int
) -> None:
    try:
        await respond_to_visitor_message(
            db, settings, tenant, conversation_id=conversation_id, message_id=message_id
        )
    except Exception:
        log.exception("the auto-responder failed on message %s of tenant %s", message_id, tenant.id)


async def respond_to_visitor_message(
    db: Database, settings: Settings, tenant: TenantInfo, *, conversation_id: int, message_id: int
) -> None:
    ctx = Ctx(tenant=tenant, settings=settings, principal=BOT)
    queued = await _queue(db, ctx, conversation_id=conversation_id, message_id=message_id)
    if queued is None:
        return
    execution_id, faq = queued
    execution = await Runner(db, settings).run(tenant_id=tenant.id, execution_id=execution_id)
    if execution is None or execution.status != ExecutionStatus.SUCCEEDED:
        return
    answer = (execution.output or {}).get("answer")
    if not answer:
        if not faq.fallback:
            return
        answer = faq.fallback_message
    await _type_then_post(db, ctx, conversation_id=conversation_id, body=str(answer), faq=faq)


async def _queue(
    db: Database, ctx: Ctx, *, conversation_id: int, message_id: int
) -> tuple[int, FaqSettings] | None:
    async with db.unit(ctx.tenant.id) as unit:
        session = unit.session
        config = await find_config(session, KIND.slug)
        if config is None or not config.enabled:
            return None
        try:
            faq = KIND.parse_settings(dict(config.settings or {}))
        except ValidationFailed:
            faq = FaqSettings()
        try:
            conversation = await get_conversation_for_staff(
                session, ctx=ctx, conversation_id=conversation_id
            )
        except DomainError:
            return None
        if conversation.status != ConversationStatus.OPEN or conversation.assigned_staff_id:
            return None
        message = await session.scalar(
            select(ChatMessage).where(
                col(ChatMessage.id) == message_id,
                col(ChatMessage.conversation_id) == conversation_id,
            )
        )
        if message is None or message.sender_type != SenderType.VISITOR:
            return None
        execution = AgentExecution(
            agent_slug=KIND.slug,
            status=ExecutionStatus.QUEUED,
            input={
                "message": message.body,
                "conversation_id": conversation_id,
                "message_id": message_id,
            },
        )
        session.add(execution)
        await session.flush()
        assert execution.id is not None
        await unit.commit()
    return execution.id, faq


async def _type_then_post(
    db: Database, ctx: Ctx, *, conversation_id: int, body: str, faq: FaqSettings
) -> None:
    broadcast: Broadcast | None = db.broadcast
    tenant_id = ctx.tenant.id
    if broadcast is not None:
        await publish_typing(
            broadcast,
            tenant_id=tenant_id,
            conversation_id=conversation_id,
            sender="bot",
            is_typing=True,
        )
    try:
        await asyncio.sleep(faq.typing_seconds)
        async with db.unit(tenant_id) as unit:
            session = unit.session
            conversation = await get_conversation_for_staff(
                session, ctx=ctx, conversation_id=conversation_id, for_update=True
            )
            # An agent may have taken the conversation, or it closed, while the bot was typing.
            if conversation.status != ConversationStatus.OPEN or conversation.assigned_staff_id:
                return
            await add_bot_message(session, ctx=ctx, conversation_id=conversation_id, body=body)
            await unit.commit()
    finally:
        if broadcast is not None:
            with suppress(Exception):
                await publish_typing(
                    broadcast,
                    tenant_id=tenant_id,
                    conversation_id=conversation_id,
                    sender="bot",
                    is_typing=False,
                )
