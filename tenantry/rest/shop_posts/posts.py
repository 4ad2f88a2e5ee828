"""Dialect C posts: /posts, /posts/search, /posts/{id_or_slug}[/body_data|/update_body_data]."""

from __future__ import annotations

from typing import Any

from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from tenantry.core.errors import BadRequest, ValidationFailed
from tenantry.core.ids import as_id
from tenantry.core.pagination import Page
from tenantry.models.shop_posts import ShopPost
from tenantry.resolvers import shop_posts
from tenantry.resolvers.shop_posts.body_data import (
    MAX_KEY_LENGTH,
    MAX_KEYS,
    MAX_STRING_LENGTH,
    RESERVED_KEYS,
)
from tenantry.resolvers.shop_posts.inputs import MAX_POSTS_PER_PAGE, POSTS_PER_PAGE
from tenantry.rest.endpoint import Call, endpoint
from tenantry.rest.envelopes import json
from tenantry.rest.formats import iso
from tenantry.rest.spec import PAGE, Body, Param

_TRUE = frozenset({"true", "1", "yes", "on", "t"})
_FALSE = frozenset({"false", "0", "no", "off", "f"})


def per_page_param(default: int, maximum: int) -> Param:
    """C's per_page: a value above the maximum is read as the maximum, not refused."""
    return Param(
        "per_page",
        {"type": "integer", "minimum": 1, "default": default},
        f"Items per page; more than {maximum} is read as {maximum}.",
    )


CATEGORY = Param("category_id", {"type": "integer", "minimum": 1}, "Only items in this category.")
ACTIVE = Param(
    "active",
    {"type": "string", "enum": sorted(_TRUE | _FALSE)},
    "Only active (true) or inactive (false) posts; read case-insensitively.",
)
POST_TYPE = Param("post_type", {"type": "string"}, "Only posts of this type.")
_FILTERS = (PAGE, per_page_param(POSTS_PER_PAGE, MAX_POSTS_PER_PAGE), CATEGORY, ACTIVE, POST_TYPE)
LIST_QUERY = (
    *_FILTERS,
    Param("query", {"type": "string"}, "Only posts whose title or content contains this text."),
)
SEARCH_QUERY = (
    *_FILTERS,
    Param("q", {"type": "string"}, "Only posts whose title or content contains this text."),
    Param("body_data_key", {"type": "string"}, "Only posts whose body_data has this key."),
    Param(
        "body_data_value",
        {"type": "string"},
        "With body_data_key: only posts where that key holds this value.",
    ),
)

# The seed's body_data rules, as far as a schema can say them (the script-free rule and the
# 100 KB total are checked too).
BODY_DATA: dict[str, Any] = {
    "type": "object",
    "maxProperties": MAX_KEYS,
    "propertyNames": {
        "pattern": "^[A-Za-z0-9_-]+$",
        "maxLength": MAX_KEY_LENGTH,
        "not": {"enum": sorted(RESERVED_KEYS)},
    },
    "additionalProperties": {
        "anyOf": [
            {"type": "string", "maxLength": MAX_STRING_LENGTH},
            {"type": ["number", "boolean", "null"]},
        ]
    },
}


def post_json(post: ShopPost) -> dict[str, Any]:
    return {
        "id": post.id,
        "title": post.title,
        "content": post.content,
        "active": post.active,
        "post_type": post.post_type,
        "category_id": post.category_id,
        "image_link": post.image_link,
        "body_data": post.body_data,
        "slug": post.slug,
        "created_at": iso(post.created_at),
        "updated_at": iso(post.updated_at),
    }


def pagination_json(page: Page[Any]) -> dict[str, int]:
    return {
        "total_pages": page.last_page,
        "current_page": page.page,
        "per_page": page.per_page,
        "total_count": page.total,
    }


def _flag(call: Call, name: str) -> bool | None:
    value = (call.query(name) or "").strip().lower()
    if not value:
        return None
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ValidationFailed.single(name, f"The {name} field must be true or false.")


def category_filter(call: Call) -> int | None:
    """The `category_id` query parameter; one that names no category is a 422, not a 500."""
    value = (call.query("category_id") or "").strip()
    if not value:
        return None
    category_id = as_id(value)
    if category_id is None:
        raise ValidationFailed.single("category_id", "The category id field is invalid.")
    return category_id


def _filters(call: Call, *, search: bool) -> shop_posts.PostFilters:
    return shop_posts.PostFilters(
        query=call.query("q" if search else "query") or None,
        category_id=category_filter(call),
        active=_flag(call, "active"),
        post_type=call.query("post_type") or None,
        body_data_key=(call.query("body_data_key") or None) if search else None,
        body_data_value=call.query("body_data_value") if search else None,
    )


async def _post_fields(call: Call) -> dict[str, Any]:
    # NaN in body_data is the domain's to refuse, in the seed's words.
    body = await call.json(finite=False)
    fields = body.get("post")
    if not isinstance(fields, dict):
        raise BadRequest(
            "param is missing or the value is empty: post", code="parameter_missing", param="post"
        )
    return fields


async def _listing(call: Call, *, search: bool) -> Response:
    page = shop_posts.page_request(call.query("page"), call.query("per_page"))
    filters = _filters(call, search=search)
    found = await shop_posts.list_posts(call.session, ctx=call.ctx, filters=filters, page=page)
    data = {
        "posts": [post_json(post) for post in found.items],
        "pagination": pagination_json(found),
    }
    return json({"success": True, "data": data})


async def list_posts(call: Call) -> Response:
    return await _listing(call, search=False)


async def search_posts(call: Call) -> Response:
    """The posts containing `q`, or whose body_data holds a key (and, if given, its value)."""
    return await _listing(call, search=True)


async def show_post(call: Call) -> Response:
    """One post by id or slug."""
    post = await shop_posts.get_post(call.session, ctx=call.ctx, id_or_slug=call.path("id"))
    return json({"success": True, "data": {"post": post_json(post)}})


async def create_post(call: Call) -> Response:
    data = shop_posts.parse_with_body_data(shop_posts.PostIn, await _post_fields(call))
    post = await shop_posts.create_post(call.session, ctx=call.ctx, data=data)
    shown = {
        "id": post.id,
        "title": post.title,
        "slug": post.slug,
        "created_at": iso(post.created_at),
        "updated_at": iso(post.updated_at),
    }
    body = {"success": True, "message": "Post created successfully", "data": {"post": shown}}
    return json(body, 201)


async def update_post(call: Call) -> Response:
    """Changes the fields sent; body_data is merged into the stored one."""
    data = shop_posts.parse_with_body_data(shop_posts.PostUpdate, await _post_fields(call))
    post = await shop_posts.update_post(
        call.session, ctx=call.ctx, id_or_slug=call.path("id"), data=data
    )
    shown = {"id": post.id, "title": post.title, "updated_at": iso(post.updated_at)}
    body = {"success": True, "message": "Post updated successfully", "data": {"post": shown}}
    return json(body)


async def delete_post(call: Call) -> Response:
    await shop_posts.delete_post(call.session, ctx=call.ctx, id_or_slug=call.path("id"))
    return json({"success": True, "message": "Post deleted successfully"})


async def show_body_data(call: Call) -> Response:
    """The post's body_data, its key count and its keys."""
    post = await shop_posts.get_post(call.session, ctx=call.ctx, id_or_slug=call.path("id"))
    data = {
        "body_data": post.body_data,
        "dynamic_variables_count": len(post.body_data),
        # Sorted: PostgreSQL JSONB does not keep the order the keys were written in.
        "available_keys": sorted(post.body_data),
    }
    return json({"success": True, "data": data})


async def update_body_data(call: Call) -> Response:
    """Replaces the post's body_data with `post.body_data`."""
    fields = await _post_fields(call)
    if "body_data" not in fields:
        raise ValidationFailed.single("body_data", "The body data field is required.")
    data = call.parse(shop_posts.BodyDataIn, fields)
    post = await shop_posts.update_body_data(
        call.session, ctx=call.ctx, id_or_slug=call.path("id"), data=data
    )
    body = {
        "success": True,
        "message": "Body data updated successfully",
        "data": {"body_data": post.body_data, "dynamic_variables_count": len(post.body_data)},
    }
    return json(body)


# Each body is the model's fields under "post"; _post_fields unwraps it.
_CREATE = endpoint(
    create_post,
    body=Body.of(shop_posts.PostIn, wrap="post", fields={"body_data": BODY_DATA}),
    status=201,
    validation_message="Failed to create post",
)
_UPDATE = endpoint(
    update_post,
    body=Body.of(
        shop_posts.PostUpdate,
        wrap="post",
        fields={"body_data": {"anyOf": [BODY_DATA, {"type": "null"}], "default": None}},
    ),
    validation_message="Failed to update post",
)
_UPDATE_BODY_DATA = endpoint(
    update_body_data,
    body=Body.of(shop_posts.BodyDataIn, wrap="post", fields={"body_data": BODY_DATA}),
    validation_message="Failed to update body data",
)

# /posts/search comes before /posts/{id}; no post takes the slug "search".
routes: list[BaseRoute] = [
    Route("/posts", endpoint(list_posts, query=LIST_QUERY), methods=["GET"]),
    Route("/posts", _CREATE, methods=["POST"]),
    Route("/posts/search", endpoint(search_posts, query=SEARCH_QUERY), methods=["GET"]),
    Route("/posts/{id}", endpoint(show_post), methods=["GET"]),
    Route("/posts/{id}", _UPDATE, methods=["PUT", "PATCH"]),
    Route("/posts/{id}", endpoint(delete_post), methods=["DELETE"]),
    Route("/posts/{id}/body_data", endpoint(show_body_data), methods=["GET"]),
    Route("/posts/{id}/update_body_data", _UPDATE_BODY_DATA, methods=["PATCH"]),
]
