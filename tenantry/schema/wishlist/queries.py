from __future__ import annotations

import strawberry

from tenantry.core.inputs import parse_input
from tenantry.core.pagination import DEFAULT_PER_PAGE, PageRequest
from tenantry.resolvers import wishlist
from tenantry.schema.pagination import PageInfo
from tenantry.schema.wishlist.types import GQLInfo, WishlistItem, WishlistPage, WishlistStatus


@strawberry.type
class Query:
    @strawberry.field(description="The member's wishlist, newest first.")
    async def wishlist(
        self, info: GQLInfo, page: int = 1, per_page: int = DEFAULT_PER_PAGE
    ) -> WishlistPage:
        context = info.context
        request = PageRequest.parse(page, per_page)
        found = await wishlist.list_wishlist(context.session, ctx=context.ctx, page=request)
        return WishlistPage(
            items=[WishlistItem.from_model(item) for item in found.items],
            page_info=PageInfo.from_page(found),
        )

    @strawberry.field(description="How many items the member's wishlist holds.")
    async def wishlist_count(self, info: GQLInfo) -> int:
        context = info.context
        return await wishlist.count_wishlist(context.session, ctx=context.ctx)

    @strawberry.field(description="Whether each product is in the member's wishlist.")
    async def in_wishlist(
        self, info: GQLInfo, product_ids: list[strawberry.ID]
    ) -> list[WishlistStatus]:
        context = info.context
        data = parse_input(wishlist.ProductIdsIn, {"product_ids": [str(i) for i in product_ids]})
        status = await wishlist.wishlist_status(
            context.session, ctx=context.ctx, product_ids=data.product_ids
        )
        return [
            WishlistStatus(product_id=strawberry.ID(str(product_id)), in_wishlist=found)
            for product_id, found in status.items()
        ]

    @strawberry.field(description="How many members keep the product in their wishlist.")
    async def product_wishlist_count(self, info: GQLInfo, slug: str) -> int:
        context = info.context
        return await wishlist.product_wishlist_count(context.session, ctx=context.ctx, slug=slug)
