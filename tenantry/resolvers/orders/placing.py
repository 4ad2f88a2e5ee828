"""Writing a new order, whatever it came from (a member's cart, or items sent by the shop).

The order, its items, its first history row and its order.created event are written first; the
stock and the coupon are taken last, so that the hot rows they lock are held for the shortest
time before the commit. Every statement after the stock UPDATE is a round trip during which
every other buyer of the product waits, so callers do their own writes (emptying the cart)
before place_order, and build their answers from the PlacedOrder it returns instead of reading
the order back. Locks are always taken in one order (idempotency key, cart, products, variants,
coupon), so concurrent checkouts cannot deadlock.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from tenantry.core.context import Ctx
from tenantry.models.order import Order, OrderItem, OrderStatus, OrderStatusChange
from tenantry.resolvers.coupons import CouponQuote, redeem_coupon
from tenantry.resolvers.events import ORDER_CREATED, record_event
from tenantry.resolvers.orders.lifecycle import record_status
from tenantry.resolvers.orders.numbers import insert_numbered, random_numbers
from tenantry.resolvers.orders.payloads import order_object
from tenantry.resolvers.pricing import PricedLine, Totals
from tenantry.resolvers.stock import StockLine, reserve_stock


@dataclass(frozen=True)
class OrderDraft:
    lines: Sequence[PricedLine]
    stock: Sequence[StockLine]
    totals: Totals
    member_id: int | None = None
    customer_id: int | None = None
    email: str | None = None
    shipping_address: dict[str, Any] = field(default_factory=dict)
    billing_address: dict[str, Any] = field(default_factory=dict)
    note: str = ""
    coupon: CouponQuote | None = None


@dataclass(frozen=True)
class PlacedOrder:
    """The rows the order's transaction wrote: items by id and the one status change, as a read
    of the order's items and history would find them."""

    order: Order
    items: list[OrderItem]
    history: list[OrderStatusChange]


async def place_order(
    session: AsyncSession, *, ctx: Ctx, draft: OrderDraft, numbers: Iterator[str] | None = None
) -> PlacedOrder:
    now = ctx.now()
    totals = draft.totals
    coupon = draft.coupon
    order = Order(
        number="",
        member_id=draft.member_id,
        customer_id=draft.customer_id,
        status=OrderStatus.PENDING,
        currency=totals.currency,
        subtotal=totals.subtotal,
        discount_total=totals.discount_total,
        shipping_total=totals.shipping_total,
        tax_total=totals.tax_total,
        total=totals.total,
        coupon_id=coupon.coupon.id if coupon else None,
        coupon_code=coupon.coupon.code if coupon else None,
        email=draft.email,
        shipping_address=draft.shipping_address,
        billing_address=draft.billing_address,
        note=draft.note,
        created_at=now,
        updated_at=now,
    )
    numbers = numbers or random_numbers(now, timezone=ctx.tenant.timezone)
    await insert_numbered(session, order=order, numbers=numbers)
    assert order.id is not None
    items = [_item(order.id, line) for line in draft.lines]
    session.add_all(items)
    change = await record_status(session, ctx=ctx, order=order, previous=None, at=now)
    await record_event(
        session,
        type=ORDER_CREATED,
        object_type="order",
        object_id=order.id,
        data=order_object(order, items),
    )
    await reserve_stock(session, lines=draft.stock)
    if coupon is not None:
        await redeem_coupon(
            session, ctx=ctx, quote=coupon, member_id=draft.member_id, order_id=order.id
        )
    return PlacedOrder(order=order, items=sorted(items, key=_item_id), history=[change])


def _item_id(item: OrderItem) -> int:
    assert item.id is not None
    return item.id


def _item(order_id: int, line: PricedLine) -> OrderItem:
    return OrderItem(
        order_id=order_id,
        product_id=line.product_id,
        variant_id=line.variant_id,
        product_type=line.product_type,
        name=line.name[:300],
        sku=line.sku,
        options=dict(line.options),
        unit_price=line.unit_price,
        quantity=line.quantity,
        total=line.total,
    )
