"""Toss virtual accounts: issued for what an order owes, paid by a bank transfer that Toss
reports to the shop's deposit callback.

The callback carries no signature: Toss echoes the `secret` it gave with the account, kept in the
payment's private details. A callback whose secret is not the account's changes nothing. Each
callback is handled once: its ProviderEvent row (unique per tenant) is inserted first, in a
savepoint, and a replay, or the same callback twice at once, finds it there.
"""

from __future__ import annotations

import hmac
from functools import partial

from pydantic import Field
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from tenantry.core.context import Ctx
from tenantry.core.errors import BadRequest, NotFound
from tenantry.core.inputs import Input
from tenantry.models.order import Order
from tenantry.models.payments import Payment, PaymentStatus, Processor, ProviderEvent
from tenantry.resolvers.idempotency import Once, Result, run_once
from tenantry.resolvers.payments.ledger import (
    lock_payment,
    mark_succeeded,
    open_payment,
    order_to_pay,
)
from tenantry.resolvers.payments.toss_checkout import check_krw, order_items, order_name
from tenantry.resolvers.payments.toss_client import (
    TossError,
    TossUnavailable,
    refused,
    toss_client,
    unanswered,
)
from tenantry.resolvers.payments.toss_settle import CLOSED, SECRET, close_payment, keep_account

VIRTUAL_ACCOUNT = "virtual_account"
CREATE_ACCOUNT = "payments.toss_virtual_account"


class TossVirtualAccountIn(Input):
    order_number: str = Field(min_length=1, max_length=40)
    bank: str = Field(min_length=1, max_length=20)
    customer_name: str = Field(min_length=1, max_length=100)
    valid_hours: int | None = Field(default=None, ge=1, le=720)


class TossDepositIn(Input):
    """Toss's deposit callback body (camelCase, as Toss sends it)."""

    order_id: str = Field(validation_alias="orderId", min_length=1, max_length=40)
    secret: str = Field(min_length=1, max_length=200)
    status: str = Field(min_length=1, max_length=40)
    transaction_key: str | None = Field(default=None, validation_alias="transactionKey")
    created_at: str = Field(default="", validation_alias="createdAt", max_length=40)
    payment_key: str | None = Field(default=None, validation_alias="paymentKey")


class CallbackSecretMismatch(BadRequest):
    default_code = "callback_secret_mismatch"
    default_message = "The callback's secret is not the virtual account's; it was ignored."


async def create_toss_virtual_account(
    session: AsyncSession, *, ctx: Ctx, data: TossVirtualAccountIn, key: str | None
) -> Once[Payment]:
    """A virtual account for what the order owes; an order with one awaiting its deposit gets
    that one again."""
    return await run_once(
        session,
        ctx=ctx,
        operation=CREATE_ACCOUNT,
        key=key,
        params=data,
        run=partial(_issue, session, ctx=ctx, data=data),
        result=_made,
        replay=lambda made: _payment(session, payment_id=made["payment_id"]),
    )


async def _issue(session: AsyncSession, *, ctx: Ctx, data: TossVirtualAccountIn) -> Payment:
    order = await order_to_pay(session, ctx=ctx, number=data.order_number)
    check_krw(order)
    waiting = await _waiting_account(session, order=order)
    if waiting is not None:
        return waiting
    client, _ = await toss_client(session, ctx=ctx)
    body: dict[str, object] = {
        "amount": order.total,
        "orderId": order.number,
        "orderName": order_name(order, await order_items(session, order)),
        "customerName": data.customer_name,
        "bank": data.bank,
    }
    if data.valid_hours is not None:
        body["validHours"] = data.valid_hours
    if order.email:
        body["customerEmail"] = order.email
    try:
        toss = await client.create_virtual_account(body)
    except TossUnavailable:
        raise unanswered() from None
    except TossError as error:
        raise refused(error) from None
    payment_key = str(toss.get("paymentKey") or "")
    if not payment_key:
        raise unanswered()
    payment = await open_payment(
        session,
        order=order,
        processor=Processor.TOSS,
        method=VIRTUAL_ACCOUNT,
        reference=payment_key,
    )
    keep_account(payment, toss)
    await session.flush()
    return payment


async def _waiting_account(session: AsyncSession, *, order: Order) -> Payment | None:
    found = await session.scalars(
        select(Payment)
        .where(
            col(Payment.order_id) == order.id,
            col(Payment.processor) == Processor.TOSS,
            col(Payment.method) == VIRTUAL_ACCOUNT,
            col(Payment.status) == PaymentStatus.PENDING,
            col(Payment.amount) == order.total,
        )
        .order_by(col(Payment.id).desc())
        .limit(1)
    )
    return found.first()


async def _payment(session: AsyncSession, *, payment_id: int) -> Payment:
    payment = await session.scalar(select(Payment).where(col(Payment.id) == payment_id))
    if payment is None:
        raise NotFound("payment")
    return payment


def _made(payment: Payment) -> Result:
    assert payment.id is not None
    return {"payment_id": payment.id}


async def handle_toss_deposit(session: AsyncSession, *, ctx: Ctx, data: TossDepositIn) -> Payment:
    """Toss's deposit callback: DONE pays the order, CANCELED and EXPIRED close the account.
    Anyone may call it; the account's secret is the credential."""
    payment = await _account_with_secret(session, data=data)
    event_id = f"deposit:{data.transaction_key or data.order_id}:{data.status}:{data.created_at}"
    try:
        async with session.begin_nested():
            session.add(
                ProviderEvent(
                    processor=Processor.TOSS,
                    event_id=event_id[:255],
                    type=f"deposit.{data.status}"[:100],
                )
            )
            await session.flush()
    except IntegrityError:
        return payment  # handled before
    assert payment.id is not None
    order, payment = await lock_payment(session, payment_id=payment.id)
    if data.status == "DONE":
        note = f"Paid by Toss virtual account ({payment.reference})."
        await mark_succeeded(session, ctx=ctx, order=order, payment=payment, note=note)
    elif data.status in CLOSED:
        await close_payment(session, ctx=ctx, payment=payment, reason=f"Toss: {data.status}")
    return payment


async def _account_with_secret(session: AsyncSession, *, data: TossDepositIn) -> Payment:
    order = await session.scalar(select(Order).where(col(Order.number) == data.order_id))
    if order is None:
        raise NotFound("order")
    query = select(Payment).where(
        col(Payment.order_id) == order.id,
        col(Payment.processor) == Processor.TOSS,
        col(Payment.method) == VIRTUAL_ACCOUNT,
    )
    if data.payment_key:
        query = query.where(col(Payment.reference) == data.payment_key)
    for payment in await session.scalars(query.order_by(col(Payment.id).desc())):
        stored = str((payment.details or {}).get(SECRET) or "")
        if stored and hmac.compare_digest(stored.encode(), data.secret.encode()):
            return payment
    raise CallbackSecretMismatch()
