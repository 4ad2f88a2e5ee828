"""Dialect B /v1/payments and /v1/refunds: card payments on the test processor, refunds of any
payment, and reading both; `pay_` and `re_` ids.

A declined card answers Stripe's 402 card_error (with `decline_code` and the recorded `pay_…`).
An order or payment named in the body that does not exist is Stripe's 400 resource_missing on
that parameter; an unknown id in the path is a 404.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from tenantry.core.errors import NotFound
from tenantry.resolvers import payments
from tenantry.resolvers.commerce_objects import ORDER_PREFIX, PAYMENT_PREFIX, REFUND_PREFIX
from tenantry.resolvers.orders import UnknownReference
from tenantry.rest.commerce.common import (
    PAGING,
    decode_id,
    missing_as,
    page_envelope,
    parse_paging,
    prefixed_id,
)
from tenantry.rest.endpoint import Call, endpoint
from tenantry.rest.envelopes import json
from tenantry.rest.idempotency import idempotency_key, replay_headers
from tenantry.rest.spec import IDEMPOTENCY_KEY, Body, Param

RESOURCE_OF = {ORDER_PREFIX: "order", PAYMENT_PREFIX: "payment"}

ORDER = Param("order_id", prefixed_id(ORDER_PREFIX), "Only this order's payments.")
PAYMENT = Param("payment", prefixed_id(PAYMENT_PREFIX), "Only this payment's refunds.")
# The body names the order or payment by its prefixed id; body_reference decodes it.
PAYMENT_BODY = Body.of(payments.CardPaymentIn, fields={"order_id": prefixed_id(ORDER_PREFIX)})
REFUND_BODY = Body.of(payments.RefundIn, fields={"payment": prefixed_id(PAYMENT_PREFIX)})


def body_reference(body: dict[str, Any], param: str, prefix: str) -> dict[str, Any]:
    """`ord_7` in the body -> 7 for the domain; a string that cannot be one names nothing."""
    value = body.get(param)
    if not isinstance(value, str):
        return body
    try:
        return {**body, param: decode_id(prefix, value)}
    except NotFound:
        raise UnknownReference(param, RESOURCE_OF[prefix], value) from None


@contextmanager
def named_in_body(body: dict[str, Any], param: str, prefix: str) -> Iterator[None]:
    """The domain's NotFound for the object the body names is B's 400 on that parameter."""
    try:
        yield
    except UnknownReference:
        raise
    except NotFound as exc:
        if exc.resource != RESOURCE_OF[prefix]:
            raise
        raise UnknownReference(param, exc.resource, str(body.get(param))) from None


async def create_payment(call: Call) -> Response:
    """Charges the order's total to a test card, once per Idempotency-Key; a decline is a 402
    card_error naming the recorded payment."""
    body = await call.json()
    data = call.parse(payments.CardPaymentIn, body_reference(body, "order_id", ORDER_PREFIX))
    with named_in_body(body, "order_id", ORDER_PREFIX):
        once = await payments.pay_with_card(
            call.session, ctx=call.ctx, data=data, key=idempotency_key(call)
        )
    return json(payments.payment_object(once.value), 200, replay_headers(once))


async def list_payments(call: Call) -> Response:
    page = parse_paging(call)
    order = call.query("order_id")
    order_id = None
    if order:
        order_id = body_reference({"order_id": order}, "order_id", ORDER_PREFIX)["order_id"]
    found = await payments.list_payments(call.session, ctx=call.ctx, page=page, order_id=order_id)
    return json(page_envelope(found, [payments.payment_object(p) for p in found.items]))


async def retrieve_payment(call: Call) -> Response:
    raw = call.path("id")
    with missing_as(PAYMENT_PREFIX, raw):
        payment = await payments.get_payment(
            call.session, ctx=call.ctx, payment_id=decode_id(PAYMENT_PREFIX, raw)
        )
    return json(payments.payment_object(payment))


async def create_refund(call: Call) -> Response:
    """Refunds `amount` (by default all that is left) of a payment, once per Idempotency-Key."""
    body = await call.json()
    data = call.parse(payments.RefundIn, body_reference(body, "payment", PAYMENT_PREFIX))
    with named_in_body(body, "payment", PAYMENT_PREFIX):
        once = await payments.create_refund(
            call.session, ctx=call.ctx, data=data, key=idempotency_key(call)
        )
    return json(payments.refund_object(once.value), 200, replay_headers(once))


async def list_refunds(call: Call) -> Response:
    page = parse_paging(call)
    payment = call.query("payment")
    payment_id = None
    if payment:
        payment_id = body_reference({"payment": payment}, "payment", PAYMENT_PREFIX)["payment"]
    found = await payments.list_refunds(
        call.session, ctx=call.ctx, page=page, payment_id=payment_id
    )
    return json(page_envelope(found, [payments.refund_object(r) for r in found.items]))


async def retrieve_refund(call: Call) -> Response:
    raw = call.path("id")
    with missing_as(REFUND_PREFIX, raw):
        refund = await payments.get_refund(
            call.session, ctx=call.ctx, refund_id=decode_id(REFUND_PREFIX, raw)
        )
    return json(payments.refund_object(refund))


routes: list[BaseRoute] = [
    Route(
        "/payments",
        endpoint(create_payment, headers=(IDEMPOTENCY_KEY,), body=PAYMENT_BODY),
        methods=["POST"],
    ),
    Route("/payments", endpoint(list_payments, query=(*PAGING, ORDER)), methods=["GET"]),
    Route("/payments/{id}", endpoint(retrieve_payment), methods=["GET"]),
    Route(
        "/refunds",
        endpoint(create_refund, headers=(IDEMPOTENCY_KEY,), body=REFUND_BODY),
        methods=["POST"],
    ),
    Route("/refunds", endpoint(list_refunds, query=(*PAGING, PAYMENT)), methods=["GET"]),
    Route("/refunds/{id}", endpoint(retrieve_refund), methods=["GET"]),
]
