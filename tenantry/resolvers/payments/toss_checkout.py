"""Paying an order through Toss's payment window: ready (what the window needs), confirm (after
Toss redirects the buyer back), and checking again a payment Toss did not answer about.

Toss's `orderId` is our order number. The amount is always the order's: the one a client sends
to confirm is compared first, and a different one never reaches Toss. Confirm is idempotent per
paymentKey: confirming again a key that paid the order answers that payment; a key left
`unknown` (Toss did not answer in time) is asked about with GET /v1/payments/{paymentKey} and
settled as Toss says, and confirmed again if Toss never saw the confirm.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from typing import Annotated
from urllib.parse import urlsplit

from pydantic import AfterValidator, Field
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from tenantry.core.access import require_admin
from tenantry.core.context import Ctx
from tenantry.core.errors import ValidationFailed
from tenantry.core.inputs import Input
from tenantry.models.order import Order, OrderItem
from tenantry.models.payments import Payment, PaymentStatus, Processor
from tenantry.resolvers.idempotency import Once, Result, run_once
from tenantry.resolvers.orders import get_order, items_by_order_ids
from tenantry.resolvers.payments.errors import AlreadyPaid
from tenantry.resolvers.payments.ledger import (
    check_amount,
    find_payment,
    lock_payment,
    mark_unknown,
    open_payment,
    order_to_pay,
)
from tenantry.resolvers.payments.toss_client import (
    ALREADY_PROCESSED,
    NOT_FOUND_PAYMENT,
    TossClient,
    TossError,
    TossUnavailable,
    refused,
    toss_client,
    toss_keys,
)
from tenantry.resolvers.payments.toss_settle import (
    NOT_APPROVED,
    outcome_error,
    record_failure,
    settle,
    toss_order_id,
)

CONFIRM = "payments.toss_confirm"
CURRENCY = "KRW"
ORDER_NAME_MAX = 100  # Toss's limit on orderName


def _http_url(value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        raise ValueError("must be a valid URL")
    return value


HttpUrl = Annotated[str, Field(min_length=1, max_length=2048), AfterValidator(_http_url)]


class TossReadyIn(Input):
    order_number: str = Field(min_length=1, max_length=40)
    success_url: HttpUrl
    fail_url: HttpUrl


class TossConfirmIn(Input):
    payment_key: str = Field(min_length=1, max_length=200)
    order_id: str = Field(min_length=1, max_length=40)
    amount: int = Field(ge=0)


@dataclass(frozen=True)
class TossReady:
    """What Toss's payment window is opened with, as the SDK's tossPaymentReady reads it."""

    client_key: str
    order_id: str
    amount: int
    currency: str
    order_name: str
    customer_name: str | None
    customer_email: str | None
    success_url: str
    fail_url: str
    payment: Payment


def check_krw(order: Order, *, field: str = "order_number") -> None:
    """Toss takes won; KRW has no minor unit, so an order's total is its amount in won."""
    if order.currency.upper() != CURRENCY:
        raise ValidationFailed.single(
            field,
            f"Toss Payments takes payments in {CURRENCY} only; this order is in {order.currency}.",
            code="currency_mismatch",
        )


def order_name(order: Order, items: Sequence[OrderItem]) -> str:
    """The first item's name, with " 외 N건" ("and N more") for the other lines, as Korean
    shops and Toss's own examples write it; at most 100 characters."""
    if not items:
        return f"Order {order.number}"
    rest = len(items) - 1
    suffix = f" 외 {rest}건" if rest else ""
    return items[0].name[: ORDER_NAME_MAX - len(suffix)] + suffix


def customer_name(order: Order) -> str | None:
    for address in (order.billing_address, order.shipping_address):
        name = (address or {}).get("name")
        if name:
            return str(name)
    return None


async def order_items(session: AsyncSession, order: Order) -> list[OrderItem]:
    assert order.id is not None
    return (await items_by_order_ids(session, [order.id]))[order.id]


async def prepare_toss_payment(session: AsyncSession, *, ctx: Ctx, data: TossReadyIn) -> TossReady:
    """Opens (or reuses) the order's pending Toss payment and answers what the window needs."""
    order = await order_to_pay(session, ctx=ctx, number=data.order_number)
    check_krw(order)
    keys = await toss_keys(session, ctx=ctx)
    payment = await _window_payment(session, order=order)
    if payment is None:
        payment = await open_payment(session, order=order, processor=Processor.TOSS)
    return TossReady(
        client_key=keys.client_key,
        order_id=order.number,
        amount=payment.amount,
        currency=order.currency,
        order_name=order_name(order, await order_items(session, order)),
        customer_name=customer_name(order),
        customer_email=order.email,
        success_url=data.success_url,
        fail_url=data.fail_url,
        payment=payment,
    )


async def _window_payment(session: AsyncSession, *, order: Order) -> Payment | None:
    """The pending payment an earlier ready opened and no confirm has taken yet."""
    found = await session.scalars(
        select(Payment)
        .where(
            col(Payment.order_id) == order.id,
            col(Payment.processor) == Processor.TOSS,
            col(Payment.status) == PaymentStatus.PENDING,
            col(Payment.reference).is_(None),
            col(Payment.amount) == order.total,
        )
        .order_by(col(Payment.id).desc())
        .limit(1)
    )
    return found.first()


async def confirm_toss_payment(
    session: AsyncSession, *, ctx: Ctx, data: TossConfirmIn, key: str | None
) -> Once[Payment]:
    """Approves the buyer's payment with Toss and records its outcome. A refusal raises after
    the failed payment is recorded; no answer raises ProviderUnavailable, the payment kept as
    `unknown` (both keep what was recorded, and the Idempotency-Key's result with it)."""
    once = await run_once(
        session,
        ctx=ctx,
        operation=CONFIRM,
        key=key,
        params=data,
        run=partial(_confirm, session, ctx=ctx, data=data),
        result=_made,
        replay=lambda made: _replayed(session, ctx=ctx, payment_id=made["payment_id"]),
    )
    error = outcome_error(once.value)
    if error is not None:
        raise error
    return once


async def _confirm(session: AsyncSession, *, ctx: Ctx, data: TossConfirmIn) -> Payment:
    try:
        order = await order_to_pay(session, ctx=ctx, number=data.order_id)
    except AlreadyPaid:
        paid = await _paid_with(session, ctx=ctx, data=data)
        if paid is None:
            raise
        return paid
    check_krw(order, field="order_id")
    check_amount(order, data.amount)
    client, _ = await toss_client(session, ctx=ctx)
    payment = await find_payment(session, processor=Processor.TOSS, reference=data.payment_key)
    if payment is not None:
        if payment.order_id != order.id:
            raise ValidationFailed.single("payment_key", "This payment key is another order's.")
        assert payment.id is not None
        order, payment = await lock_payment(session, payment_id=payment.id)
        if payment.status in {PaymentStatus.UNKNOWN, PaymentStatus.PENDING}:
            return await check_again(session, ctx=ctx, client=client, order=order, payment=payment)
        return payment
    payment = await _window_payment(session, order=order)
    if payment is None:
        payment = await open_payment(session, order=order, processor=Processor.TOSS)
    payment.reference = data.payment_key
    await session.flush()
    return await send_confirm(session, ctx=ctx, client=client, order=order, payment=payment)


async def _paid_with(session: AsyncSession, *, ctx: Ctx, data: TossConfirmIn) -> Payment | None:
    """The payment that paid the order with this very key: a second confirm (a reload of the
    success page) answers it instead of already_paid."""
    order = await get_order(session, ctx=ctx, number=data.order_id)
    payment = await find_payment(session, processor=Processor.TOSS, reference=data.payment_key)
    if payment is None or payment.order_id != order.id:
        return None
    return payment if payment.status == PaymentStatus.SUCCEEDED else None


async def send_confirm(
    session: AsyncSession,
    *,
    ctx: Ctx,
    client: TossClient,
    order: Order | None,
    payment: Payment,
    order_id: str | None = None,
) -> Payment:
    """Asks Toss to take the payment (what it pays locked) and records the outcome; `order_id`
    is Toss's orderId when there is no order (a booking's number)."""
    assert payment.reference is not None
    number = toss_order_id(order, order_id)
    try:
        toss = await client.confirm(
            payment_key=payment.reference, order_id=number, amount=payment.amount
        )
    except TossUnavailable as exc:
        await mark_unknown(session, ctx=ctx, payment=payment, reason=str(exc))
        return payment
    except TossError as error:
        if error.code == ALREADY_PROCESSED:
            return await check_again(
                session, ctx=ctx, client=client, order=order, payment=payment, order_id=number
            )
        await record_failure(session, ctx=ctx, payment=payment, error=error)
        return payment
    await settle(session, ctx=ctx, order=order, payment=payment, toss=toss, order_id=number)
    return payment


async def check_again(
    session: AsyncSession,
    *,
    ctx: Ctx,
    client: TossClient,
    order: Order | None,
    payment: Payment,
    order_id: str | None = None,
) -> Payment:
    """Asks Toss about a payment (what it pays locked) and records what it says; a card
    payment Toss never approved is confirmed again."""
    assert payment.reference is not None
    number = toss_order_id(order, order_id)
    try:
        toss = await client.get_payment(payment_key=payment.reference)
    except TossUnavailable as exc:
        if payment.status != PaymentStatus.PENDING:
            await mark_unknown(session, ctx=ctx, payment=payment, reason=str(exc))
        return payment
    except TossError as error:
        if error.code != NOT_FOUND_PAYMENT:
            raise refused(error) from None
        await record_failure(session, ctx=ctx, payment=payment, error=error)
        return payment
    status = str(toss.get("status") or "")
    if status in NOT_APPROVED and payment.status == PaymentStatus.UNKNOWN:
        return await send_confirm(
            session, ctx=ctx, client=client, order=order, payment=payment, order_id=number
        )
    await settle(session, ctx=ctx, order=order, payment=payment, toss=toss, order_id=number)
    return payment


async def _replayed(session: AsyncSession, *, ctx: Ctx, payment_id: int) -> Payment:
    """The payment a key's first confirm recorded, checked again if it was left unknown."""
    order, payment = await lock_payment(session, payment_id=payment_id)
    if payment.status != PaymentStatus.UNKNOWN or payment.reference is None:
        return payment
    client, _ = await toss_client(session, ctx=ctx)
    return await check_again(session, ctx=ctx, client=client, order=order, payment=payment)


async def recheck_payment(session: AsyncSession, *, ctx: Ctx, payment_id: int) -> Payment:
    """Staff: asks Toss again about a payment it left unknown (or an account awaiting its
    deposit) and records the answer; any other payment is answered as it is."""
    require_admin(ctx)
    order, payment = await lock_payment(session, payment_id=payment_id)
    if payment.processor != Processor.TOSS:
        raise ValidationFailed.single("payment_id", "Only Toss payments can be checked again.")
    waiting = payment.status in {PaymentStatus.UNKNOWN, PaymentStatus.PENDING}
    if not waiting or payment.reference is None:
        return payment
    client, _ = await toss_client(session, ctx=ctx)
    return await check_again(session, ctx=ctx, client=client, order=order, payment=payment)


def _made(payment: Payment) -> Result:
    assert payment.id is not None
    return {"payment_id": payment.id}
