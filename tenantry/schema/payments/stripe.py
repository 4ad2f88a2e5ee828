"""Stripe payments: `createStripePaymentIntent`, `confirmStripePayment`, `createStripeCheckout`,
`verifyStripeCheckout`. Refunds are `refundPayment`, whatever the processor."""

from __future__ import annotations

import strawberry

from tenantry.core.inputs import parse_input
from tenantry.models.order import Order
from tenantry.models.payments import Payment as PaymentRow
from tenantry.resolvers import payments
from tenantry.schema.idempotency import IdempotencyKey
from tenantry.schema.payments import loaders
from tenantry.schema.payments.types import GQLInfo, Payment


@strawberry.type(description="A Stripe PaymentIntent for an order: Stripe.js confirms it.")
class StripePaymentIntent:
    client_secret: str | None
    payment_intent_id: str | None
    amount: int
    currency: str
    publishable_key: str
    order_number: str
    payment: Payment

    @classmethod
    def of(cls, made: payments.StripeIntent) -> StripePaymentIntent:
        return cls(
            client_secret=made.client_secret,
            payment_intent_id=made.payment_intent_id,
            amount=made.payment.amount,
            currency=made.payment.currency.lower(),
            publishable_key=made.publishable_key,
            order_number=made.order.number,
            payment=Payment.from_model(made.payment),
        )


@strawberry.type(description="A Stripe Checkout Session for an order: send the buyer to url.")
class StripeCheckout:
    url: str | None
    session_id: str | None
    order_number: str
    payment: Payment


@strawberry.type(description="An order's Stripe payment as Stripe reported it.")
class StripePaymentResult:
    order_number: str
    order_status: str
    payment: Payment

    @classmethod
    def of(cls, order: Order, payment: PaymentRow) -> StripePaymentResult:
        return cls(
            order_number=order.number,
            order_status=str(order.status),
            payment=Payment.from_model(payment),
        )


@strawberry.type
class Mutation:
    @strawberry.mutation(
        description="A PaymentIntent for what the order owes (the order's still-open one when "
        "there is one). A member pays their own order; staff admins and secret keys any."
    )
    async def create_stripe_payment_intent(
        self, info: GQLInfo, order_number: str, idempotency_key: IdempotencyKey = None
    ) -> StripePaymentIntent:
        context = info.context
        data = parse_input(payments.StripeIntentIn, {"order_number": order_number})
        once = await payments.create_stripe_intent(
            context.session, ctx=context.ctx, data=data, key=idempotency_key
        )
        loaders.written(context)
        return StripePaymentIntent.of(once.value)

    @strawberry.mutation(
        description="Records the intent's outcome as Stripe reports it (never the client's word)."
    )
    async def confirm_stripe_payment(
        self, info: GQLInfo, order_number: str, payment_intent_id: str
    ) -> StripePaymentResult:
        context = info.context
        data = parse_input(
            payments.StripeConfirmIn,
            {"order_number": order_number, "payment_intent_id": payment_intent_id},
        )
        settled = await payments.confirm_stripe_payment(context.session, ctx=context.ctx, data=data)
        loaders.written(context)
        return StripePaymentResult.of(settled.order, settled.payment)

    @strawberry.mutation(description="A Stripe Checkout Session for what the order owes.")
    async def create_stripe_checkout(
        self,
        info: GQLInfo,
        order_number: str,
        success_url: str,
        cancel_url: str,
        idempotency_key: IdempotencyKey = None,
    ) -> StripeCheckout:
        context = info.context
        given = {"order_number": order_number, "success_url": success_url}
        data = parse_input(payments.StripeCheckoutIn, {**given, "cancel_url": cancel_url})
        once = await payments.create_stripe_checkout(
            context.session, ctx=context.ctx, data=data, key=idempotency_key
        )
        loaders.written(context)
        made = once.value
        return StripeCheckout(
            url=made.url,
            session_id=made.session_id,
            order_number=made.order.number,
            payment=Payment.from_model(made.payment),
        )

    @strawberry.mutation(description="After Stripe's redirect: settles a paid Checkout Session.")
    async def verify_stripe_checkout(self, info: GQLInfo, session_id: str) -> StripePaymentResult:
        context = info.context
        data = parse_input(payments.StripeVerifyIn, {"session_id": session_id})
        settled = await payments.verify_stripe_checkout(context.session, ctx=context.ctx, data=data)
        loaders.written(context)
        return StripePaymentResult.of(settled.order, settled.payment)
