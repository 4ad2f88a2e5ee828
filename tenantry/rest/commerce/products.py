"""Dialect B /v1/products: list, create, retrieve, update, delete with `prod_` ids."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from tenantry.core.errors import ValidationFailed
from tenantry.core.ids import encode_prefixed
from tenantry.models.catalog import ProductStatus
from tenantry.resolvers import catalog
from tenantry.resolvers.commerce_objects import PRODUCT_PREFIX
from tenantry.rest.commerce.common import (
    decode_id,
    missing_as,
    page_envelope,
    parse_paging,
)
from tenantry.rest.endpoint import Call, endpoint
from tenantry.rest.envelopes import json

PREFIX = PRODUCT_PREFIX
WRITABLE = ("name", "description", "price", "currency", "status", "sku", "type")
# B calls the stock `inventory`; the domain calls it `stock`.
RENAMED = {"inventory": "stock"}


def _domain_fields(body: dict[str, Any]) -> dict[str, Any]:
    data = {name: body[name] for name in WRITABLE if name in body}
    for outside, inside in RENAMED.items():
        if outside in body:
            data[inside] = body[outside]
    return data


@contextmanager
def _b_names() -> Iterator[None]:
    """Validation errors name B's parameters, not the domain's fields."""
    try:
        yield
    except ValidationFailed as exc:
        fields: dict[str, list[str]] = {}
        for name, messages in exc.fields.items():
            outside = next((o for o, i in RENAMED.items() if i == name), name)
            fields[outside] = [m.replace(f"The {name} ", f"The {outside} ") for m in messages]
        raise ValidationFailed(fields, exc.message, code=exc.code) from None


def _status(call: Call) -> ProductStatus | None:
    raw = call.query("status")
    if raw in (None, ""):
        return None
    try:
        return ProductStatus(raw)
    except ValueError:
        raise ValidationFailed.single("status", f"Invalid status: {raw}") from None


async def list_products(call: Call) -> Response:
    page = parse_paging(call)
    status = _status(call)
    filters = catalog.ProductFilters(status=status, any_status=status is None)
    found = await catalog.list_products(call.session, ctx=call.ctx, filters=filters, page=page)
    return json(page_envelope(found, [catalog.product_object(p) for p in found.items]))


async def create_product(call: Call) -> Response:
    body = await call.json()
    with _b_names():
        data = call.parse(catalog.ProductIn, _domain_fields(body))
        product = await catalog.create_product(call.session, ctx=call.ctx, data=data)
    return json(catalog.product_object(product))


async def retrieve_product(call: Call) -> Response:
    raw = call.path("id")
    with missing_as(PREFIX, raw):
        product = await catalog.get_product_by_id(
            call.session, ctx=call.ctx, product_id=decode_id(PREFIX, raw)
        )
    return json(catalog.product_object(product))


async def update_product(call: Call) -> Response:
    raw = call.path("id")
    product_id = decode_id(PREFIX, raw)
    body = await call.json()
    with _b_names(), missing_as(PREFIX, raw):
        data = call.parse(catalog.ProductUpdate, _domain_fields(body))
        product = await catalog.update_product(
            call.session, ctx=call.ctx, product_id=product_id, data=data
        )
    return json(catalog.product_object(product))


async def delete_product(call: Call) -> Response:
    raw = call.path("id")
    product_id = decode_id(PREFIX, raw)
    with missing_as(PREFIX, raw):
        await catalog.delete_product(call.session, ctx=call.ctx, product_id=product_id)
    return json({"id": encode_prefixed(PREFIX, product_id), "object": "product", "deleted": True})


routes: list[BaseRoute] = [
    Route("/products", endpoint(list_products), methods=["GET"]),
    Route("/products", endpoint(create_product), methods=["POST"]),
    Route("/products/{id}", endpoint(retrieve_product), methods=["GET"]),
    Route("/products/{id}", endpoint(update_product), methods=["PUT"]),
    Route("/products/{id}", endpoint(delete_product), methods=["DELETE"]),
]
