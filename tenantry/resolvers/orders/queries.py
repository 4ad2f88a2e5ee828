"""Reading orders: a member sees their own, admins (owner/admin staff, secret key) see all.

Another member's order, like another tenant's, is indistinguishable from a missing one.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import ColumnElement, Select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from tenantry.core.access import require_admin, require_member
from tenantry.core.context import Ctx
from tenantry.core.errors import NotFound
from tenantry.core.pagination import Page, PageRequest, paginate
from tenantry.models.order import Order, OrderItem, OrderStatusChange
from tenantry.resolvers.orders.inputs import OrderFilters


def visible_clause(ctx: Ctx) -> ColumnElement[bool] | None:
    """The orders the caller may see: None means every order of the tenant."""
    if ctx.principal.is_member:
        return col(Order.member_id) == require_member(ctx)
    require_admin(ctx)
    return None


def _visible(ctx: Ctx, query: Select[Any]) -> Select[Any]:
    clause = visible_clause(ctx)
    return query if clause is None else query.where(clause)


async def list_orders(
    session: AsyncSession, *, ctx: Ctx, filters: OrderFilters, page: PageRequest
) -> Page[Order]:
    """Newest first; two statements."""
    query = _visible(ctx, select(Order))
    if filters.status is not None:
        query = query.where(col(Order.status) == filters.status)
    if filters.customer_id is not None:
        require_admin(ctx)
        query = query.where(col(Order.customer_id) == filters.customer_id)
    query = query.order_by(col(Order.created_at).desc(), col(Order.id).desc())
    return await paginate(session, query, page)


async def get_order(
    session: AsyncSession, *, ctx: Ctx, number: str, for_update: bool = False
) -> Order:
    query = _visible(ctx, select(Order).where(col(Order.number) == number))
    return await _one(session, query, for_update=for_update)


async def get_order_by_id(
    session: AsyncSession, *, ctx: Ctx, order_id: int, for_update: bool = False
) -> Order:
    query = _visible(ctx, select(Order).where(col(Order.id) == order_id))
    return await _one(session, query, for_update=for_update)


async def _one(session: AsyncSession, query: Select[Any], *, for_update: bool) -> Order:
    if for_update:
        # The row lock serialises status changes of one order (a double cancel must not
        # restock twice); populate_existing reads the status the lock protects.
        query = query.with_for_update().execution_options(populate_existing=True)
    order = await session.scalar(query)
    if order is None:
        raise NotFound("order")
    assert isinstance(order, Order)
    return order


async def orders_by_ids(session: AsyncSession, ids: Iterable[int]) -> dict[int, Order | None]:
    """Orders by id, for relations of rows the caller may already see (an order's payment)."""
    wanted = sorted(set(ids))
    found: dict[int, Order | None] = dict.fromkeys(wanted)
    if wanted:
        for row in await session.scalars(select(Order).where(col(Order.id).in_(wanted))):
            assert row.id is not None
            found[row.id] = row
    return found


async def items_by_order_ids(
    session: AsyncSession, ids: Iterable[int]
) -> dict[int, list[OrderItem]]:
    wanted = sorted(set(ids))
    found: dict[int, list[OrderItem]] = {order_id: [] for order_id in wanted}
    if not wanted:
        return found
    rows = await session.scalars(
        select(OrderItem).where(col(OrderItem.order_id).in_(wanted)).order_by(col(OrderItem.id))
    )
    for row in rows:
        found[row.order_id].append(row)
    return found


async def history_by_order_ids(
    session: AsyncSession, ids: Iterable[int]
) -> dict[int, list[OrderStatusChange]]:
    """Each order's status changes, oldest first."""
    wanted = sorted(set(ids))
    found: dict[int, list[OrderStatusChange]] = {order_id: [] for order_id in wanted}
    if not wanted:
        return found
    rows = await session.scalars(
        select(OrderStatusChange)
        .where(col(OrderStatusChange.order_id).in_(wanted))
        .order_by(col(OrderStatusChange.created_at), col(OrderStatusChange.id))
    )
    for row in rows:
        found[row.order_id].append(row)
    return found


async def items_of(session: AsyncSession, order: Order) -> list[OrderItem]:
    assert order.id is not None
    return (await items_by_order_ids(session, [order.id]))[order.id]
