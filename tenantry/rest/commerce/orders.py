"""Dialect B /v1/orders: create from items, list, retrieve, update, cancel; `ord_` ids.

Ids inside a body (customer_id, items[].product_id) that name nothing answer Stripe's 400
resource_missing on that parameter; an unknown order in the path is a 404.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from tenantry.core.errors import NotFound, ValidationFailed
from tenantry.core.ids import encode_prefixed
from tenantry.models.order import Order, OrderStatus
from tenantry.resolvers import orders
from tenantry.resolvers.commerce_objects import CUSTOMER_PREFIX, ORDER_PREFIX, PRODUCT_PREFIX
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

PREFIXES = {"customer": CUSTOMER_PREFIX, "product": PRODUCT_PREFIX}

STATUS = Param(
    "status",
    {"type": "string", "enum": [status.value for status in OrderStatus]},
    "Only orders in this status.",
)
CUSTOMER = Param("customer_id", prefixed_id(CUSTOMER_PREFIX), "Only this customer's orders.")


def _wire_items() -> dict[str, Any]:
    """DirectOrderIn's `items` as sent: each product named by its `prod_` id."""
    item = orders.ItemIn.model_json_schema()
    item["properties"]["product_id"] = prefixed_id(PRODUCT_PREFIX)
    items: dict[str, Any] = orders.DirectOrderIn.model_json_schema()["properties"]["items"]
    return {**items, "items": item}


# The body names the customer and the products by their prefixed ids; domain_order decodes them.
ORDER_BODY = Body.of(
    orders.DirectOrderIn,
    fields={
        "customer_id": {"anyOf": [prefixed_id(CUSTOMER_PREFIX), {"type": "null"}], "default": None},
        "items": _wire_items(),
    },
)


def reference(resource: str, value: Any, param: str) -> Any:
    """ "cust_7" -> 7 for the domain; other types are left for validation to name."""
    if not isinstance(value, str):
        return value
    try:
        return decode_id(PREFIXES[resource], value)
    except NotFound:
        raise orders.UnknownReference(param, resource, value) from None


@contextmanager
def b_references() -> Iterator[None]:
    """The domain's `No such customer: '7'` becomes B's `No such customer: 'cust_7'`."""
    try:
        yield
    except orders.UnknownReference as exc:
        if exc.row_id is None:
            raise
        label = encode_prefixed(PREFIXES[exc.resource], exc.row_id)
        raise orders.UnknownReference(exc.reference, exc.resource, label, exc.row_id) from None


def domain_order(body: dict[str, Any]) -> dict[str, Any]:
    data = dict(body)
    if "customer_id" in data and data["customer_id"] is not None:
        data["customer_id"] = reference("customer", data["customer_id"], "customer_id")
    items = data.get("items")
    if isinstance(items, list):
        data["items"] = [_domain_item(index, item) for index, item in enumerate(items)]
    return data


def _domain_item(index: int, item: Any) -> Any:
    if not isinstance(item, dict) or "product_id" not in item:
        return item
    product = reference("product", item["product_id"], f"items.{index}.product_id")
    return {**item, "product_id": product}


async def order_json(call: Call, order: Order) -> dict[str, Any]:
    assert order.id is not None
    items = await orders.items_by_order_ids(call.session, [order.id])
    return orders.order_object(order, items[order.id])


def status_filter(call: Call) -> OrderStatus | None:
    raw = call.query("status")
    if raw in (None, ""):
        return None
    try:
        return OrderStatus(raw)
    except ValueError:
        raise ValidationFailed.single("status", f"Invalid status: {raw}") from None


async def list_orders(call: Call) -> Response:
    page = parse_paging(call)
    customer = call.query("customer_id")
    filters = orders.OrderFilters(
        status=status_filter(call),
        customer_id=reference("customer", customer, "customer_id") if customer else None,
    )
    found = await orders.list_orders(call.session, ctx=call.ctx, filters=filters, page=page)
    items = await orders.items_by_order_ids(call.session, (o.id for o in found.items if o.id))
    data = [orders.order_object(order, items.get(order.id or 0, [])) for order in found.items]
    return json(page_envelope(found, data))


async def create_order(call: Call) -> Response:
    """Places an order for the items (and customer) named, once per Idempotency-Key."""
    body = await call.json()
    with b_references():
        data = call.parse(orders.DirectOrderIn, domain_order(body))
        once = await orders.create_order_from_items_once(
            call.session, ctx=call.ctx, data=data, key=idempotency_key(call)
        )
    # From the rows just written: a read back would hold the product's stock lock longer.
    placed = once.value
    return json(orders.order_object(placed.order, placed.items), 200, replay_headers(once))


async def retrieve_order(call: Call) -> Response:
    raw = call.path("id")
    with missing_as(ORDER_PREFIX, raw):
        order = await orders.get_order_by_id(
            call.session, ctx=call.ctx, order_id=decode_id(ORDER_PREFIX, raw)
        )
    return json(await order_json(call, order))


async def update_order(call: Call) -> Response:
    """Moves the status along the lifecycle, or changes the address (while pending) or note."""
    raw = call.path("id")
    order_id = decode_id(ORDER_PREFIX, raw)
    data = call.parse(orders.OrderUpdateIn, await call.json())
    with missing_as(ORDER_PREFIX, raw):
        order = await orders.update_order(call.session, ctx=call.ctx, order_id=order_id, data=data)
    return json(await order_json(call, order))


async def cancel_order(call: Call) -> Response:
    raw = call.path("id")
    order_id = decode_id(ORDER_PREFIX, raw)
    with missing_as(ORDER_PREFIX, raw):
        order = await orders.cancel_order(call.session, ctx=call.ctx, order_id=order_id)
    return json(await order_json(call, order))


routes: list[BaseRoute] = [
    Route("/orders", endpoint(list_orders, query=(*PAGING, STATUS, CUSTOMER)), methods=["GET"]),
    Route(
        "/orders",
        endpoint(create_order, headers=(IDEMPOTENCY_KEY,), body=ORDER_BODY),
        methods=["POST"],
    ),
    Route("/orders/{id}", endpoint(retrieve_order), methods=["GET"]),
    Route(
        "/orders/{id}",
        endpoint(update_order, body=Body.of(orders.OrderUpdateIn)),
        methods=["PUT"],
    ),
    Route("/orders/{id}/cancel", endpoint(cancel_order), methods=["POST"]),
]
