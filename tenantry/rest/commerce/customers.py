"""Dialect B /v1/customers: list (email filter), create, retrieve, update, delete; `cust_` ids."""

from __future__ import annotations

from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from tenantry.core.ids import encode_prefixed
from tenantry.resolvers import customers
from tenantry.resolvers.commerce_objects import CUSTOMER_PREFIX
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

EMAIL = Param(
    "email",
    {"type": "string"},
    "Only the customer with this email address (compared case-insensitively).",
)


async def list_customers(call: Call) -> Response:
    """The customers, newest first; `email` narrows the list to one address."""
    page = parse_paging(call)
    found = await customers.list_customers(
        call.session, ctx=call.ctx, email=call.query("email") or None, page=page
    )
    return json(page_envelope(found, [customers.customer_object(c) for c in found.items]))


async def create_customer(call: Call) -> Response:
    data = call.parse(customers.CustomerIn, await call.json())
    customer = await customers.create_customer(call.session, ctx=call.ctx, data=data)
    return json(customers.customer_object(customer))


async def retrieve_customer(call: Call) -> Response:
    raw = call.path("id")
    with missing_as(CUSTOMER_PREFIX, raw):
        customer = await customers.get_customer(
            call.session, ctx=call.ctx, customer_id=decode_id(CUSTOMER_PREFIX, raw)
        )
    return json(customers.customer_object(customer))


async def update_customer(call: Call) -> Response:
    """Changes the fields sent; `phone: null` clears it."""
    raw = call.path("id")
    customer_id = decode_id(CUSTOMER_PREFIX, raw)
    data = call.parse(customers.CustomerUpdate, await call.json())
    with missing_as(CUSTOMER_PREFIX, raw):
        customer = await customers.update_customer(
            call.session, ctx=call.ctx, customer_id=customer_id, data=data
        )
    return json(customers.customer_object(customer))


async def delete_customer(call: Call) -> Response:
    """Deletes the customer; answers `{"id", "object", "deleted": true}`."""
    raw = call.path("id")
    customer_id = decode_id(CUSTOMER_PREFIX, raw)
    with missing_as(CUSTOMER_PREFIX, raw):
        await customers.delete_customer(call.session, ctx=call.ctx, customer_id=customer_id)
    deleted = {
        "id": encode_prefixed(CUSTOMER_PREFIX, customer_id),
        "object": "customer",
        "deleted": True,
    }
    return json(deleted)


routes: list[BaseRoute] = [
    Route("/customers", endpoint(list_customers, query=(*PAGING, EMAIL)), methods=["GET"]),
    Route(
        "/customers",
        endpoint(create_customer, body=Body.of(customers.CustomerIn)),
        methods=["POST"],
    ),
    Route("/customers/{id}", endpoint(retrieve_customer), methods=["GET"]),
    Route(
        "/customers/{id}",
        endpoint(update_customer, body=Body.of(customers.CustomerUpdate)),
        methods=["PUT"],
    ),
    Route("/customers/{id}", endpoint(delete_customer), methods=["DELETE"]),
]
