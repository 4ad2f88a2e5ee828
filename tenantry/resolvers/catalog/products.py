"""Catalog reads: the product list, one product, its variants, related products and bundle items.

The public sees active products only; admins see every status.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from tenantry.core.access import require_admin
from tenantry.core.context import Ctx
from tenantry.core.errors import NotFound
from tenantry.core.pagination import Page, PageRequest, paginate
from tenantry.models.catalog import (
    BundleItem,
    Product,
    ProductStatus,
    ProductVariant,
    RelatedProduct,
)
from tenantry.resolvers.catalog.fetch import products_by_ids, variants_by_ids
from tenantry.resolvers.catalog.filters import in_stock_clause, search_clause, sort_order
from tenantry.resolvers.catalog.inputs import ProductFilters
from tenantry.resolvers.catalog.stock import available_quantity
from tenantry.resolvers.catalog.tree import load_tree

__all__ = [
    "BundleLine",
    "available_quantity",
    "get_product",
    "get_product_by_id",
    "get_variant",
    "is_visible",
    "list_bundle_items",
    "list_products",
    "list_related_products",
]


def is_visible(product: Product, ctx: Ctx) -> bool:
    return ctx.principal.is_admin or product.status == ProductStatus.ACTIVE


async def list_products(
    session: AsyncSession, *, ctx: Ctx, filters: ProductFilters, page: PageRequest
) -> Page[Product]:
    """Two statements, three with a category filter (the tree gives its descendants)."""
    if filters.any_status or filters.status not in (None, ProductStatus.ACTIVE):
        require_admin(ctx)
    query: Select[Any] = select(Product)
    if filters.status is not None:
        query = query.where(col(Product.status) == filters.status)
    elif not filters.any_status:
        query = query.where(col(Product.status) == ProductStatus.ACTIVE)
    if filters.category:
        tree = await load_tree(session, counts=False)
        category = tree.by_slug(filters.category)
        ids = tree.subtree_ids(category.id) if category and category.id else set()
        query = query.where(col(Product.category_id).in_(sorted(ids)))
    terms = (filters.search or "").strip()
    if terms:
        query = query.where(search_clause(terms))
    if filters.min_price is not None:
        query = query.where(col(Product.price) >= filters.min_price)
    if filters.max_price is not None:
        query = query.where(col(Product.price) <= filters.max_price)
    if filters.is_featured:
        query = query.where(col(Product.is_featured).is_(True))
    if filters.type is not None:
        query = query.where(col(Product.type) == filters.type)
    if filters.in_stock:
        query = query.where(in_stock_clause())
    return await paginate(session, query.order_by(*sort_order(filters.sort)), page)


async def get_product_by_id(session: AsyncSession, *, ctx: Ctx, product_id: int) -> Product:
    product = await session.get(Product, product_id)
    if product is None or not is_visible(product, ctx):
        raise NotFound("product")
    return product


async def get_product(session: AsyncSession, *, ctx: Ctx, slug: str) -> Product:
    product = await session.scalar(select(Product).where(col(Product.slug) == slug))
    if product is None or not is_visible(product, ctx):
        raise NotFound("product")
    return product


async def get_variant(
    session: AsyncSession, *, product: Product, variant_id: int
) -> ProductVariant:
    variant = await session.get(ProductVariant, variant_id)
    if variant is None or variant.product_id != product.id or not variant.is_active:
        raise NotFound("variant")
    return variant


async def list_related_products(
    session: AsyncSession, *, ctx: Ctx, product: Product, limit: int = 4
) -> list[Product]:
    """The chosen related products in their order, then others of its category, newest first."""
    active = col(Product.status) == ProductStatus.ACTIVE
    chosen = list(
        await session.scalars(
            select(Product)
            .join(RelatedProduct, col(RelatedProduct.related_id) == col(Product.id))
            .where(col(RelatedProduct.product_id) == product.id, active)
            .order_by(col(RelatedProduct.position), col(RelatedProduct.id))
            .limit(limit)
        )
    )
    if len(chosen) >= limit or product.category_id is None:
        return chosen
    exclude = [p.id for p in chosen if p.id is not None] + [product.id]
    fill = await session.scalars(
        select(Product)
        .where(
            col(Product.category_id) == product.category_id,
            col(Product.id).not_in(exclude),
            active,
        )
        .order_by(col(Product.created_at).desc(), col(Product.id).desc())
        .limit(limit - len(chosen))
    )
    return chosen + list(fill)


@dataclass(frozen=True)
class BundleLine:
    item: BundleItem
    product: Product
    variant: ProductVariant | None


async def list_bundle_items(session: AsyncSession, *, product: Product) -> list[BundleLine]:
    """A bundle's components (none for other types); three statements."""
    items = list(
        await session.scalars(
            select(BundleItem)
            .where(col(BundleItem.bundle_id) == product.id)
            .order_by(col(BundleItem.id))
        )
    )
    products = await products_by_ids(session, (item.product_id for item in items))
    variants = await variants_by_ids(session, (item.variant_id for item in items))
    return [
        BundleLine(
            item=item,
            product=products[item.product_id],
            variant=variants.get(item.variant_id) if item.variant_id is not None else None,
        )
        for item in items
        if item.product_id in products
    ]
