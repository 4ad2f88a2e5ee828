"""Placing an order at most once per Idempotency-Key, whichever interface the key came through."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from functools import partial

from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession

from tenantry.core.access import require_admin, require_member
from tenantry.core.context import Ctx
from tenantry.resolvers.idempotency import Once, Result, run_once
from tenantry.resolvers.orders.checkout import create_order_from_cart
from tenantry.resolvers.orders.direct import create_order_from_items
from tenantry.resolvers.orders.inputs import CheckoutIn, DirectOrderIn
from tenantry.resolvers.orders.placing import PlacedOrder
from tenantry.resolvers.orders.queries import (
    get_order_by_id,
    history_by_order_ids,
    items_by_order_ids,
)

CREATE_FROM_CART = "orders.create_from_cart"
CREATE_FROM_ITEMS = "orders.create_from_items"


async def create_order_from_cart_once(
    session: AsyncSession, *, ctx: Ctx, data: CheckoutIn, key: str | None
) -> Once[PlacedOrder]:
    require_member(ctx)
    place = partial(create_order_from_cart, session, ctx=ctx, data=data)
    return await _place_once(
        session, ctx=ctx, operation=CREATE_FROM_CART, key=key, data=data, place=place
    )


async def create_order_from_items_once(
    session: AsyncSession, *, ctx: Ctx, data: DirectOrderIn, key: str | None
) -> Once[PlacedOrder]:
    require_admin(ctx)
    place = partial(create_order_from_items, session, ctx=ctx, data=data)
    return await _place_once(
        session, ctx=ctx, operation=CREATE_FROM_ITEMS, key=key, data=data, place=place
    )


async def _place_once(
    session: AsyncSession,
    *,
    ctx: Ctx,
    operation: str,
    key: str | None,
    data: BaseModel,
    place: Callable[[], Awaitable[PlacedOrder]],
) -> Once[PlacedOrder]:
    return await run_once(
        session,
        ctx=ctx,
        operation=operation,
        key=key,
        params=data,
        run=place,
        result=_made,
        replay=lambda made: load_placed_order(session, ctx=ctx, order_id=made["order_id"]),
    )


async def load_placed_order(session: AsyncSession, *, ctx: Ctx, order_id: int) -> PlacedOrder:
    """An order placed earlier, as it is now, with its items and history."""
    order = await get_order_by_id(session, ctx=ctx, order_id=order_id)
    items = await items_by_order_ids(session, [order_id])
    history = await history_by_order_ids(session, [order_id])
    return PlacedOrder(
        order=order, items=items.get(order_id, []), history=history.get(order_id, [])
    )


def _made(placed: PlacedOrder) -> Result:
    assert placed.order.id is not None
    return {"order_id": placed.order.id}
