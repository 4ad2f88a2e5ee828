"""Batch loads by id: one statement per relation for a whole page of products.

GraphQL's DataLoaders and the REST list shaping call the same functions.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import func
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from tenantry.core.ids import distinct_ids
from tenantry.models.catalog import (
    BundleItem,
    Product,
    ProductCategory,
    ProductImage,
    ProductVariant,
)
from tenantry.models.reviews import Review


@dataclass(frozen=True)
class RatingSummary:
    average: float  # 0.0 without reviews
    count: int


NO_RATINGS = RatingSummary(average=0.0, count=0)


async def products_by_ids(session: AsyncSession, ids: Iterable[int | None]) -> dict[int, Product]:
    wanted = distinct_ids(ids)
    if not wanted:
        return {}
    rows = await session.scalars(select(Product).where(col(Product.id).in_(wanted)))
    return {row.id: row for row in rows if row.id is not None}


async def variants_by_ids(
    session: AsyncSession, ids: Iterable[int | None]
) -> dict[int, ProductVariant]:
    wanted = distinct_ids(ids)
    if not wanted:
        return {}
    rows = await session.scalars(select(ProductVariant).where(col(ProductVariant.id).in_(wanted)))
    return {row.id: row for row in rows if row.id is not None}


async def categories_by_ids(
    session: AsyncSession, ids: Iterable[int | None]
) -> dict[int, ProductCategory]:
    wanted = distinct_ids(ids)
    if not wanted:
        return {}
    rows = await session.scalars(select(ProductCategory).where(col(ProductCategory.id).in_(wanted)))
    return {row.id: row for row in rows if row.id is not None}


async def variants_by_product_ids(
    session: AsyncSession, ids: Iterable[int | None]
) -> dict[int, list[ProductVariant]]:
    """Every variant, active or not, in display order; callers decide who sees inactive ones."""
    wanted = distinct_ids(ids)
    found: dict[int, list[ProductVariant]] = {product_id: [] for product_id in wanted}
    if not wanted:
        return found
    rows = await session.scalars(
        select(ProductVariant)
        .where(col(ProductVariant.product_id).in_(wanted))
        .order_by(col(ProductVariant.position), col(ProductVariant.id))
    )
    for row in rows:
        found[row.product_id].append(row)
    return found


async def images_by_product_ids(
    session: AsyncSession, ids: Iterable[int | None]
) -> dict[int, list[ProductImage]]:
    wanted = distinct_ids(ids)
    found: dict[int, list[ProductImage]] = {product_id: [] for product_id in wanted}
    if not wanted:
        return found
    rows = await session.scalars(
        select(ProductImage)
        .where(col(ProductImage.product_id).in_(wanted))
        .order_by(col(ProductImage.position), col(ProductImage.id))
    )
    for row in rows:
        found[row.product_id].append(row)
    return found


async def bundle_items_by_bundle_ids(
    session: AsyncSession, ids: Iterable[int | None]
) -> dict[int, list[BundleItem]]:
    wanted = distinct_ids(ids)
    found: dict[int, list[BundleItem]] = {bundle_id: [] for bundle_id in wanted}
    if not wanted:
        return found
    rows = await session.scalars(
        select(BundleItem).where(col(BundleItem.bundle_id).in_(wanted)).order_by(col(BundleItem.id))
    )
    for row in rows:
        found[row.bundle_id].append(row)
    return found


async def ratings_by_product_ids(
    session: AsyncSession, ids: Iterable[int | None]
) -> dict[int, RatingSummary]:
    """Average and count of the visible reviews of each product."""
    wanted = distinct_ids(ids)
    found = dict.fromkeys(wanted, NO_RATINGS)
    if not wanted:
        return found
    rows = await session.execute(
        select(Review.product_id, func.avg(col(Review.rating)), func.count(col(Review.id)))
        .where(col(Review.product_id).in_(wanted), col(Review.is_visible).is_(True))
        .group_by(col(Review.product_id))
    )
    for product_id, average, count in rows:
        found[product_id] = RatingSummary(average=round(float(average), 2), count=count)
    return found
