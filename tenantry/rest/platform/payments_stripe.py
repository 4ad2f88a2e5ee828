"""Dialect A Stripe payments: POST /payments/stripe/intent · /confirm · /checkout · /verify ·
/refund, and Stripe's webhook at POST /payments/stripe/webhook.

A member pays their own order (owner/admin staff and secret keys any); refunds are a merchant
action. The webhook is authenticated by its Stripe-Signature, read over the raw body.
"""

from __future__ import annotations

from typing import Any

from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from tenantry.mail import Mailer
from tenantry.models.order import Order
from tenantry.models.payments import Payment, Refund
from tenantry.resolvers import payments, subscriptions
from tenantry.rest.endpoint import Call, endpoint
from tenantry.rest.envelopes import json
from tenantry.rest.formats import iso
from tenantry.rest.idempotency import idempotency_key, replay_headers
from tenantry.rest.spec import IDEMPOTENCY_KEY, Body

SIGNATURE_HEADER = "Stripe-Signature"
# Stripe's event object, read raw (its signature is over the exact bytes).
STRIPE_EVENT = Body(
    schema={
        "type": "object",
        "required": ["id", "type", "data"],
        "properties": {
            "id": {"type": "string"},
            "type": {"type": "string"},
            "data": {"type": "object", "properties": {"object": {"type": "object"}}},
        },
        "description": "A Stripe event, signed in the Stripe-Signature header.",
    }
)


def payment_json(payment: Payment) -> dict[str, Any]:
    return {
        "id": payment.id,
        "provider": str(payment.processor),
        "method": payment.method,
        "status": str(payment.status),
        "amount": payment.amount,
        "amount_refunded": payment.amount_refunded,
        "currency": payment.currency,
        "payment_intent_id": payment.reference,
        "session_id": payment.session_reference,
        "failure_code": payment.failure_code,
        "decline_code": payment.decline_code,
        "failure_message": payment.failure_message,
        "paid_at": iso(payment.succeeded_at),
        "created_at": iso(payment.created_at),
    }


def refund_json(refund: Refund) -> dict[str, Any]:
    return {
        "id": refund.id,
        "payment_id": refund.payment_id,
        "amount": refund.amount,
        "currency": refund.currency,
        "status": str(refund.status),
        "reason": refund.reason,
        "refund_id": refund.reference,
        "restocked": refund.restocked,
        "created_at": iso(refund.created_at),
    }


def settled_json(order: Order, payment: Payment) -> dict[str, Any]:
    return {
        "order_number": order.number,
        "order_status": str(order.status),
        "status": str(payment.status),
        "payment": payment_json(payment),
    }


async def create_intent(call: Call) -> Response:
    """Creates a PaymentIntent for the order (honours an Idempotency-Key)."""
    data = call.parse(payments.StripeIntentIn, await call.json())
    once = await payments.create_stripe_intent(
        call.session, ctx=call.ctx, data=data, key=idempotency_key(call)
    )
    made = once.value
    body = {
        "client_secret": made.client_secret,
        "payment_intent_id": made.payment_intent_id,
        "amount": made.payment.amount,
        "currency": made.payment.currency.lower(),
        "publishable_key": made.publishable_key,
        **settled_json(made.order, made.payment),
    }
    return json({"data": body}, 201, replay_headers(once))


async def confirm(call: Call) -> Response:
    """Settles the order from its confirmed PaymentIntent."""
    data = call.parse(payments.StripeConfirmIn, await call.json())
    settled = await payments.confirm_stripe_payment(call.session, ctx=call.ctx, data=data)
    return json({"data": settled_json(settled.order, settled.payment)})


async def create_checkout(call: Call) -> Response:
    """Creates a Checkout Session for the order (honours an Idempotency-Key)."""
    data = call.parse(payments.StripeCheckoutIn, await call.json())
    once = await payments.create_stripe_checkout(
        call.session, ctx=call.ctx, data=data, key=idempotency_key(call)
    )
    made = once.value
    body = {
        "url": made.url,
        "session_id": made.session_id,
        **settled_json(made.order, made.payment),
    }
    return json({"data": body}, 201, replay_headers(once))


async def verify(call: Call) -> Response:
    """Settles the order from its completed Checkout Session."""
    data = call.parse(payments.StripeVerifyIn, await call.json())
    settled = await payments.verify_stripe_checkout(call.session, ctx=call.ctx, data=data)
    return json({"data": settled_json(settled.order, settled.payment)})


async def refund(call: Call) -> Response:
    """Refunds the payment, all or `amount` of it (honours an Idempotency-Key)."""
    data = call.parse(payments.StripeRefundIn, await call.json())
    once = await payments.refund_stripe_payment(
        call.session, ctx=call.ctx, data=data, key=idempotency_key(call)
    )
    return json({"data": refund_json(once.value)}, 201, replay_headers(once))


async def webhook(call: Call) -> Response:
    """Stripe's webhook: an event, authenticated by its Stripe-Signature over the raw body."""
    await payments.handle_stripe_webhook(
        call.session,
        ctx=call.ctx,
        payload=await call.request.body(),
        signature=call.request.headers.get(SIGNATURE_HEADER),
        more=subscriptions.stripe_handlers(Mailer(call.services.db, call.services.settings)),
    )
    return json({"data": {"received": True}})


routes: list[BaseRoute] = [
    Route(
        "/payments/stripe/intent",
        endpoint(
            create_intent,
            headers=(IDEMPOTENCY_KEY,),
            body=Body.of(payments.StripeIntentIn),
            status=201,
        ),
        methods=["POST"],
    ),
    Route(
        "/payments/stripe/confirm",
        endpoint(confirm, body=Body.of(payments.StripeConfirmIn)),
        methods=["POST"],
    ),
    Route(
        "/payments/stripe/checkout",
        endpoint(
            create_checkout,
            headers=(IDEMPOTENCY_KEY,),
            body=Body.of(payments.StripeCheckoutIn),
            status=201,
        ),
        methods=["POST"],
    ),
    Route(
        "/payments/stripe/verify",
        endpoint(verify, body=Body.of(payments.StripeVerifyIn)),
        methods=["POST"],
    ),
    Route(
        "/payments/stripe/refund",
        endpoint(
            refund, headers=(IDEMPOTENCY_KEY,), body=Body.of(payments.StripeRefundIn), status=201
        ),
        methods=["POST"],
    ),
    Route("/payments/stripe/webhook", endpoint(webhook, body=STRIPE_EVENT), methods=["POST"]),
]
