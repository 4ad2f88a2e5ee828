"""Stripe's word on a payment, recorded through the ledger: an intent's outcome, a paid Checkout
Session, refunds made in Stripe's dashboard.

Whoever brings the news (the buyer's confirm, the redirect's verify, a webhook) settles under
`ledger.lock_payment`, order first, so paths racing for one payment queue on the order's row and
the ledger's record-once functions leave one effect. Amounts are compared with the order's, and
objects Stripe answered are matched to this tenant through their metadata.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import case
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from tenantry.core.context import Ctx
from tenantry.core.errors import NotFound
from tenantry.models.order import Order
from tenantry.models.payments import Payment, PaymentStatus, Processor, Refund
from tenantry.resolvers.payments.errors import AmountMismatch, CurrencyMismatch
from tenantry.resolvers.payments.ledger import (
    find_payment,
    lock_payment,
    mark_failed,
    mark_succeeded,
    mark_unknown,
    record_refund,
)

TENANT_KEY = "tenant_id"
ORDER_KEY = "order_number"
PAYMENT_KEY = "payment_id"
FAILED_INTENT = frozenset({"requires_payment_method", "canceled"})


@dataclass(frozen=True)
class Settled:
    """A payment and its order after Stripe's outcome was recorded (or found still open)."""

    order: Order
    payment: Payment


def metadata(ctx: Ctx, order: Order, payment: Payment) -> dict[str, str]:
    """What we write on an intent or session, to know it again: tenant, order and payment."""
    return {
        TENANT_KEY: str(ctx.tenant.id),
        ORDER_KEY: order.number,
        PAYMENT_KEY: str(payment.id),
    }


def stripe_idempotency_key(ctx: Ctx, payment: Payment, what: str) -> str:
    """Stripe's own Idempotency-Key for a call made for one payment: a retry finds the object
    the first call made. The payment's creation time keeps two databases sharing one Stripe
    account (staging and production, say) from meeting each other's keys."""
    made = int(payment.created_at.timestamp() * 1_000_000)
    return f"tenantry-{ctx.tenant.id}-{payment.id}-{made}-{what}"


def object_id(value: Any) -> str | None:
    """An expandable Stripe field: its id whether Stripe sent the id or the object."""
    if isinstance(value, dict):
        found = value.get("id")
        return str(found) if found else None
    return str(value) if value else None


def belongs_here(ctx: Ctx, found: dict[str, Any], order: Order | None = None) -> bool:
    meta = found.get("metadata") or {}
    if str(meta.get(TENANT_KEY, "")) != str(ctx.tenant.id):
        return False
    return order is None or meta.get(ORDER_KEY) == order.number


def check_charged(
    order: Order, payment: Payment, *, amount: Any, currency: Any, field: str
) -> None:
    """What Stripe charged must be what the order owes, in the order's currency."""
    if str(currency or "").lower() != order.currency.lower():
        raise CurrencyMismatch(order.currency, field=field)
    if amount != order.total or amount != payment.amount:
        raise AmountMismatch(order.total, field=field)


async def payment_for_intent(
    session: AsyncSession, *, ctx: Ctx, intent: dict[str, Any]
) -> Payment | None:
    """Our payment of a PaymentIntent: by its id, else (an intent a Checkout Session made) by
    the payment id in its metadata."""
    intent_id = str(intent.get("id") or "")
    found = await find_payment(session, processor=Processor.STRIPE, reference=intent_id)
    if found is not None or not belongs_here(ctx, intent):
        return found
    raw = str((intent.get("metadata") or {}).get(PAYMENT_KEY, ""))
    if not raw.isdigit():
        return None
    payment = await session.scalar(
        select(Payment).where(
            col(Payment.id) == int(raw), col(Payment.processor) == Processor.STRIPE
        )
    )
    if payment is None or payment.reference not in (None, intent_id):
        return None
    return payment


async def settle_intent(
    session: AsyncSession, *, ctx: Ctx, payment_id: int, intent: dict[str, Any]
) -> Settled:
    """Records what a PaymentIntent Stripe answered says: succeeded, failed, or still open."""
    order, payment = await lock_payment(session, payment_id=payment_id)
    status = intent.get("status")
    if status == "succeeded":
        check_charged(
            order,
            payment,
            amount=intent.get("amount"),
            currency=intent.get("currency"),
            field="payment_intent_id",
        )
        payment.reference = payment.reference or str(intent["id"])
        await mark_succeeded(session, ctx=ctx, order=order, payment=payment)
    elif status in FAILED_INTENT and (intent.get("last_payment_error") or status == "canceled"):
        error = intent.get("last_payment_error") or {}
        await mark_failed(
            session,
            ctx=ctx,
            payment=payment,
            code=str(error.get("code") or status),
            decline_code=error.get("decline_code"),
            message=str(error.get("message") or "The payment was not completed."),
        )
    return Settled(order, payment)


async def settle_checkout(
    session: AsyncSession, *, ctx: Ctx, payment_id: int, checkout: dict[str, Any]
) -> Settled:
    """A Checkout Session that is paid makes its payment succeeded, its intent the reference."""
    order, payment = await lock_payment(session, payment_id=payment_id)
    if checkout.get("payment_status") == "paid":
        check_charged(
            order,
            payment,
            amount=checkout.get("amount_total"),
            currency=checkout.get("currency"),
            field="session_id",
        )
        payment.reference = payment.reference or object_id(checkout.get("payment_intent"))
        await mark_succeeded(session, ctx=ctx, order=order, payment=payment)
    return Settled(order, payment)


async def settle_unknown(session: AsyncSession, *, ctx: Ctx, payment_id: int) -> None:
    """Stripe did not answer about a payment: kept as unknown, to be checked again."""
    _, payment = await lock_payment(session, payment_id=payment_id)
    await mark_unknown(session, ctx=ctx, payment=payment, reason="Stripe did not answer.")


async def record_stripe_refunds(
    session: AsyncSession, *, ctx: Ctx, payment_id: int, refunds: list[dict[str, Any]]
) -> list[Refund]:
    """Refunds Stripe made that we have not recorded (made in Stripe's dashboard): each `re_…`
    once. Ours are recorded with their reference when made, so they never count twice."""
    order, payment = await lock_payment(session, payment_id=payment_id)
    if payment.status != PaymentStatus.SUCCEEDED:
        return []
    known = set(
        await session.scalars(select(Refund.reference).where(col(Refund.payment_id) == payment.id))
    )
    made: list[Refund] = []
    for refund in sorted(refunds, key=lambda found: int(found.get("created") or 0)):
        amount = refund.get("amount")
        remaining = payment.amount - payment.amount_refunded
        if refund.get("status") != "succeeded" or refund.get("id") in known:
            continue
        if not isinstance(amount, int) or not 0 < amount <= remaining:
            continue
        made.append(
            await record_refund(
                session,
                ctx=ctx,
                order=order,
                payment=payment,
                amount=amount,
                reason="Refunded in Stripe.",
                reference=str(refund["id"]),
            )
        )
    return made


async def stripe_payment_of_order(
    session: AsyncSession, *, order: Order, reference: str | None = None
) -> Payment:
    """The order's Stripe payment with that intent, or its latest succeeded (else latest) one."""
    query = select(Payment).where(
        col(Payment.order_id) == order.id, col(Payment.processor) == Processor.STRIPE
    )
    if reference is not None:
        query = query.where(col(Payment.reference) == reference)
    paid_first = case((col(Payment.status) == PaymentStatus.SUCCEEDED, 0), else_=1)
    payment = await session.scalar(query.order_by(paid_first, col(Payment.id).desc()).limit(1))
    if payment is None:
        raise NotFound("payment")
    return payment
