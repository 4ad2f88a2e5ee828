"""Dialect B /v1/products: list, create, retrieve, update, delete with `prod_` ids."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from pydantic import BaseModel
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from tenantry.core.errors import ValidationFailed
from tenantry.core.ids import encode_prefixed
from tenantry.models.catalog import ProductStatus
from tenantry.resolvers import catalog
from tenantry.resolvers.commerce_objects import PRODUCT_PREFIX
from tenantry.rest.commerce.common import (
    PAGING,
    decode_id,
    missing_as,
    page_envelope,
    parse_paging,
)
from tenantry.rest.endpoint import Call, endpoint
from tenantry.rest.envelopes import json
from tenantry.rest.spec import Body, Param

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


def _inlined(schema: Any, defs: dict[str, Any]) -> Any:
    """schema with its `#/$defs/…` references replaced by what they name."""
    if isinstance(schema, list):
        return [_inlined(item, defs) for item in schema]
    if not isinstance(schema, dict):
        return schema
    ref = schema.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/$defs/"):
        rest = {key: value for key, value in schema.items() if key != "$ref"}
        return _inlined({**defs[ref.removeprefix("#/$defs/")], **rest}, defs)
    return {key: _inlined(value, defs) for key, value in schema.items()}


def wire_schema(model: type[BaseModel]) -> dict[str, Any]:
    """The body as B sends it: the model's writable fields only, under B's names."""
    schema = model.model_json_schema(mode="validation")
    defs = schema.pop("$defs", {})
    inside = schema.get("properties", {})
    properties = {name: inside[name] for name in WRITABLE if name in inside}
    for outside, name in RENAMED.items():
        properties[outside] = {**inside[name], "title": outside.capitalize()}
    required = [
        next((o for o, i in RENAMED.items() if i == name), name)
        for name in schema.get("required", [])
    ]
    wire = {**schema, "properties": properties, "required": required}
    if not required:
        del wire["required"]
    # The model's title and description name the domain's fields, not B's.
    return {
        key: value
        for key, value in _inlined(wire, defs).items()
        if key not in ("title", "description")
    }


STATUS = Param(
    "status",
    {"type": "string", "enum": [s.value for s in ProductStatus]},
    "Only products in this status; every status when absent.",
)


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
    """The products in every status, or in the one `status` names."""
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
    """Changes the fields sent; `inventory: null` stops tracking stock."""
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
    Route("/products", endpoint(list_products, query=(*PAGING, STATUS)), methods=["GET"]),
    Route(
        "/products",
        endpoint(
            create_product,
            body=Body.of(catalog.ProductIn, schema=wire_schema(catalog.ProductIn)),
        ),
        methods=["POST"],
    ),
    Route("/products/{id}", endpoint(retrieve_product), methods=["GET"]),
    Route(
        "/products/{id}",
        endpoint(
            update_product,
            body=Body.of(catalog.ProductUpdate, schema=wire_schema(catalog.ProductUpdate)),
        ),
        methods=["PUT"],
    ),
    Route("/products/{id}", endpoint(delete_product), methods=["DELETE"]),
]
