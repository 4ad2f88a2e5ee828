"""The payments of orders: which order may be paid, a payment's outcome recorded once, refunds.

Locks are always taken order first, then payment, whichever path arrives (the buyer's confirm,
the provider's webhook, a verify after a redirect), so two paths settling one payment queue on
the order's row and the second finds the work done. Amounts come from the order; what a client
sends is only compared with it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from tenantry.core.context import Ctx
from tenantry.core.errors import NotFound
from tenantry.models.order import Order, OrderStatus
from tenantry.models.payments import (
    Payment,
    PaymentStatus,
    Processor,
    Refund,
    RefundStatus,
)
from tenantry.resolvers.events import (
    PAYMENT_FAILED,
    PAYMENT_SUCCEEDED,
    REFUND_PROCESSED,
    record_event,
)
from tenantry.resolvers.orders import change_status, get_order, get_order_by_id
from tenantry.resolvers.orders.lifecycle import TRANSITIONS, actor_of, restock
from tenantry.resolvers.payments.errors import (
    AlreadyPaid,
    AlreadyRefunded,
    AmountMismatch,
    CurrencyMismatch,
    NotRefundable,
    OrderNotPayable,
    RefundTooLarge,
    RestockNeedsFullRefund,
)
from tenantry.resolvers.payments.objects import payment_object, refund_object

OfOrder = TypeVar("OfOrder", Payment, Refund)

PAID_ONCE = frozenset(
    {
        OrderStatus.PAID,
        OrderStatus.PROCESSING,
        OrderStatus.SHIPPED,
        OrderStatus.COMPLETED,
        OrderStatus.REFUNDED,
    }
)


def ensure_payable(order: Order) -> None:
    status = OrderStatus(order.status)
    if status in PAID_ONCE:
        raise AlreadyPaid()
    if status is not OrderStatus.PENDING:
        raise OrderNotPayable(status.value)


async def order_to_pay(
    session: AsyncSession, *, ctx: Ctx, number: str | None = None, order_id: int | None = None
) -> Order:
    """The caller's order, locked, if it can still be paid: a member pays their own, owner/admin
    staff and secret keys any. Another member's order is not found."""
    if number is not None:
        order = await get_order(session, ctx=ctx, number=number, for_update=True)
    else:
        assert order_id is not None
        order = await get_order_by_id(session, ctx=ctx, order_id=order_id, for_update=True)
    ensure_payable(order)
    return order


def check_amount(order: Order, amount: int | None, *, field: str = "amount") -> int:
    """What the order owes; a client's amount, when sent, must equal it."""
    if amount is not None and amount != order.total:
        raise AmountMismatch(order.total, field=field)
    return order.total


def check_currency(order: Order, currency: str | None, *, field: str = "currency") -> None:
    if currency is not None and currency.upper() != order.currency.upper():
        raise CurrencyMismatch(order.currency, field=field)


async def open_payment(
    session: AsyncSession,
    *,
    order: Order,
    processor: Processor,
    method: str = "card",
    reference: str | None = None,
    session_reference: str | None = None,
    details: dict[str, Any] | None = None,
) -> Payment:
    """A pending payment of what the order owes."""
    assert order.id is not None
    payment = Payment(
        order_id=order.id,
        processor=processor,
        method=method,
        amount=order.total,
        currency=order.currency,
        reference=reference,
        session_reference=session_reference,
        details=details or {},
    )
    session.add(payment)
    await session.flush()
    return payment


async def find_payment(
    session: AsyncSession,
    *,
    processor: Processor,
    reference: str | None = None,
    session_reference: str | None = None,
) -> Payment | None:
    query = select(Payment).where(col(Payment.processor) == processor)
    if reference is not None:
        query = query.where(col(Payment.reference) == reference)
    if session_reference is not None:
        query = query.where(col(Payment.session_reference) == session_reference)
    found = await session.scalars(query.order_by(col(Payment.id).desc()).limit(1))
    return found.first()


async def lock_payment(session: AsyncSession, *, payment_id: int) -> tuple[Order, Payment]:
    """The payment and its order, both locked, order first."""
    payment = await session.scalar(select(Payment).where(col(Payment.id) == payment_id))
    if payment is None:
        raise NotFound("payment")
    order = await session.scalar(
        select(Order)
        .where(col(Order.id) == payment.order_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    if order is None:
        raise NotFound("order")
    locked = await session.scalar(
        select(Payment)
        .where(col(Payment.id) == payment_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    assert locked is not None
    return order, locked


async def mark_succeeded(
    session: AsyncSession, *, ctx: Ctx, order: Order | None, payment: Payment, note: str = ""
) -> bool:
    """Records the payment's success once (False when it already was). A pending order becomes
    paid; an order cancelled meanwhile stays cancelled, the payment awaiting its refund. A
    booking's payment (no order) leaves the booking to its own domain."""
    if payment.status == PaymentStatus.SUCCEEDED:
        return False
    now = ctx.now()
    payment.status = PaymentStatus.SUCCEEDED
    payment.succeeded_at = now
    payment.updated_at = now
    payment.failure_code = payment.decline_code = payment.failure_message = None
    await session.flush()
    await record_event(
        session,
        type=PAYMENT_SUCCEEDED,
        object_type="payment",
        object_id=_id(payment),
        data=payment_object(payment),
    )
    if order is not None and OrderStatus(order.status) is OrderStatus.PENDING:
        via = f" ({payment.reference})" if payment.reference else ""
        note = note or f"Paid by {payment.processor}{via}."
        await change_status(session, ctx=ctx, order=order, status=OrderStatus.PAID, note=note)
    return True


async def mark_failed(
    session: AsyncSession,
    *,
    payment: Payment,
    code: str,
    message: str,
    decline_code: str | None = None,
    ctx: Ctx,
) -> bool:
    """Records a failure once; a payment that succeeded never becomes failed."""
    if payment.status in {PaymentStatus.SUCCEEDED, PaymentStatus.FAILED}:
        return False
    payment.status = PaymentStatus.FAILED
    payment.failure_code = code
    payment.decline_code = decline_code
    payment.failure_message = message[:500]
    payment.updated_at = ctx.now()
    await session.flush()
    await record_event(
        session,
        type=PAYMENT_FAILED,
        object_type="payment",
        object_id=_id(payment),
        data=payment_object(payment),
    )
    return True


async def mark_unknown(session: AsyncSession, *, ctx: Ctx, payment: Payment, reason: str) -> None:
    """The provider did not answer: kept for a later check, never taken as failed or paid."""
    if payment.status == PaymentStatus.SUCCEEDED:
        return
    payment.status = PaymentStatus.UNKNOWN
    payment.failure_message = reason[:500]
    payment.updated_at = ctx.now()
    await session.flush()


def refund_amount(payment: Payment, amount: int | None, *, field: str = "amount") -> int:
    """What a refund of `amount` (None: all that is left) may take from this payment."""
    if payment.status != PaymentStatus.SUCCEEDED:
        raise NotRefundable(str(payment.status))
    remaining = payment.amount - payment.amount_refunded
    if remaining <= 0:
        raise AlreadyRefunded()
    if amount is None:
        return remaining
    if amount > remaining:
        raise RefundTooLarge(remaining, field=field)
    return amount


def check_restock(payment: Payment, amount: int, restock: bool) -> None:
    if restock and amount != payment.amount - payment.amount_refunded:
        raise RestockNeedsFullRefund()


async def record_refund(
    session: AsyncSession,
    *,
    ctx: Ctx,
    order: Order | None,
    payment: Payment,
    amount: int,
    reason: str = "",
    reference: str | None = None,
    restock_items: bool = False,
) -> Refund:
    """A refund the provider made: counted against the payment, refund.processed emitted; the
    refund that leaves nothing paid moves the order to refunded (and restocks when asked). A
    booking's payment (no order) is refunded as a payment only."""
    assert payment.id is not None
    refund = Refund(
        payment_id=payment.id,
        order_id=payment.order_id,
        processor=payment.processor,
        status=RefundStatus.SUCCEEDED,
        amount=amount,
        currency=payment.currency,
        reason=reason[:500],
        reference=reference,
        actor=actor_of(ctx),
    )
    payment.amount_refunded += amount
    payment.updated_at = ctx.now()
    session.add(refund)
    await session.flush()
    if order is not None and await _nothing_left_paid(session, order=order):
        status = OrderStatus(order.status)
        if restock_items and status is not OrderStatus.CANCELLED:
            await restock(session, order=order)
            refund.restocked = True
        if OrderStatus.REFUNDED in TRANSITIONS[status]:
            await change_status(
                session, ctx=ctx, order=order, status=OrderStatus.REFUNDED, note="Refunded."
            )
    await session.flush()
    await record_event(
        session,
        type=REFUND_PROCESSED,
        object_type="refund",
        object_id=_id(refund),
        data=refund_object(refund),
    )
    return refund


async def _nothing_left_paid(session: AsyncSession, *, order: Order) -> bool:
    payments = await session.scalars(
        select(Payment).where(
            col(Payment.order_id) == order.id, col(Payment.status) == PaymentStatus.SUCCEEDED
        )
    )
    return all(payment.amount_refunded >= payment.amount for payment in payments)


async def payments_by_order_ids(
    session: AsyncSession, ids: Iterable[int]
) -> dict[int, list[Payment]]:
    return await _by_order_ids(session, Payment, ids)


async def refunds_by_order_ids(
    session: AsyncSession, ids: Iterable[int]
) -> dict[int, list[Refund]]:
    return await _by_order_ids(session, Refund, ids)


async def _by_order_ids(
    session: AsyncSession, model: type[OfOrder], ids: Iterable[int]
) -> dict[int, list[OfOrder]]:
    """The model's rows of each order, oldest first; an order without any gets []."""
    wanted = sorted(set(ids))
    found: dict[int, list[OfOrder]] = {order_id: [] for order_id in wanted}
    if wanted:
        rows = await session.scalars(
            select(model).where(col(model.order_id).in_(wanted)).order_by(col(model.id))
        )
        for row in rows:
            if row.order_id is not None:
                found[row.order_id].append(row)
    return found


def _id(row: Payment | Refund) -> int:
    assert row.id is not None
    return row.id
