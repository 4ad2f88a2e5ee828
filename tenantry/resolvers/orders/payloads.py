"""The commerce API's order object: B's JSON, and the data of order.* events.

The seed's fields (id, customer_id, status, total, currency, items, created_at) come first and
exactly as the seed writes them; the rest (number, amounts, address, note, updated_at) are
additions a client of the seed can ignore.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from tenantry.core.ids import encode_prefixed
from tenantry.models.order import Order, OrderItem
from tenantry.resolvers.commerce_objects import CUSTOMER_PREFIX, ORDER_PREFIX, PRODUCT_PREFIX, iso_z


def order_ref(order_id: int | None) -> str:
    assert order_id is not None
    return encode_prefixed(ORDER_PREFIX, order_id)


def customer_ref(customer_id: int | None) -> str | None:
    return encode_prefixed(CUSTOMER_PREFIX, customer_id) if customer_id is not None else None


def item_object(item: OrderItem) -> dict[str, Any]:
    return {
        "product_id": encode_prefixed(PRODUCT_PREFIX, item.product_id) if item.product_id else None,
        "quantity": item.quantity,
        "price": item.unit_price,
        "name": item.name,
    }


def order_object(order: Order, items: Sequence[OrderItem]) -> dict[str, Any]:
    return {
        "id": order_ref(order.id),
        "object": "order",
        "customer_id": customer_ref(order.customer_id),
        "status": str(order.status),
        "total": order.total,
        "currency": order.currency.lower(),
        "items": [item_object(item) for item in items],
        "created_at": iso_z(order.created_at),
        "number": order.number,
        "subtotal": order.subtotal,
        "discount_total": order.discount_total,
        "shipping_total": order.shipping_total,
        "tax_total": order.tax_total,
        "shipping_address": dict(order.shipping_address or {}) or None,
        "note": order.note,
        "updated_at": iso_z(order.updated_at),
    }
