"""Wishlist object types; products and variants resolve through the catalog's loaders."""

from __future__ import annotations

from datetime import datetime

import strawberry
from strawberry.types import Info

from tenantry.models.wishlist import WishlistItem as WishlistItemRow
from tenantry.resolvers import wishlist
from tenantry.schema.catalog import loaders
from tenantry.schema.catalog.types import Product, ProductVariant
from tenantry.schema.context import GraphQLContext
from tenantry.schema.pagination import PageInfo

GQLInfo = Info[GraphQLContext, None]


@strawberry.type
class WishlistItem:
    id: strawberry.ID
    note: str
    created_at: datetime
    product_id: strawberry.Private[int]
    variant_id: strawberry.Private[int | None]

    @classmethod
    def from_model(cls, item: WishlistItemRow) -> WishlistItem:
        return cls(
            id=strawberry.ID(str(item.id)),
            note=item.note,
            created_at=item.created_at,
            product_id=item.product_id,
            variant_id=item.variant_id,
        )

    @strawberry.field
    async def product(self, info: GQLInfo) -> Product | None:
        found = await loaders.product_by_id(info.context).load(self.product_id)
        return Product.from_model(found) if found else None

    @strawberry.field(description="The chosen variant, if the item names one.")
    async def variant(self, info: GQLInfo) -> ProductVariant | None:
        if self.variant_id is None:
            return None
        product = await loaders.product_by_id(info.context).load(self.product_id)
        variant = await loaders.variant_by_id(info.context).load(self.variant_id)
        return ProductVariant.from_model(product, variant) if product and variant else None


@strawberry.type
class WishlistPage:
    items: list[WishlistItem]
    page_info: PageInfo


@strawberry.type
class WishlistToggle:
    in_wishlist: bool
    item: WishlistItem | None = strawberry.field(description="Null when the toggle removed it.")


@strawberry.type
class WishlistStatus:
    product_id: strawberry.ID
    in_wishlist: bool


@strawberry.type
class WishlistMoveFailure:
    id: strawberry.ID = strawberry.field(description="The wishlist item that stayed.")
    reason: str = strawberry.field(
        description="not_found, out_of_stock, variant_required or unavailable."
    )
    message: str


@strawberry.type
class WishlistMoveResult:
    moved: list[strawberry.ID] = strawberry.field(description="Items now in the cart.")
    failed: list[WishlistMoveFailure]

    @classmethod
    def from_result(cls, result: wishlist.MoveResult) -> WishlistMoveResult:
        return cls(
            moved=[strawberry.ID(str(item_id)) for item_id in result.moved],
            failed=[
                WishlistMoveFailure(
                    id=strawberry.ID(str(failure.item_id)),
                    reason=failure.reason,
                    message=failure.message,
                )
                for failure in result.failed
            ],
        )
