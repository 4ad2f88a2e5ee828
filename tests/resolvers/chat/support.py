"""Chat rows and callers for tests: each call in its own committed transaction."""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from tenantry.auth.principal import Principal, PrincipalKind
from tenantry.core.context import Ctx
from tenantry.models.chat import ChatMessage, Conversation
from tenantry.models.tenant import StaffRole
from tenantry.realtime.events import decode_event
from tenantry.resolvers import chat
from tenantry.resolvers.sessions import SessionKind
from tenantry.serving.services import Services
from tests.conftest import Factory, TenantFixture
from tests.live import access_token
from tests.support import make_ctx

T = TypeVar("T")


def visitor(visitor_id: str | None = None) -> Principal:
    return Principal(visitor_id=visitor_id or f"v-{secrets.token_hex(8)}")


def member(member_id: int, visitor_id: str | None = None) -> Principal:
    return Principal(kind=PrincipalKind.MEMBER, member_id=member_id, visitor_id=visitor_id)


def agent(staff_id: int, role: StaffRole = StaffRole.AGENT) -> Principal:
    return Principal(kind=PrincipalKind.STAFF, staff_id=staff_id, staff_role=role)


async def new_agent(factory: Factory, tenant: TenantFixture) -> Principal:
    staff_id, _ = await factory.staff(tenant, role=StaffRole.AGENT)
    return agent(staff_id)


async def run(
    services: Services,
    tenant: TenantFixture,
    principal: Principal,
    call: Callable[[AsyncSession, Ctx], Awaitable[T]],
    *,
    ctx: Ctx | None = None,
) -> T:
    """call in a unit of work of its own, committed (so its events go out) when it succeeds."""
    async with services.db.unit(tenant.id) as uow:
        result = await call(uow.session, ctx or make_ctx(services, tenant, principal))
        await uow.commit()
    return result


async def start(
    services: Services,
    tenant: TenantFixture,
    principal: Principal,
    message: str = "Hello!",
    **fields: Any,
) -> Conversation:
    data = chat.StartConversationIn(
        visitor_name=fields.pop("visitor_name", "John"), initial_message=message, **fields
    )
    return await run(
        services,
        tenant,
        principal,
        lambda session, ctx: chat.start_conversation(session, ctx=ctx, data=data),
    )


async def say(
    services: Services, tenant: TenantFixture, principal: Principal, conversation_id: int, text: str
) -> ChatMessage:
    data = chat.MessageIn(content=text)
    return await run(
        services,
        tenant,
        principal,
        lambda session, ctx: chat.send_message(
            session, ctx=ctx, conversation_id=conversation_id, data=data
        ),
    )


async def reply(
    services: Services, tenant: TenantFixture, principal: Principal, conversation_id: int, text: str
) -> ChatMessage:
    data = chat.MessageIn(content=text)
    return await run(
        services,
        tenant,
        principal,
        lambda session, ctx: chat.reply_as_operator(
            session, ctx=ctx, conversation_id=conversation_id, data=data
        ),
    )


async def load(services: Services, tenant: TenantFixture, conversation_id: int) -> Conversation:
    async with services.db.unit(tenant.id) as uow:
        query = select(Conversation).where(col(Conversation.id) == conversation_id)
        found: Conversation = (await uow.session.scalars(query)).one()
        return found


async def bodies(services: Services, tenant: TenantFixture, conversation_id: int) -> list[str]:
    async with services.db.unit(tenant.id) as uow:
        query = (
            select(ChatMessage.body)
            .where(col(ChatMessage.conversation_id) == conversation_id)
            .order_by(col(ChatMessage.id))
        )
        return list((await uow.session.scalars(query)).all())


async def heard(subscriber: Any, wait: float = 0.3) -> list[tuple[str, dict[str, Any]]]:
    """Every event that arrives until the channel is quiet for `wait` seconds."""
    found: list[tuple[str, dict[str, Any]]] = []
    while True:
        try:
            message = await asyncio.wait_for(subscriber.get(), wait)
        except TimeoutError:
            return found
        found.append(decode_event(message.message))


async def staff_token(services: Services, tenant: TenantFixture, staff_id: int) -> str:
    return await access_token(services, tenant.info, kind=SessionKind.STAFF, subject_id=staff_id)


async def agent_with_token(
    factory: Factory, tenant: TenantFixture, role: StaffRole = StaffRole.AGENT
) -> tuple[int, str]:
    staff_id, _ = await factory.staff(tenant, role=role)
    return staff_id, await staff_token(factory.services, tenant, staff_id)


def cookie(visitor_id: str) -> dict[str, str]:
    return {"Cookie": f"visitor_id={visitor_id}"}
