"""Reading wishlists. Items of products no longer on sale (drafts, archived) are left out, as
the catalog leaves them out for the public."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pydantic import Field
from sqlalchemy import Select, func
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from tenantry.core.access import require_member
from tenantry.core.context import Ctx
from tenantry.core.inputs import Input, RowId
from tenantry.core.pagination import MAX_PER_PAGE, Page, PageRequest, paginate
from tenantry.models.catalog import Product, ProductStatus
from tenantry.models.wishlist import WishlistItem
from tenantry.resolvers.catalog import get_product


class ProductIdsIn(Input):
    product_ids: list[RowId] = Field(max_length=MAX_PER_PAGE)


def _on_sale(query: Select[Any]) -> Select[Any]:
    return query.join(Product, col(Product.id) == col(WishlistItem.product_id)).where(
        col(Product.status) == ProductStatus.ACTIVE
    )


async def list_wishlist(
    session: AsyncSession, *, ctx: Ctx, page: PageRequest
) -> Page[WishlistItem]:
    """Newest first; two statements."""
    member_id = require_member(ctx)
    query = (
        _on_sale(select(WishlistItem))
        .where(col(WishlistItem.member_id) == member_id)
        .order_by(col(WishlistItem.created_at).desc(), col(WishlistItem.id).desc())
    )
    return await paginate(session, query, page)


async def count_wishlist(session: AsyncSession, *, ctx: Ctx) -> int:
    member_id = require_member(ctx)
    count = await session.scalar(
        _on_sale(select(func.count(col(WishlistItem.id)))).where(
            col(WishlistItem.member_id) == member_id
        )
    )
    return count or 0


async def wishlist_status(
    session: AsyncSession, *, ctx: Ctx, product_ids: Sequence[int]
) -> dict[int, bool]:
    """Whether each product is in the member's wishlist, in any variant."""
    member_id = require_member(ctx)
    wanted = sorted(set(product_ids))
    found: set[int] = set()
    if wanted:
        rows = await session.scalars(
            _on_sale(select(WishlistItem.product_id))
            .where(
                col(WishlistItem.member_id) == member_id,
                col(WishlistItem.product_id).in_(wanted),
            )
            .distinct()
        )
        found = set(rows)
    return {product_id: product_id in found for product_id in wanted}


async def product_wishlist_count(session: AsyncSession, *, ctx: Ctx, slug: str) -> int:
    """How many members keep the product of slug in their wishlist; public."""
    product = await get_product(session, ctx=ctx, slug=slug)
    count = await session.scalar(
        select(func.count(func.distinct(col(WishlistItem.member_id)))).where(
            col(WishlistItem.product_id) == product.id
        )
    )
    return count or 0
