"""Refunds of Stripe payments, named the way dialect A's `/payments/stripe/refund` names them: by
the order's number or the PaymentIntent's id. A merchant action, never the buyer's."""

from __future__ import annotations

from functools import partial

from pydantic import Field, model_validator
from sqlalchemy.ext.asyncio import AsyncSession

from tenantry.core.access import require_admin
from tenantry.core.context import Ctx
from tenantry.core.errors import NotFound
from tenantry.core.inputs import Input
from tenantry.models.payments import Payment, Processor, Refund
from tenantry.resolvers.idempotency import Once
from tenantry.resolvers.orders import get_order
from tenantry.resolvers.payments.ledger import find_payment
from tenantry.resolvers.payments.refunds import get_refund, refund_payment
from tenantry.resolvers.payments.stripe_once import REFUND_ID, stripe_once
from tenantry.resolvers.payments.stripe_settle import stripe_payment_of_order

CREATE_STRIPE_REFUND = "payments.stripe.create_refund"


class StripeRefundIn(Input):
    order_number: str | None = Field(default=None, min_length=1, max_length=64)
    payment_intent_id: str | None = Field(
        default=None, min_length=4, max_length=200, pattern=r"^pi_[A-Za-z0-9_]+$"
    )
    amount: int | None = Field(default=None, gt=0)
    reason: str = Field(default="", max_length=500)
    restock: bool = False

    @model_validator(mode="after")
    def _names_a_payment(self) -> StripeRefundIn:
        if self.order_number is None and self.payment_intent_id is None:
            raise ValueError("Either order_number or payment_intent_id is required.")
        return self


async def refund_stripe_payment(
    session: AsyncSession, *, ctx: Ctx, data: StripeRefundIn, key: str | None
) -> Once[Refund]:
    """Refunds `amount` (all that is left when None) of the Stripe payment, once per key."""
    require_admin(ctx)
    return await stripe_once(
        session,
        ctx=ctx,
        operation=CREATE_STRIPE_REFUND,
        key=key,
        params=data,
        run=partial(_refund, session, ctx=ctx, data=data),
        made=lambda refund: refund,
        named=REFUND_ID,
        replay=lambda refund_id: get_refund(session, ctx=ctx, refund_id=refund_id),
    )


async def _refund(session: AsyncSession, *, ctx: Ctx, data: StripeRefundIn) -> Refund:
    payment = await _payment(session, ctx=ctx, data=data)
    assert payment.id is not None
    return await refund_payment(
        session,
        ctx=ctx,
        payment_id=payment.id,
        amount=data.amount,
        reason=data.reason,
        restock=data.restock,
    )


async def _payment(session: AsyncSession, *, ctx: Ctx, data: StripeRefundIn) -> Payment:
    if data.order_number is not None:
        order = await get_order(session, ctx=ctx, number=data.order_number)
        return await stripe_payment_of_order(session, order=order, reference=data.payment_intent_id)
    found = await find_payment(
        session, processor=Processor.STRIPE, reference=data.payment_intent_id
    )
    if found is None:
        raise NotFound("payment")
    return found
