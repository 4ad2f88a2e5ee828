"""Dialect B webhooks: /v1/webhook_endpoints (`we_` ids; the `whsec_` secret answered only when
created or rolled) and /v1/events (`evt_` ids), the events endpoints receive."""

from __future__ import annotations

from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from tenantry.resolvers import webhooks
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

WE = webhooks.ENDPOINT_PREFIX
EVT = webhooks.EVENT_PREFIX

EVENT_TYPE = Param(
    "type", {"type": "string", "examples": ["order.created"]}, "Only events of this type."
)


async def create_endpoint(call: Call) -> Response:
    """Registers a webhook endpoint; the answer carries its `whsec_` signing secret, shown once."""
    data = call.parse(webhooks.EndpointIn, await call.json())
    made = await webhooks.create_endpoint(call.session, ctx=call.ctx, data=data)
    return json(webhooks.endpoint_object(made.endpoint, secret=made.secret))


async def list_endpoints(call: Call) -> Response:
    found = await webhooks.list_endpoints(call.session, ctx=call.ctx, page=parse_paging(call))
    return json(page_envelope(found, [webhooks.endpoint_object(e) for e in found.items]))


async def retrieve_endpoint(call: Call) -> Response:
    raw = call.path("id")
    with missing_as(WE, raw):
        found = await webhooks.get_endpoint(
            call.session, ctx=call.ctx, endpoint_id=decode_id(WE, raw)
        )
    return json(webhooks.endpoint_object(found))


async def update_endpoint(call: Call) -> Response:
    raw = call.path("id")
    endpoint_id = decode_id(WE, raw)
    data = call.parse(webhooks.EndpointUpdateIn, await call.json())
    with missing_as(WE, raw):
        found = await webhooks.update_endpoint(
            call.session, ctx=call.ctx, endpoint_id=endpoint_id, data=data
        )
    return json(webhooks.endpoint_object(found))


async def delete_endpoint(call: Call) -> Response:
    raw = call.path("id")
    with missing_as(WE, raw):
        await webhooks.delete_endpoint(call.session, ctx=call.ctx, endpoint_id=decode_id(WE, raw))
    return json({"id": raw, "object": "webhook_endpoint", "deleted": True})


async def roll_secret(call: Call) -> Response:
    """Replaces the endpoint's signing secret; the answer carries the new one, shown once."""
    raw = call.path("id")
    with missing_as(WE, raw):
        made = await webhooks.roll_secret(
            call.session, ctx=call.ctx, endpoint_id=decode_id(WE, raw)
        )
    return json(webhooks.endpoint_object(made.endpoint, secret=made.secret))


async def list_events(call: Call) -> Response:
    """The events webhook endpoints receive, newest first; `type` narrows them to one kind."""
    found = await webhooks.list_events(
        call.session, ctx=call.ctx, page=parse_paging(call), type=call.query("type")
    )
    return json(page_envelope(found, [webhooks.event_object(e) for e in found.items]))


async def retrieve_event(call: Call) -> Response:
    raw = call.path("id")
    with missing_as(EVT, raw):
        found = await webhooks.get_event(call.session, ctx=call.ctx, event_id=decode_id(EVT, raw))
    return json(webhooks.event_object(found))


routes: list[BaseRoute] = [
    Route(
        "/webhook_endpoints",
        endpoint(create_endpoint, body=Body.of(webhooks.EndpointIn)),
        methods=["POST"],
    ),
    Route("/webhook_endpoints", endpoint(list_endpoints, query=PAGING), methods=["GET"]),
    Route("/webhook_endpoints/{id}", endpoint(retrieve_endpoint), methods=["GET"]),
    Route(
        "/webhook_endpoints/{id}",
        endpoint(update_endpoint, body=Body.of(webhooks.EndpointUpdateIn)),
        methods=["POST"],
    ),
    Route("/webhook_endpoints/{id}", endpoint(delete_endpoint), methods=["DELETE"]),
    Route("/webhook_endpoints/{id}/roll_secret", endpoint(roll_secret), methods=["POST"]),
    Route("/events", endpoint(list_events, query=(*PAGING, EVENT_TYPE)), methods=["GET"]),
    Route("/events/{id}", endpoint(retrieve_event), methods=["GET"]),
]
