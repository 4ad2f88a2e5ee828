"""Wishlist writes; every one needs a member token."""

from __future__ import annotations

import strawberry

from tenantry.core.ids import parse_id
from tenantry.core.inputs import parse_input
from tenantry.resolvers import wishlist
from tenantry.schema.wishlist.types import (
    GQLInfo,
    WishlistItem,
    WishlistMoveResult,
    WishlistToggle,
)


def _id(value: strawberry.ID | None) -> str | None:
    return None if value is None else str(value)


@strawberry.type
class Mutation:
    @strawberry.mutation(description="Adds a product; adding it again returns the same item.")
    async def add_to_wishlist(
        self,
        info: GQLInfo,
        product_id: strawberry.ID,
        variant_id: strawberry.ID | None = None,
        note: str | None = None,
    ) -> WishlistItem:
        context = info.context
        data = parse_input(
            wishlist.WishlistItemIn,
            {"product_id": _id(product_id), "variant_id": _id(variant_id), "note": note},
        )
        added = await wishlist.add_to_wishlist(context.session, ctx=context.ctx, data=data)
        return WishlistItem.from_model(added.item)

    @strawberry.mutation(description="Removes the product if it is there, else adds it.")
    async def toggle_wishlist(
        self, info: GQLInfo, product_id: strawberry.ID, variant_id: strawberry.ID | None = None
    ) -> WishlistToggle:
        context = info.context
        data = parse_input(
            wishlist.WishlistToggleIn,
            {"product_id": _id(product_id), "variant_id": _id(variant_id)},
        )
        item = await wishlist.toggle_wishlist(context.session, ctx=context.ctx, data=data)
        return WishlistToggle(
            in_wishlist=item is not None,
            item=WishlistItem.from_model(item) if item is not None else None,
        )

    @strawberry.mutation
    async def update_wishlist_note(
        self, info: GQLInfo, id: strawberry.ID, note: str
    ) -> WishlistItem:
        context = info.context
        data = parse_input(wishlist.WishlistNoteIn, {"note": note})
        item = await wishlist.update_wishlist_note(
            context.session, ctx=context.ctx, item_id=parse_id(id, "wishlist item"), data=data
        )
        return WishlistItem.from_model(item)

    @strawberry.mutation
    async def remove_from_wishlist(self, info: GQLInfo, id: strawberry.ID) -> bool:
        context = info.context
        await wishlist.remove_from_wishlist(
            context.session, ctx=context.ctx, item_id=parse_id(id, "wishlist item")
        )
        return True

    @strawberry.mutation(
        description="Moves items (all when itemIds is null) into the cart, one unit each; "
        "those the cart refuses stay and are reported."
    )
    async def move_wishlist_to_cart(
        self, info: GQLInfo, item_ids: list[strawberry.ID] | None = None
    ) -> WishlistMoveResult:
        context = info.context
        given = None if item_ids is None else [str(value) for value in item_ids]
        data = parse_input(wishlist.MoveToCartIn, {"item_ids": given})
        result = await wishlist.move_wishlist_to_cart(context.session, ctx=context.ctx, data=data)
        return WishlistMoveResult.from_result(result)
