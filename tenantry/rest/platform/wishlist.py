"""Dialect A wishlist: GET, POST /wishlist · POST /wishlist/toggle · GET /wishlist/check ·
POST /wishlist/check-bulk · GET /wishlist/count · POST /wishlist/move-to-cart ·
PUT, DELETE /wishlist/{id} · GET /products/{slug}/wishlist-count (public).

Every path but the product count needs a member token.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pydantic import Field
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from tenantry.core.access import require_member
from tenantry.core.ids import MAX_ID, parse_id
from tenantry.core.inputs import Input, RowId
from tenantry.core.pagination import PageRequest
from tenantry.models.wishlist import WishlistItem
from tenantry.resolvers import catalog, wishlist
from tenantry.rest.endpoint import Call, endpoint
from tenantry.rest.envelopes import json
from tenantry.rest.formats import iso, page_meta
from tenantry.rest.platform.products import products_json, variant_json
from tenantry.rest.spec import PAGED, Body

REMOVED = "Removed from wishlist."


class CheckQuery(Input):
    product_id: RowId = Field(
        description="The product to look for.", json_schema_extra={"minimum": 1, "maximum": MAX_ID}
    )


async def items_json(call: Call, items: Sequence[WishlistItem]) -> list[dict[str, Any]]:
    """Each item with its product as GET /products shows it; a fixed number of statements."""
    products = await catalog.products_by_ids(call.session, (item.product_id for item in items))
    listed = list(products.values())
    shaped = dict(zip([p.id for p in listed], await products_json(call, listed), strict=True))
    variants = await catalog.variants_by_ids(call.session, (item.variant_id for item in items))
    found = []
    for item in items:
        product = products.get(item.product_id)
        if product is None:
            continue
        variant = variants.get(item.variant_id) if item.variant_id is not None else None
        found.append(
            {
                "id": item.id,
                "product": shaped[product.id],
                "variant": variant_json(product, variant) if variant is not None else None,
                "note": item.note,
                "created_at": iso(item.created_at),
            }
        )
    return found


async def item_json(call: Call, item: WishlistItem) -> dict[str, Any]:
    [data] = await items_json(call, [item])
    return data


async def list_items(call: Call) -> Response:
    require_member(call.ctx)
    page = PageRequest.parse(call.query("page"), call.query("per_page"))
    found = await wishlist.list_wishlist(call.session, ctx=call.ctx, page=page)
    return json(
        {
            "data": await items_json(call, found.items),
            "meta": page_meta(found),
        }
    )


async def add_item(call: Call) -> Response:
    """Adds the product (variant) to the wishlist: 201, or 200 when it was there already."""
    require_member(call.ctx)
    data = call.parse(wishlist.WishlistItemIn, await call.json())
    added = await wishlist.add_to_wishlist(call.session, ctx=call.ctx, data=data)
    return json({"data": await item_json(call, added.item)}, 201 if added.created else 200)


async def toggle(call: Call) -> Response:
    """Adds the product (variant) to the wishlist, or removes it when it is there."""
    require_member(call.ctx)
    data = call.parse(wishlist.WishlistToggleIn, await call.json())
    item = await wishlist.toggle_wishlist(call.session, ctx=call.ctx, data=data)
    shaped = await item_json(call, item) if item is not None else None
    return json({"data": {"in_wishlist": item is not None, "item": shaped}})


async def check(call: Call) -> Response:
    """Whether the product is in the member's wishlist."""
    require_member(call.ctx)
    given = {"product_id": call.query("product_id")} if call.query("product_id") else {}
    product_id = call.parse(CheckQuery, given).product_id
    status = await wishlist.wishlist_status(call.session, ctx=call.ctx, product_ids=[product_id])
    return json({"data": {"in_wishlist": status[product_id]}})


async def check_bulk(call: Call) -> Response:
    """Whether each product is in the member's wishlist, by product id."""
    require_member(call.ctx)
    data = call.parse(wishlist.ProductIdsIn, await call.json())
    status = await wishlist.wishlist_status(
        call.session, ctx=call.ctx, product_ids=data.product_ids
    )
    return json({"data": {str(product_id): found for product_id, found in status.items()}})


async def count(call: Call) -> Response:
    """How many items the member's wishlist holds."""
    found = await wishlist.count_wishlist(call.session, ctx=call.ctx)
    return json({"data": {"count": found}})


async def move_to_cart(call: Call) -> Response:
    """Moves wishlist items (`item_ids`, or all) to the cart; says which could not move."""
    require_member(call.ctx)
    data = call.parse(wishlist.MoveToCartIn, await call.json())
    result = await wishlist.move_wishlist_to_cart(call.session, ctx=call.ctx, data=data)
    failed = [
        {"id": failure.item_id, "reason": failure.reason, "message": failure.message}
        for failure in result.failed
    ]
    return json({"data": {"moved": result.moved, "failed": failed}})


async def update_note(call: Call) -> Response:
    """Changes the item's note."""
    require_member(call.ctx)
    item_id = parse_id(call.path("id"), "wishlist item")
    data = call.parse(wishlist.WishlistNoteIn, await call.json())
    item = await wishlist.update_wishlist_note(
        call.session, ctx=call.ctx, item_id=item_id, data=data
    )
    return json({"data": await item_json(call, item)})


async def remove(call: Call) -> Response:
    require_member(call.ctx)
    await wishlist.remove_from_wishlist(
        call.session, ctx=call.ctx, item_id=parse_id(call.path("id"), "wishlist item")
    )
    return json({"message": REMOVED})


async def product_count(call: Call) -> Response:
    """How many wishlists hold the product."""
    found = await wishlist.product_wishlist_count(
        call.session, ctx=call.ctx, slug=call.path("slug")
    )
    return json({"data": {"count": found}})


routes: list[BaseRoute] = [
    Route("/wishlist", endpoint(list_items, query=PAGED), methods=["GET"]),
    # 201 when the item is added, 200 when it was there already (a Spec states one status).
    Route(
        "/wishlist",
        endpoint(add_item, body=Body.of(wishlist.WishlistItemIn), status=201, also=(200,)),
        methods=["POST"],
    ),
    Route(
        "/wishlist/toggle",
        endpoint(toggle, body=Body.of(wishlist.WishlistToggleIn)),
        methods=["POST"],
    ),
    Route("/wishlist/check", endpoint(check, query_models=(CheckQuery,)), methods=["GET"]),
    Route(
        "/wishlist/check-bulk",
        endpoint(check_bulk, body=Body.of(wishlist.ProductIdsIn)),
        methods=["POST"],
    ),
    Route("/wishlist/count", endpoint(count), methods=["GET"]),
    Route(
        "/wishlist/move-to-cart",
        endpoint(move_to_cart, body=Body.of(wishlist.MoveToCartIn, required=False)),
        methods=["POST"],
    ),
    Route(
        "/wishlist/{id}",
        endpoint(update_note, body=Body.of(wishlist.WishlistNoteIn)),
        methods=["PUT"],
    ),
    Route("/wishlist/{id}", endpoint(remove), methods=["DELETE"]),
    Route(
        "/products/{slug}/wishlist-count",
        endpoint(product_count, public_read=True),
        methods=["GET"],
    ),
]
