"""The commerce API's payment (`pay_…`) and refund (`re_…`) objects: B's JSON, and the data of
the payment.* and refund.processed events. Amounts are in the currency's minor unit."""

from __future__ import annotations

from typing import Any

from tenantry.core.ids import encode_prefixed
from tenantry.models.payments import Payment, Refund
from tenantry.resolvers.commerce_objects import PAYMENT_PREFIX, REFUND_PREFIX, iso_z
from tenantry.resolvers.orders.payloads import order_ref


def payment_ref(payment_id: int | None) -> str:
    assert payment_id is not None
    return encode_prefixed(PAYMENT_PREFIX, payment_id)


def refund_ref(refund_id: int | None) -> str:
    assert refund_id is not None
    return encode_prefixed(REFUND_PREFIX, refund_id)


def card_object(payment: Payment) -> dict[str, Any] | None:
    if payment.card_last4 is None:
        return None
    return {
        "brand": payment.card_brand,
        "last4": payment.card_last4,
        "exp_month": payment.card_exp_month,
        "exp_year": payment.card_exp_year,
    }


def _paid_for(row: Payment | Refund, reservation_id: int | None) -> dict[str, Any]:
    """What the money is for: an order (`ord_…`), or a booking (order_id null, its row id)."""
    if row.order_id is not None:
        return {"order_id": order_ref(row.order_id)}
    return {"order_id": None, "reservation_id": reservation_id}


def payment_object(payment: Payment) -> dict[str, Any]:
    return {
        "id": payment_ref(payment.id),
        "object": "payment",
        **_paid_for(payment, payment.reservation_id),
        "amount": payment.amount,
        "amount_refunded": payment.amount_refunded,
        "currency": payment.currency.lower(),
        "status": str(payment.status),
        "payment_method": payment.method,
        "card": card_object(payment),
        "provider": str(payment.processor),
        "failure_code": payment.failure_code,
        "decline_code": payment.decline_code,
        "failure_message": payment.failure_message,
        "created_at": iso_z(payment.created_at),
        "succeeded_at": iso_z(payment.succeeded_at) if payment.succeeded_at else None,
    }


def refund_object(refund: Refund) -> dict[str, Any]:
    return {
        "id": refund_ref(refund.id),
        "object": "refund",
        "payment": payment_ref(refund.payment_id),
        **_paid_for(refund, None),
        "amount": refund.amount,
        "currency": refund.currency.lower(),
        "status": str(refund.status),
        "reason": refund.reason or None,
        "restocked": refund.restocked,
        "created_at": iso_z(refund.created_at),
    }
