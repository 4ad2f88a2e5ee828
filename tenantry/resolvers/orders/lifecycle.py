"""Order statuses: the allowed transitions, their history, events and live announcements.

pending -> paid -> processing -> shipped -> completed, plus cancelled (before shipping) and
refunded (once paid). Cancelling gives the stock and the coupon use back; refunding does not
restock, since refunded goods may never come back (the payments work decides about returns).
Every change is a row of history, a DiSeller event in the same transaction, and an
`order.status_changed` message on the order's channel after the commit.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime

from sqlalchemy import delete, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from tenantry.auth.principal import PrincipalKind
from tenantry.core.access import require_admin, require_member
from tenantry.core.context import Ctx
from tenantry.core.errors import Conflict
from tenantry.models.coupon import Coupon, CouponRedemption
from tenantry.models.order import Order, OrderStatus, OrderStatusChange
from tenantry.realtime import channels
from tenantry.realtime.events import publish_after_commit
from tenantry.resolvers.catalog.fetch import products_by_ids, variants_by_ids
from tenantry.resolvers.downloads.grants import grant_downloads
from tenantry.resolvers.events import (
    ORDER_CANCELLED,
    ORDER_COMPLETED,
    ORDER_UPDATED,
    record_event,
)
from tenantry.resolvers.orders.inputs import OrderUpdateIn
from tenantry.resolvers.orders.payloads import order_object
from tenantry.resolvers.orders.queries import (
    get_order,
    get_order_by_id,
    items_of,
)
from tenantry.resolvers.stock import StockLine, release_stock

S = OrderStatus
TRANSITIONS: Mapping[OrderStatus, frozenset[OrderStatus]] = {
    S.PENDING: frozenset({S.PAID, S.CANCELLED}),
    S.PAID: frozenset({S.PROCESSING, S.CANCELLED, S.REFUNDED}),
    S.PROCESSING: frozenset({S.SHIPPED, S.CANCELLED, S.REFUNDED}),
    S.SHIPPED: frozenset({S.COMPLETED, S.REFUNDED}),
    S.COMPLETED: frozenset({S.REFUNDED}),
    S.CANCELLED: frozenset(),
    S.REFUNDED: frozenset(),
}
# A buyer may cancel until the shop starts working on the order.
MEMBER_CANCELLABLE = frozenset({S.PENDING, S.PAID})
EVENTS = {S.COMPLETED: ORDER_COMPLETED, S.CANCELLED: ORDER_CANCELLED}
STATUS_CHANGED = "order.status_changed"
ADDRESS_LOCKED = "The shipping address can only change while the order is pending."


class InvalidTransition(Conflict):
    default_code = "invalid_transition"

    def __init__(self, current: OrderStatus, wanted: OrderStatus) -> None:
        super().__init__(f"Cannot change an order from {current} to {wanted}.")


def actor_of(ctx: Ctx) -> str:
    principal = ctx.principal
    if principal.kind is PrincipalKind.MEMBER:
        return f"member:{principal.member_id}"
    if principal.kind is PrincipalKind.STAFF:
        return f"staff:{principal.staff_id}"
    if principal.kind is PrincipalKind.API_KEY:
        return f"api_key:{principal.key_id}"
    return "system"


async def record_status(
    session: AsyncSession,
    *,
    ctx: Ctx,
    order: Order,
    previous: OrderStatus | None,
    note: str = "",
    at: datetime | None = None,
) -> OrderStatusChange:
    """The history row, and the live message its commit releases."""
    assert order.id is not None
    change = OrderStatusChange(
        order_id=order.id,
        from_status=previous.value if previous is not None else None,
        to_status=OrderStatus(order.status).value,
        note=note,
        actor=actor_of(ctx),
        created_at=at or ctx.now(),
    )
    session.add(change)
    await session.flush()
    publish_after_commit(
        session,
        channel=channels.order(ctx.tenant.id, order.number),
        event=STATUS_CHANGED,
        data={
            "number": order.number,
            "status": change.to_status,
            "previous_status": change.from_status,
            "changed_at": change.created_at.astimezone(UTC).isoformat(),
        },
    )
    return change


async def change_status(
    session: AsyncSession, *, ctx: Ctx, order: Order, status: OrderStatus, note: str = ""
) -> Order:
    """Moves a locked order along the transition table; the caller has checked permission."""
    previous = OrderStatus(order.status)
    if status not in TRANSITIONS[previous]:
        raise InvalidTransition(previous, status)
    now = ctx.now()
    order.status = status
    order.updated_at = now
    if status is S.PAID and order.paid_at is None:
        order.paid_at = now
    if status is S.PAID:
        await grant_downloads(session, ctx=ctx, order=order)
    if status is S.CANCELLED:
        order.cancelled_at = now
        await restock(session, order=order)
        await release_coupon(session, order=order)
    await record_status(session, ctx=ctx, order=order, previous=previous, note=note, at=now)
    await _record_event(session, order=order, type=EVENTS.get(status, ORDER_UPDATED))
    return order


async def _record_event(session: AsyncSession, *, order: Order, type: str) -> None:
    assert order.id is not None
    items = await items_of(session, order)
    await record_event(
        session, type=type, object_type="order", object_id=order.id, data=order_object(order, items)
    )


async def cancel_my_order(session: AsyncSession, *, ctx: Ctx, number: str) -> Order:
    """The buyer's cancel: only while pending or paid (a paid order awaits its refund)."""
    require_member(ctx)
    order = await get_order(session, ctx=ctx, number=number, for_update=True)
    current = OrderStatus(order.status)
    if current not in MEMBER_CANCELLABLE:
        raise InvalidTransition(current, S.CANCELLED)
    note = "Cancelled by the customer."
    if current is S.PAID:
        note += " The payment is to be refunded."
    return await change_status(session, ctx=ctx, order=order, status=S.CANCELLED, note=note)


async def update_order_status(
    session: AsyncSession, *, ctx: Ctx, number: str, status: OrderStatus, note: str = ""
) -> Order:
    """Staff (or a secret key) moving an order along."""
    require_admin(ctx)
    order = await get_order(session, ctx=ctx, number=number, for_update=True)
    return await change_status(session, ctx=ctx, order=order, status=status, note=note)


async def cancel_order(session: AsyncSession, *, ctx: Ctx, order_id: int) -> Order:
    """Dialect B's cancel, for the shop's server: allowed wherever the transitions allow it."""
    require_admin(ctx)
    order = await get_order_by_id(session, ctx=ctx, order_id=order_id, for_update=True)
    return await change_status(
        session, ctx=ctx, order=order, status=S.CANCELLED, note="Cancelled by the shop."
    )


async def update_order(
    session: AsyncSession, *, ctx: Ctx, order_id: int, data: OrderUpdateIn
) -> Order:
    """Dialect B's PUT. Sending the current status again changes nothing (PUT is idempotent)."""
    require_admin(ctx)
    order = await get_order_by_id(session, ctx=ctx, order_id=order_id, for_update=True)
    sent = data.model_fields_set
    edited = False
    if "shipping_address" in sent:
        if order.status != S.PENDING:
            raise Conflict(ADDRESS_LOCKED, code="address_locked")
        order.shipping_address = data.shipping_address.stored() if data.shipping_address else {}
        edited = True
    if "note" in sent and data.note is not None and data.note != order.note:
        order.note = data.note
        edited = True
    if data.status is not None and data.status != order.status:
        return await change_status(
            session, ctx=ctx, order=order, status=data.status, note=data.note or ""
        )
    if edited:
        order.updated_at = ctx.now()
        await session.flush()
        await _record_event(session, order=order, type=ORDER_UPDATED)
    return order


async def restock(session: AsyncSession, *, order: Order) -> None:
    """Gives back what the order took; products deleted since then are skipped."""
    items = await items_of(session, order)
    products = await products_by_ids(session, (item.product_id for item in items))
    variants = await variants_by_ids(session, (item.variant_id for item in items))
    lines = [
        StockLine(
            product=products[item.product_id],
            variant=variants.get(item.variant_id) if item.variant_id is not None else None,
            quantity=item.quantity,
        )
        for item in items
        if item.product_id is not None and item.product_id in products
    ]
    await release_stock(session, lines=lines)


async def release_coupon(session: AsyncSession, *, order: Order) -> None:
    """The order's coupon use no longer counts, for the coupon's limit or the member's."""
    redemptions = list(
        await session.scalars(
            select(CouponRedemption)
            .where(col(CouponRedemption.order_id) == order.id)
            .order_by(col(CouponRedemption.coupon_id))
        )
    )
    for redemption in redemptions:
        await session.execute(
            update(Coupon)
            .where(col(Coupon.id) == redemption.coupon_id, col(Coupon.usage_count) > 0)
            .values(usage_count=col(Coupon.usage_count) - 1)
            .execution_options(synchronize_session=False)
        )
    if redemptions:
        await session.execute(
            delete(CouponRedemption)
            .where(col(CouponRedemption.order_id) == order.id)
            .execution_options(synchronize_session=False)
        )
