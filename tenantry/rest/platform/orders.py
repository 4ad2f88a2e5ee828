"""Dialect A orders: GET, POST /orders · POST /orders/preview · GET /orders/{order_number} ·
POST /orders/{order_number}/cancel. A member token is required; each member sees their own.

GET /orders/{order_number}/downloads belongs to the downloads area.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from tenantry.core.access import require_member
from tenantry.core.errors import ValidationFailed
from tenantry.core.pagination import PageRequest
from tenantry.models.order import Order, OrderItem, OrderStatus, OrderStatusChange
from tenantry.resolvers import orders
from tenantry.resolvers.pricing import PricedLine
from tenantry.rest.endpoint import Call, endpoint
from tenantry.rest.envelopes import json
from tenantry.rest.formats import iso, page_meta
from tenantry.rest.idempotency import idempotency_key, replay_headers
from tenantry.rest.spec import IDEMPOTENCY_KEY, PAGED, Body, Param

STATUS = Param(
    "status",
    {"type": "string", "enum": [status.value for status in OrderStatus]},
    "Only the orders in this status.",
)


def item_json(item: OrderItem) -> dict[str, Any]:
    return {
        "id": item.id,
        "product_id": item.product_id,
        "variant_id": item.variant_id,
        "product_type": item.product_type,
        "name": item.name,
        "sku": item.sku,
        "options": item.options,
        "unit_price": item.unit_price,
        "quantity": item.quantity,
        "total": item.total,
    }


def change_json(change: OrderStatusChange) -> dict[str, Any]:
    return {
        "from_status": change.from_status,
        "to_status": change.to_status,
        "note": change.note,
        "created_at": iso(change.created_at),
    }


def order_json(
    order: Order,
    items: Sequence[OrderItem],
    history: Sequence[OrderStatusChange] | None = None,
) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": order.id,
        "order_number": order.number,
        "status": str(order.status),
        "currency": order.currency,
        "subtotal": order.subtotal,
        "discount_total": order.discount_total,
        "shipping_total": order.shipping_total,
        "tax_total": order.tax_total,
        "total": order.total,
        "coupon_code": order.coupon_code,
        "items_count": sum(item.quantity for item in items),
        "items": [item_json(item) for item in items],
        "shipping_address": order.shipping_address or None,
        "billing_address": order.billing_address or None,
        "note": order.note,
        "paid_at": iso(order.paid_at),
        "cancelled_at": iso(order.cancelled_at),
        "created_at": iso(order.created_at),
        "updated_at": iso(order.updated_at),
    }
    if history is not None:
        data["status_history"] = [change_json(change) for change in history]
    return data


def line_json(line: PricedLine) -> dict[str, Any]:
    return {
        "product_id": line.product_id,
        "variant_id": line.variant_id,
        "product_type": line.product_type,
        "name": line.name,
        "sku": line.sku,
        "options": line.options,
        "unit_price": line.unit_price,
        "quantity": line.quantity,
        "total": line.total,
    }


def preview_json(preview: orders.OrderPreview) -> dict[str, Any]:
    totals = preview.totals
    coupon = None
    if preview.coupon_code:
        coupon = {
            "code": preview.coupon_code,
            "valid": preview.coupon_error is None,
            "discount": totals.discount_total,
            "message": preview.coupon_error,
        }
    return {
        "items": [line_json(line) for line in preview.lines],
        "currency": totals.currency,
        "subtotal": totals.subtotal,
        "discount_total": totals.discount_total,
        "shipping_total": totals.shipping_total,
        "tax_total": totals.tax_total,
        "total": totals.total,
        "needs_shipping": preview.needs_shipping,
        "coupon": coupon,
    }


async def detail(call: Call, order: Order) -> dict[str, Any]:
    assert order.id is not None
    items = await orders.items_by_order_ids(call.session, [order.id])
    history = await orders.history_by_order_ids(call.session, [order.id])
    return order_json(order, items[order.id], history[order.id])


def placed_json(placed: orders.PlacedOrder) -> dict[str, Any]:
    """detail() of a new order from the rows its transaction wrote: reading them back would
    keep the product's stock locked for two more round trips."""
    return order_json(placed.order, placed.items, placed.history)


def status_filter(value: str | None) -> OrderStatus | None:
    if not value:
        return None
    try:
        return OrderStatus(value)
    except ValueError:
        raise ValidationFailed.single("status", "The selected status is invalid.") from None


async def list_my_orders(call: Call) -> Response:
    require_member(call.ctx)
    page = PageRequest.parse(call.query("page"), call.query("per_page"))
    filters = orders.OrderFilters(status=status_filter(call.query("status")))
    found = await orders.list_orders(call.session, ctx=call.ctx, filters=filters, page=page)
    items = await orders.items_by_order_ids(call.session, (o.id for o in found.items if o.id))
    return json(
        {
            "data": [order_json(order, items.get(order.id or 0, [])) for order in found.items],
            "meta": page_meta(found),
        }
    )


async def create_order(call: Call) -> Response:
    """Places an order from the member's cart (honours an Idempotency-Key)."""
    require_member(call.ctx)
    data = call.parse(orders.CheckoutIn, await call.json())
    once = await orders.create_order_from_cart_once(
        call.session, ctx=call.ctx, data=data, key=idempotency_key(call)
    )
    return json({"data": placed_json(once.value)}, 201, replay_headers(once))


async def preview_order(call: Call) -> Response:
    """Prices the cart (lines, coupon, shipping, tax) without placing an order."""
    data = call.parse(orders.PreviewIn, await call.json())
    preview = await orders.preview_order(call.session, ctx=call.ctx, data=data)
    return json({"data": preview_json(preview)})


async def show_order(call: Call) -> Response:
    require_member(call.ctx)
    order = await orders.get_order(call.session, ctx=call.ctx, number=call.path("order_number"))
    return json({"data": await detail(call, order)})


async def cancel_order(call: Call) -> Response:
    order = await orders.cancel_my_order(
        call.session, ctx=call.ctx, number=call.path("order_number")
    )
    return json({"data": await detail(call, order)})


routes: list[BaseRoute] = [
    Route("/orders", endpoint(list_my_orders, query=(*PAGED, STATUS)), methods=["GET"]),
    Route(
        "/orders",
        endpoint(
            create_order,
            headers=(IDEMPOTENCY_KEY,),
            body=Body.of(orders.CheckoutIn, required=False),
            status=201,
        ),
        methods=["POST"],
    ),
    Route(
        "/orders/preview",
        endpoint(preview_order, body=Body.of(orders.PreviewIn, required=False)),
        methods=["POST"],
    ),
    Route("/orders/{order_number}", endpoint(show_order), methods=["GET"]),
    Route("/orders/{order_number}/cancel", endpoint(cancel_order), methods=["POST"]),
]
