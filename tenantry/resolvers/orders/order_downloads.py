"""The digital downloads an order granted, for whoever may see the order."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from tenantry.core.context import Ctx
from tenantry.resolvers.downloads import Download, downloads_of_order
from tenantry.resolvers.orders.queries import get_order


async def list_order_downloads(session: AsyncSession, *, ctx: Ctx, number: str) -> list[Download]:
    """The grants of one of the member's orders (admins: any order); others are NOT_FOUND."""
    order = await get_order(session, ctx=ctx, number=number)
    assert order.id is not None
    return await downloads_of_order(session, ctx=ctx, order_id=order.id)
