"""Dialect C landing pages: GET /lp.json and GET /lp/{id_or_slug}.json.

These two answer in the seed's Rails-controller shape, not the posts envelope:
{"data": …, "pagination": …}, 404 {"error": "Landing page not found"}, 422 {"errors": {…}}.
"""

from __future__ import annotations

from typing import Any

from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from tenantry.core.errors import BadRequest, NotFound, ValidationFailed
from tenantry.core.ids import as_id
from tenantry.core.pagination import MAX_PER_PAGE
from tenantry.models.shop_posts import LandingPage
from tenantry.resolvers import shop_posts
from tenantry.resolvers.shop_posts.inputs import POSTS_PER_PAGE
from tenantry.rest.endpoint import Call, Handler, endpoint
from tenantry.rest.envelopes import json
from tenantry.rest.formats import iso
from tenantry.rest.rails_messages import full_message, humanize
from tenantry.rest.shop_posts.posts import (
    CATEGORY,
    category_filter,
    pagination_json,
    per_page_param,
)
from tenantry.rest.spec import PAGE, Param


def rails_errors(fields: dict[str, list[str]]) -> dict[str, list[str]]:
    """{"email": ["is invalid"]}: ActiveModel's errors, each message without its attribute."""
    found: dict[str, list[str]] = {}
    for field, messages in fields.items():
        prefix = f"{humanize(field)} "
        for message in messages:
            full = full_message(field, message)
            found.setdefault(field, []).append(full.removeprefix(prefix))
    return found


# What rails() answers, or the dialect's envelope for what it leaves alone (a missing tenant).
RAILS_ERRORS: dict[str, Any] = {
    "anyOf": [
        {"type": "object", "required": ["error"], "properties": {"error": {"type": "string"}}},
        {
            "type": "object",
            "required": ["errors"],
            "properties": {
                "errors": {
                    "type": "object",
                    "additionalProperties": {"type": "array", "items": {"type": "string"}},
                }
            },
        },
        {"type": "object", "required": ["msg"], "properties": {"msg": {"type": "string"}}},
        {"$ref": "#/components/schemas/shop_error"},
    ]
}


def rails(handler: Handler) -> Handler:
    """Failures in the seed's shapes for these endpoints; others keep the dialect's envelope."""

    async def run(call: Call) -> Response:
        try:
            return await handler(call)
        except BadRequest as exc:
            return json({"error": exc.message}, 400)
        except NotFound as exc:
            return json({"error": exc.message}, 404)
        except ValidationFailed as exc:
            return json({"errors": rails_errors(exc.fields)}, 422)

    run.__name__ = handler.__name__
    run.__doc__ = handler.__doc__
    return run


def landing_page_json(page: LandingPage, *, detail: bool = False) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": page.id,
        "name": page.name,
        "slug": page.slug,
        "page_type": page.page_type,
        "keyword": page.keyword,
        "intro": page.intro,
        "category_id": page.category_id,
        "active": page.active,
        "copy_from_id": page.copy_from_id,
        "created_at": iso(page.created_at),
        "updated_at": iso(page.updated_at),
    }
    if detail:
        data["content"] = page.content
        data["body_data"] = page.body_data
    return data


IDS = Param(
    "ids",
    {"type": "string", "pattern": "^[0-9, ]*$", "examples": ["1,2,3"]},
    "Only the landing pages with these ids, comma-separated.",
)
LIST_QUERY = (
    PAGE,
    per_page_param(POSTS_PER_PAGE, MAX_PER_PAGE),
    Param(
        "query",
        {"type": "string"},
        "Only landing pages whose name, keyword or intro contains this text.",
    ),
    CATEGORY,
    IDS,
)


def _ids(value: str | None) -> tuple[int, ...] | None:
    if value is None or not value.strip():
        return None
    found: list[int] = []
    for part in filter(str.strip, value.split(",")):
        row_id = as_id(part.strip())
        if row_id is None:
            raise ValidationFailed.single("ids", "The ids field is invalid.")
        found.append(row_id)
    return tuple(found)


async def list_landing_pages(call: Call) -> Response:
    """The landing pages, filtered by text, category or ids, in the Rails controller's shape."""
    page = shop_posts.page_request(call.query("page"), call.query("per_page"), maximum=MAX_PER_PAGE)
    filters = shop_posts.LandingPageFilters(
        query=call.query("query") or None,
        category_id=category_filter(call),
        ids=_ids(call.query("ids")),
    )
    found = await shop_posts.list_landing_pages(
        call.session, ctx=call.ctx, filters=filters, page=page
    )
    return json(
        {
            "data": [landing_page_json(item) for item in found.items],
            "pagination": pagination_json(found),
        }
    )


async def show_landing_page(call: Call) -> Response:
    """One landing page by id or slug, with its content and body_data."""
    page = await shop_posts.get_landing_page(call.session, ctx=call.ctx, id_or_slug=call.path("id"))
    return json({"data": landing_page_json(page, detail=True)})


# The .json forms are the seed's; the bare ones answer the same. "/lp/{id}.json" comes first so
# that "1.json" is never read as a slug.
_LIST = endpoint(rails(list_landing_pages), query=LIST_QUERY, error_schema=RAILS_ERRORS)

routes: list[BaseRoute] = [
    Route("/lp.json", _LIST, methods=["GET"]),
    Route("/lp", _LIST, methods=["GET"]),
    Route(
        "/lp/{id}.json",
        endpoint(rails(show_landing_page), error_schema=RAILS_ERRORS),
        methods=["GET"],
    ),
    Route(
        "/lp/{id}", endpoint(rails(show_landing_page), error_schema=RAILS_ERRORS), methods=["GET"]
    ),
]
