"""Cancelling a Toss payment: a merchant action (owner/admin staff or a secret key).

A paid payment is cancelled in full or in part through the one refund path
(`refunds.refund_payment`, whose give-back for Toss calls POST /v1/payments/{key}/cancel), so
it is counted as a refund, emits refund.processed and moves a fully refunded order to
refunded. A virtual account still awaiting its deposit has taken nothing: Toss cancels it and
the pending payment is closed (canceled), with no refund; the order stays pending.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from pydantic import Field
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from tenantry.core.access import require_admin
from tenantry.core.context import Ctx
from tenantry.core.errors import NotFound, ValidationFailed
from tenantry.core.inputs import Input
from tenantry.models.payments import Payment, PaymentStatus, Processor, Refund
from tenantry.resolvers.idempotency import Once, Result, run_once
from tenantry.resolvers.orders import get_order, get_order_by_id
from tenantry.resolvers.payments.ledger import find_payment, lock_payment, refund_amount
from tenantry.resolvers.payments.refunds import get_refund, refund_payment
from tenantry.resolvers.payments.toss_accounts import VIRTUAL_ACCOUNT
from tenantry.resolvers.payments.toss_client import (
    TossError,
    TossUnavailable,
    refused,
    toss_client,
    unanswered,
)
from tenantry.resolvers.payments.toss_settle import close_payment

CANCEL = "payments.toss_cancel"


class TossCancelIn(Input):
    order_number: str | None = Field(default=None, min_length=1, max_length=40)
    payment_key: str | None = Field(default=None, min_length=1, max_length=200)
    cancel_reason: str = Field(min_length=1, max_length=200)
    cancel_amount: int | None = Field(default=None, gt=0)


@dataclass(frozen=True)
class TossCancel:
    """The payment after the cancel, and the refund it made (none for an unpaid account)."""

    order_number: str
    payment: Payment
    refund: Refund | None


async def cancel_toss_payment(
    session: AsyncSession, *, ctx: Ctx, data: TossCancelIn, key: str | None
) -> Once[TossCancel]:
    require_admin(ctx)
    if data.order_number is None and data.payment_key is None:
        raise ValidationFailed.missing(
            "payment_key", "The payment key field is required when order number is not present."
        )
    return await run_once(
        session,
        ctx=ctx,
        operation=CANCEL,
        key=key,
        params=data,
        run=partial(_cancel, session, ctx=ctx, data=data),
        result=_made,
        replay=partial(_replayed, session, ctx=ctx),
    )


async def _cancel(session: AsyncSession, *, ctx: Ctx, data: TossCancelIn) -> TossCancel:
    found = await _payment_to_cancel(session, ctx=ctx, data=data)
    assert found.id is not None
    order, payment = await lock_payment(session, payment_id=found.id)
    unpaid_account = payment.method == VIRTUAL_ACCOUNT and payment.status in {
        PaymentStatus.PENDING,
        PaymentStatus.UNKNOWN,
    }
    if not unpaid_account or payment.reference is None:
        refund_amount(payment, data.cancel_amount, field="cancel_amount")
        refund = await refund_payment(
            session,
            ctx=ctx,
            payment_id=found.id,
            amount=data.cancel_amount,
            reason=data.cancel_reason,
        )
        return TossCancel(order_number=order.number, payment=payment, refund=refund)
    if data.cancel_amount is not None and data.cancel_amount != payment.amount:
        raise ValidationFailed.single(
            "cancel_amount", "A virtual account awaiting its deposit is cancelled in full."
        )
    client, _ = await toss_client(session, ctx=ctx)
    try:
        await client.cancel(payment_key=payment.reference, reason=data.cancel_reason)
    except TossUnavailable:
        raise unanswered() from None
    except TossError as error:
        raise refused(error) from None
    await close_payment(session, ctx=ctx, payment=payment, reason=data.cancel_reason)
    return TossCancel(order_number=order.number, payment=payment, refund=None)


async def _payment_to_cancel(session: AsyncSession, *, ctx: Ctx, data: TossCancelIn) -> Payment:
    """The payment named by its key, or the order's Toss payment there is something to cancel
    of: a paid one with money left, else an account awaiting its deposit, else the latest."""
    order = None
    if data.order_number is not None:
        order = await get_order(session, ctx=ctx, number=data.order_number)
    if data.payment_key is not None:
        payment = await find_payment(session, processor=Processor.TOSS, reference=data.payment_key)
        if payment is None or (order is not None and payment.order_id != order.id):
            raise NotFound("payment")
        return payment
    assert order is not None
    payments = list(
        await session.scalars(
            select(Payment)
            .where(col(Payment.order_id) == order.id, col(Payment.processor) == Processor.TOSS)
            .order_by(col(Payment.id).desc())
        )
    )
    if not payments:
        raise NotFound("payment")
    for wanted in (_refundable, _awaiting_deposit):
        found = next((payment for payment in payments if wanted(payment)), None)
        if found is not None:
            return found
    return payments[0]


def _refundable(payment: Payment) -> bool:
    return payment.status == PaymentStatus.SUCCEEDED and payment.amount_refunded < payment.amount


def _awaiting_deposit(payment: Payment) -> bool:
    return payment.method == VIRTUAL_ACCOUNT and payment.status == PaymentStatus.PENDING


def _made(cancel: TossCancel) -> Result:
    assert cancel.payment.id is not None
    made = {"payment_id": cancel.payment.id}
    if cancel.refund is not None:
        assert cancel.refund.id is not None
        made["refund_id"] = cancel.refund.id
    return made


async def _replayed(session: AsyncSession, made: Result, *, ctx: Ctx) -> TossCancel:
    payment = await session.scalar(select(Payment).where(col(Payment.id) == made["payment_id"]))
    if payment is None or payment.order_id is None:
        raise NotFound("payment")
    order = await get_order_by_id(session, ctx=ctx, order_id=payment.order_id)
    refund = None
    if "refund_id" in made:
        refund = await get_refund(session, ctx=ctx, refund_id=made["refund_id"])
    return TossCancel(order_number=order.number, payment=payment, refund=refund)
