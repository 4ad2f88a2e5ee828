"""Dialect A reservation payments: POST /reservation-payments/toss/ready · /toss/confirm and
GET /reservation-payments/{id}/status (the payment's id, as ready answers it).

ready answers what Toss's payment window is opened with, in Toss's camelCase as the order flow's
ready does; the other answers are snake_case. A guest proves the booking is theirs with its
phone (in the body, or `?phone=` for the status). Confirm honours an Idempotency-Key.
"""

from __future__ import annotations

from typing import Any

from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from tenantry.core.ids import parse_id
from tenantry.models.payments import Payment
from tenantry.models.reservations import Reservation
from tenantry.resolvers import reservation_payments
from tenantry.rest.endpoint import Call, endpoint
from tenantry.rest.envelopes import json
from tenantry.rest.formats import iso
from tenantry.rest.idempotency import idempotency_key, replay_headers
from tenantry.rest.spec import IDEMPOTENCY_KEY, STRING, Body, Param

PHONE = Param(
    "phone",
    STRING,
    "A guest's proof that the booking is theirs: the phone it was made with.",
)


def booking_payment_json(reservation: Reservation, payment: Payment) -> dict[str, Any]:
    return {
        "id": payment.id,
        "reservation_number": reservation.number,
        "reservation_status": str(reservation.status),
        "provider": str(payment.processor),
        "payment_key": payment.reference,
        "method": payment.method,
        "status": str(payment.status),
        "amount": payment.amount,
        "amount_refunded": payment.amount_refunded,
        "currency": payment.currency,
        "card": {"brand": payment.card_brand, "last4": payment.card_last4}
        if payment.card_last4 is not None or payment.card_brand is not None
        else None,
        "receipt_url": (payment.details or {}).get("receipt_url"),
        "failure_code": payment.failure_code,
        "failure_message": payment.failure_message,
        "hold_expires_at": iso(reservation.hold_expires_at),
        "paid_at": iso(payment.succeeded_at),
        "created_at": iso(payment.created_at),
    }


async def ready(call: Call) -> Response:
    """What Toss's payment window is opened with for the booking (Toss's camelCase)."""
    data = call.parse(reservation_payments.ReservationTossReadyIn, await call.json())
    found = await reservation_payments.prepare_reservation_toss_payment(
        call.session, ctx=call.ctx, data=data
    )
    reservation = found.reservation
    return json(
        {
            "data": {
                "clientKey": found.client_key,
                "orderId": reservation.number,
                "amount": found.payment.amount,
                "currency": found.currency,
                "orderName": found.order_name,
                "customerName": reservation.name,
                "customerEmail": reservation.email,
                "customerMobilePhone": reservation.phone or None,
                "successUrl": found.success_url,
                "failUrl": found.fail_url,
                "payment_id": found.payment.id,
                "hold_expires_at": iso(reservation.hold_expires_at),
            }
        }
    )


async def confirm(call: Call) -> Response:
    """Confirms the payment Toss authorised and the booking (honours an Idempotency-Key)."""
    data = call.parse(reservation_payments.ReservationTossConfirmIn, await call.json())
    once = await reservation_payments.confirm_reservation_toss_payment(
        call.session, ctx=call.ctx, data=data, key=idempotency_key(call)
    )
    done = once.value
    body = booking_payment_json(done.reservation, done.payment)
    return json({"data": body}, 200, replay_headers(once))


async def status(call: Call) -> Response:
    """The booking's payment, by the payment's id as ready answers it."""
    payment_id = parse_id(call.path("id"), "payment")
    found = await reservation_payments.get_reservation_payment(
        call.session, ctx=call.ctx, payment_id=payment_id, phone=call.query("phone")
    )
    return json({"data": booking_payment_json(found.reservation, found.payment)})


routes: list[BaseRoute] = [
    Route(
        "/reservation-payments/toss/ready",
        endpoint(ready, body=Body.of(reservation_payments.ReservationTossReadyIn)),
        methods=["POST"],
    ),
    Route(
        "/reservation-payments/toss/confirm",
        endpoint(
            confirm,
            headers=(IDEMPOTENCY_KEY,),
            body=Body.of(reservation_payments.ReservationTossConfirmIn),
        ),
        methods=["POST"],
    ),
    Route(
        "/reservation-payments/{id}/status",
        endpoint(status, query=(PHONE,)),
        methods=["GET"],
    ),
]
