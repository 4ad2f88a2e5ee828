"""Dialect A custom entities: GET, POST /entities · GET, PUT, DELETE /entities/{slug} ·
GET, POST /entities/{slug}/records · GET, PUT, DELETE /entities/{slug}/records/{id}.

Record lists take filter[field]=v, filter[field][op]=v (gt gte lt lte ne contains in),
sort=field,-field and page/per_page.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from tenantry.core.ids import parse_id
from tenantry.core.pagination import PageRequest
from tenantry.models.entities import Entity, EntityRecord
from tenantry.resolvers import entities
from tenantry.rest.endpoint import Call, endpoint
from tenantry.rest.envelopes import json
from tenantry.rest.formats import iso, page_meta, page_of
from tenantry.rest.spec import PAGED, Body, Param

SORT = Param(
    "sort",
    description="Fields to sort by, comma-separated; -field sorts descending. Default: newest.",
)
FILTER = Param(
    "filter",
    {
        "type": "object",
        "additionalProperties": {
            "anyOf": [
                {"type": "string"},
                {"type": "object", "additionalProperties": {"type": "string"}},
            ]
        },
    },
    "filter[field]=value, or filter[field][op]=value with op one of gt gte lt lte ne contains "
    "in (in takes a,b).",
)
RECORD_BODY = Body(
    schema={
        "type": "object",
        "description": "The record's fields, as the entity's schema names them; "
        '{"data": {...}} is accepted too.',
        "additionalProperties": True,
    }
)


def entity_json(entity: Entity, records_count: int) -> dict[str, Any]:
    return {
        "id": entity.id,
        "name": entity.name,
        "slug": entity.slug,
        "description": entity.description,
        "schema": entity.schema_,
        "records_count": records_count,
        "created_at": iso(entity.created_at),
        "updated_at": iso(entity.updated_at),
    }


async def entities_json(call: Call, found: Sequence[Entity]) -> list[dict[str, Any]]:
    counts = await entities.record_counts(call.session, (entity.id for entity in found))
    return [entity_json(entity, counts.get(entity.id or 0, 0)) for entity in found]


def record_json(record: EntityRecord) -> dict[str, Any]:
    return {
        "id": record.id,
        "data": record.data,
        "created_at": iso(record.created_at),
        "updated_at": iso(record.updated_at),
    }


async def record_data(call: Call) -> dict[str, Any]:
    """The SDK sends the record's fields as the body; {"data": {...}} is accepted too."""
    body = await call.json()
    if set(body) == {"data"} and isinstance(body["data"], dict):
        inner: dict[str, Any] = body["data"]
        return inner
    return body


async def list_entities(call: Call) -> Response:
    page = PageRequest.parse(call.query("page"), call.query("per_page"))
    found = page_of(await entities.list_entities(call.session, ctx=call.ctx), page)
    return json({"data": await entities_json(call, found.items), "meta": page_meta(found)})


async def create_entity(call: Call) -> Response:
    data = call.parse(entities.EntityIn, await call.json())
    entity = await entities.create_entity(call.session, ctx=call.ctx, data=data)
    return json({"data": entity_json(entity, 0)}, status=201)


async def show_entity(call: Call) -> Response:
    entity = await entities.get_entity(call.session, ctx=call.ctx, slug=call.path("slug"))
    [shaped] = await entities_json(call, [entity])
    return json({"data": shaped})


async def update_entity(call: Call) -> Response:
    """Change the entity; meta lists the existing records its new schema no longer accepts."""
    data = call.parse(entities.EntityUpdate, await call.json())
    change = await entities.update_entity(
        call.session, ctx=call.ctx, slug=call.path("slug"), data=data
    )
    report = change.report
    return json(
        {
            "data": entity_json(change.entity, report.checked_count),
            "meta": {
                "invalid_records": [
                    {"id": item.id, "errors": item.errors} for item in report.invalid_records
                ],
                "invalid_count": report.invalid_count,
            },
        }
    )


async def delete_entity(call: Call) -> Response:
    await entities.delete_entity(call.session, ctx=call.ctx, slug=call.path("slug"))
    return json({"message": "Entity deleted."})


async def list_records(call: Call) -> Response:
    """Records filtered by filter[field]=value or filter[field][op]=value (op: gt gte lt lte ne
    contains in; in takes a,b or repeats filter[field][in][]), sorted, a page of them."""
    page = PageRequest.parse(call.query("page"), call.query("per_page"))
    query = entities.RecordQuery(
        filters=entities.query_filters(call.query_items()),
        sort=entities.parse_sort(call.query("sort")),
    )
    found = await entities.list_records(
        call.session, ctx=call.ctx, slug=call.path("slug"), query=query, page=page
    )
    return json(
        {
            "data": [record_json(record) for record in found.items],
            "meta": page_meta(found),
        }
    )


async def create_record(call: Call) -> Response:
    record = await entities.create_record(
        call.session, ctx=call.ctx, slug=call.path("slug"), data=await record_data(call)
    )
    return json({"data": record_json(record)}, status=201)


async def show_record(call: Call) -> Response:
    record = await entities.get_record(
        call.session,
        ctx=call.ctx,
        slug=call.path("slug"),
        record_id=parse_id(call.path("id"), "record"),
    )
    return json({"data": record_json(record)})


async def update_record(call: Call) -> Response:
    record = await entities.update_record(
        call.session,
        ctx=call.ctx,
        slug=call.path("slug"),
        record_id=parse_id(call.path("id"), "record"),
        data=await record_data(call),
    )
    return json({"data": record_json(record)})


async def delete_record(call: Call) -> Response:
    await entities.delete_record(
        call.session,
        ctx=call.ctx,
        slug=call.path("slug"),
        record_id=parse_id(call.path("id"), "record"),
    )
    return json({"message": "Record deleted."})


routes: list[BaseRoute] = [
    Route("/entities", endpoint(list_entities, query=PAGED), methods=["GET"]),
    Route(
        "/entities",
        endpoint(create_entity, body=Body.of(entities.EntityIn), status=201),
        methods=["POST"],
    ),
    Route("/entities/{slug}", endpoint(show_entity), methods=["GET"]),
    Route(
        "/entities/{slug}",
        endpoint(update_entity, body=Body.of(entities.EntityUpdate)),
        methods=["PUT"],
    ),
    Route("/entities/{slug}", endpoint(delete_entity), methods=["DELETE"]),
    Route(
        "/entities/{slug}/records",
        endpoint(list_records, query=(*PAGED, SORT), open_query=FILTER),
        methods=["GET"],
    ),
    Route(
        "/entities/{slug}/records",
        endpoint(create_record, body=RECORD_BODY, status=201),
        methods=["POST"],
    ),
    Route("/entities/{slug}/records/{id}", endpoint(show_record), methods=["GET"]),
    Route(
        "/entities/{slug}/records/{id}", endpoint(update_record, body=RECORD_BODY), methods=["PUT"]
    ),
    Route("/entities/{slug}/records/{id}", endpoint(delete_record), methods=["DELETE"]),
]
