"""The events the commerce API recorded, newest first: what webhooks deliver."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from tenantry.core.access import require_admin
from tenantry.core.context import Ctx
from tenantry.core.errors import NotFound
from tenantry.core.pagination import Page, PageRequest, paginate
from tenantry.models.event import DomainEvent


async def list_events(
    session: AsyncSession, *, ctx: Ctx, page: PageRequest, type: str | None = None
) -> Page[DomainEvent]:
    require_admin(ctx)
    query = select(DomainEvent)
    if type:
        query = query.where(col(DomainEvent.type) == type)
    return await paginate(session, query.order_by(col(DomainEvent.id).desc()), page)


async def get_event(session: AsyncSession, *, ctx: Ctx, event_id: int) -> DomainEvent:
    require_admin(ctx)
    found = await session.scalar(select(DomainEvent).where(col(DomainEvent.id) == event_id))
    if found is None:
        raise NotFound("event")
    return found
