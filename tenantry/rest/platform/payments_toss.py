"""Dialect A Toss Payments: POST /payments/toss/ready · /confirm · /cancel · /virtual-account, and
Toss's deposit callback at POST /payments/toss/webhook.

ready answers what Toss's payment window is opened with, in the SDK's (Toss's) camelCase:
`clientKey`, `orderId`, `amount`, `orderName`, …; the other answers are snake_case like every
dialect A object. Confirm, cancel and virtual-account honour an Idempotency-Key.
"""

from __future__ import annotations

from typing import Any

from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from tenantry.models.payments import Payment, Refund
from tenantry.resolvers import payments
from tenantry.rest.endpoint import Call, endpoint
from tenantry.rest.envelopes import json
from tenantry.rest.formats import iso
from tenantry.rest.idempotency import idempotency_key, replay_headers
from tenantry.rest.spec import IDEMPOTENCY_KEY, Body


def payment_json(payment: Payment, order_number: str) -> dict[str, Any]:
    details = payment.details or {}
    card = None
    if payment.card_last4 is not None or payment.card_brand is not None:
        card = {"brand": payment.card_brand, "last4": payment.card_last4}
    account = None
    if payment.method == "virtual_account":
        account = {
            "account_number": details.get("account_number"),
            "bank": details.get("bank"),
            "customer_name": details.get("customer_name"),
            "due_date": details.get("due_date"),
        }
    return {
        "id": payment.id,
        "order_number": order_number,
        "provider": str(payment.processor),
        "payment_key": payment.reference,
        "method": payment.method,
        "status": str(payment.status),
        "amount": payment.amount,
        "amount_refunded": payment.amount_refunded,
        "currency": payment.currency,
        "card": card,
        "virtual_account": account,
        "receipt_url": details.get("receipt_url"),
        "failure_code": payment.failure_code,
        "failure_message": payment.failure_message,
        "paid_at": iso(payment.succeeded_at),
        "created_at": iso(payment.created_at),
    }


def refund_json(refund: Refund) -> dict[str, Any]:
    return {
        "id": refund.id,
        "amount": refund.amount,
        "currency": refund.currency,
        "reason": refund.reason,
        "status": str(refund.status),
        "transaction_key": refund.reference,
        "created_at": iso(refund.created_at),
    }


async def ready(call: Call) -> Response:
    """What Toss's payment window is opened with for the order (Toss's camelCase)."""
    data = call.parse(payments.TossReadyIn, await call.json())
    found = await payments.prepare_toss_payment(call.session, ctx=call.ctx, data=data)
    return json(
        {
            "data": {
                "clientKey": found.client_key,
                "orderId": found.order_id,
                "amount": found.amount,
                "currency": found.currency,
                "orderName": found.order_name,
                "customerName": found.customer_name,
                "customerEmail": found.customer_email,
                "successUrl": found.success_url,
                "failUrl": found.fail_url,
                "payment_id": found.payment.id,
            }
        }
    )


async def confirm(call: Call) -> Response:
    """Confirms the payment Toss authorised and settles the order (honours an Idempotency-Key)."""
    data = call.parse(payments.TossConfirmIn, await call.json())
    once = await payments.confirm_toss_payment(
        call.session, ctx=call.ctx, data=data, key=idempotency_key(call)
    )
    return json({"data": payment_json(once.value, data.order_id)}, 200, replay_headers(once))


async def cancel(call: Call) -> Response:
    """Cancels the Toss payment, all or `cancel_amount` of it (honours an Idempotency-Key)."""
    data = call.parse(payments.TossCancelIn, await call.json())
    once = await payments.cancel_toss_payment(
        call.session, ctx=call.ctx, data=data, key=idempotency_key(call)
    )
    done = once.value
    body = {
        "payment": payment_json(done.payment, done.order_number),
        "refund": refund_json(done.refund) if done.refund is not None else None,
    }
    return json({"data": body}, 200, replay_headers(once))


async def virtual_account(call: Call) -> Response:
    """Issues a virtual account for what the order owes (honours an Idempotency-Key)."""
    data = call.parse(payments.TossVirtualAccountIn, await call.json())
    once = await payments.create_toss_virtual_account(
        call.session, ctx=call.ctx, data=data, key=idempotency_key(call)
    )
    return json({"data": payment_json(once.value, data.order_number)}, 201, replay_headers(once))


async def deposit_callback(call: Call) -> Response:
    """Toss's deposit callback for a virtual account (camelCase, as Toss sends it)."""
    data = call.parse(payments.TossDepositIn, await call.json())
    await payments.handle_toss_deposit(call.session, ctx=call.ctx, data=data)
    return json({"data": {"received": True}})


routes: list[BaseRoute] = [
    Route(
        "/payments/toss/ready",
        endpoint(ready, body=Body.of(payments.TossReadyIn)),
        methods=["POST"],
    ),
    Route(
        "/payments/toss/confirm",
        endpoint(confirm, headers=(IDEMPOTENCY_KEY,), body=Body.of(payments.TossConfirmIn)),
        methods=["POST"],
    ),
    Route(
        "/payments/toss/cancel",
        endpoint(cancel, headers=(IDEMPOTENCY_KEY,), body=Body.of(payments.TossCancelIn)),
        methods=["POST"],
    ),
    Route(
        "/payments/toss/virtual-account",
        endpoint(
            virtual_account,
            headers=(IDEMPOTENCY_KEY,),
            body=Body.of(payments.TossVirtualAccountIn),
            status=201,
        ),
        methods=["POST"],
    ),
    Route(
        "/payments/toss/webhook",
        endpoint(deposit_callback, body=Body.of(payments.TossDepositIn)),
        methods=["POST"],
    ),
]
