"""Stripe PaymentIntents: one made for what an order owes, then confirmed by the buyer's browser
with Stripe.js; our confirm asks Stripe what happened and never takes the client's word."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import Any

from pydantic import Field
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from tenantry.core.context import Ctx
from tenantry.core.errors import NotFound
from tenantry.core.inputs import Input
from tenantry.models.order import Order
from tenantry.models.payments import Payment, PaymentStatus, Processor
from tenantry.resolvers.idempotency import Once
from tenantry.resolvers.orders import get_order
from tenantry.resolvers.payments.errors import ProviderUnavailable
from tenantry.resolvers.payments.ledger import (
    find_payment,
    mark_unknown,
    open_payment,
    order_to_pay,
)
from tenantry.resolvers.payments.stripe_client import (
    StripeAccount,
    plain,
    stripe_account,
    stripe_errors,
)
from tenantry.resolvers.payments.stripe_once import open_once
from tenantry.resolvers.payments.stripe_settle import (
    Settled,
    belongs_here,
    metadata,
    payment_for_intent,
    settle_intent,
    settle_unknown,
    stripe_idempotency_key,
)

CREATE_STRIPE_INTENT = "payments.stripe.create_intent"
# An intent the buyer can still pay: a second request for the order answers it again.
OPEN_INTENT = frozenset({"requires_payment_method", "requires_confirmation", "requires_action"})
ORDER_NUMBER = Field(min_length=1, max_length=64)
INTENT_ID = Field(min_length=4, max_length=200, pattern=r"^pi_[A-Za-z0-9_]+$")


class StripeIntentIn(Input):
    order_number: str = ORDER_NUMBER


class StripeConfirmIn(Input):
    order_number: str = ORDER_NUMBER
    payment_intent_id: str = INTENT_ID


@dataclass(frozen=True)
class StripeIntent:
    """What Stripe.js needs to take the payment; no secret when Stripe did not answer."""

    order: Order
    payment: Payment
    client_secret: str | None
    payment_intent_id: str | None
    publishable_key: str


async def create_stripe_intent(
    session: AsyncSession, *, ctx: Ctx, data: StripeIntentIn, key: str | None
) -> Once[StripeIntent]:
    """A PaymentIntent for what the order owes, once per Idempotency-Key. A member pays their
    own order; owner/admin staff and secret keys any. Stripe not answering leaves the payment
    unknown and raises ProviderUnavailable."""
    return await open_once(
        session,
        ctx=ctx,
        operation=CREATE_STRIPE_INTENT,
        key=key,
        params=data,
        run=partial(_create, session, ctx=ctx, data=data),
        again=partial(_again, session, ctx=ctx),
    )


async def _create(session: AsyncSession, *, ctx: Ctx, data: StripeIntentIn) -> StripeIntent:
    order = await order_to_pay(session, ctx=ctx, number=data.order_number)
    async with stripe_account(session, ctx=ctx) as account:
        reused = await _open_intent(session, account=account, order=order)
        if reused is not None:
            return reused
        payment = await open_payment(session, order=order, processor=Processor.STRIPE)
        params: Any = {
            "amount": order.total,  # minor units; KRW and JPY have none, and are sent as they are
            "currency": order.currency.lower(),
            "payment_method_types": ["card"],
            "metadata": metadata(ctx, order, payment),
        }
        options: Any = {"idempotency_key": stripe_idempotency_key(ctx, payment, "intent")}
        try:
            with stripe_errors():
                made = await account.client.v1.payment_intents.create_async(
                    params=params, options=options
                )
        except ProviderUnavailable:
            await mark_unknown(session, ctx=ctx, payment=payment, reason="Stripe did not answer.")
            return StripeIntent(order, payment, None, None, account.publishable_key)
    intent = plain(made)
    payment.reference = str(intent["id"])
    await session.flush()
    return StripeIntent(
        order, payment, intent.get("client_secret"), payment.reference, account.publishable_key
    )


async def _open_intent(
    session: AsyncSession, *, account: StripeAccount, order: Order
) -> StripeIntent | None:
    """The order's pending intent, when Stripe says the buyer can still pay it in full."""
    payment = await session.scalar(
        select(Payment)
        .where(
            col(Payment.order_id) == order.id,
            col(Payment.processor) == Processor.STRIPE,
            col(Payment.method) == "card",
            col(Payment.status) == PaymentStatus.PENDING,
            col(Payment.reference).is_not(None),
        )
        .order_by(col(Payment.id).desc())
        .limit(1)
    )
    if payment is None or payment.reference is None or payment.amount != order.total:
        return None
    try:
        with stripe_errors():
            found = plain(await account.client.v1.payment_intents.retrieve_async(payment.reference))
    except ProviderUnavailable:
        return None  # not known to be open: a new intent is made instead
    same = found.get("amount") == order.total and found.get("currency") == order.currency.lower()
    if not same or found.get("status") not in OPEN_INTENT:
        return None
    return StripeIntent(
        order, payment, found.get("client_secret"), payment.reference, account.publishable_key
    )


async def _again(
    session: AsyncSession, order: Order, payment: Payment, *, ctx: Ctx
) -> StripeIntent:
    """The intent's client secret asked of Stripe again: it is never stored."""
    async with stripe_account(session, ctx=ctx) as account:
        secret = None
        if payment.reference is not None:
            with stripe_errors():
                found = await account.client.v1.payment_intents.retrieve_async(payment.reference)
            secret = plain(found).get("client_secret")
        return StripeIntent(order, payment, secret, payment.reference, account.publishable_key)


async def confirm_stripe_payment(
    session: AsyncSession, *, ctx: Ctx, data: StripeConfirmIn
) -> Settled:
    """Records the outcome of the order's PaymentIntent as Stripe reports it: succeeded (the
    order becomes paid), failed (with Stripe's reason), or still processing (pending)."""
    order = await get_order(session, ctx=ctx, number=data.order_number)
    intent_id = data.payment_intent_id
    known = await find_payment(session, processor=Processor.STRIPE, reference=intent_id)
    async with stripe_account(session, ctx=ctx) as account:
        try:
            with stripe_errors():
                found = await account.client.v1.payment_intents.retrieve_async(intent_id)
        except ProviderUnavailable:
            if known is not None and known.id is not None and known.order_id == order.id:
                await settle_unknown(session, ctx=ctx, payment_id=known.id)
            raise
    intent = plain(found)
    # An intent a Checkout Session made is known by the payment id in its metadata.
    payment = known or await payment_for_intent(session, ctx=ctx, intent=intent)
    if payment is None or payment.id is None or payment.order_id != order.id:
        raise NotFound("payment")
    if not belongs_here(ctx, intent, order):
        raise NotFound("payment")
    return await settle_intent(session, ctx=ctx, payment_id=payment.id, intent=intent)
