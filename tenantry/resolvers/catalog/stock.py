"""How many units can be sold. None means stock is not tracked (always available).

A variant with its own stock counts that; a variant without one draws on its product's stock.
A product with active variants offers what its variants offer together. A bundle keeps no stock
of its own: it offers as many as its scarcest component allows (component stock // quantity);
an inactive component makes it unavailable.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TypeVar

from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from tenantry.models.catalog import (
    BundleItem,
    Product,
    ProductStatus,
    ProductType,
    ProductVariant,
)

M = TypeVar("M", Product, ProductVariant)


def variant_quantity(product: Product, variant: ProductVariant) -> int | None:
    if not variant.is_active:
        return 0
    return variant.stock if variant.stock is not None else product.stock


def product_quantity(product: Product, variants: Sequence[ProductVariant]) -> int | None:
    """A non-bundle product's quantity; variants are its variants (inactive ones are ignored)."""
    active = [v for v in variants if v.is_active]
    if not active:
        return product.stock
    own = sum(v.stock for v in active if v.stock is not None)
    if all(v.stock is not None for v in active):
        return own
    if product.stock is None:
        return None
    return own + product.stock


def component_quantity(
    item: BundleItem, component: Product | None, variant: ProductVariant | None
) -> int | None:
    """Whole bundles one component allows; a component without a variant uses product stock."""
    if component is None or component.status != ProductStatus.ACTIVE:
        return 0
    if item.variant_id is not None:
        if variant is None:
            return 0
        available = variant_quantity(component, variant)
    else:
        available = component.stock
    return None if available is None else available // item.quantity


def bundle_quantity(limits: Iterable[int | None]) -> int | None:
    tracked = [limit for limit in limits if limit is not None]
    return min(tracked) if tracked else None


async def bundle_quantities_by_ids(
    session: AsyncSession, bundle_ids: Sequence[int]
) -> dict[int, int | None]:
    """Each bundle's quantity from its components; three statements for any number of bundles."""
    if not bundle_ids:
        return {}
    items = list(
        await session.scalars(select(BundleItem).where(col(BundleItem.bundle_id).in_(bundle_ids)))
    )
    components = await _by_id(session, Product, {i.product_id for i in items})
    variants = await _by_id(
        session, ProductVariant, {i.variant_id for i in items if i.variant_id is not None}
    )
    limits: dict[int, list[int | None]] = {bundle_id: [] for bundle_id in bundle_ids}
    for item in items:
        variant = variants.get(item.variant_id) if item.variant_id is not None else None
        limits[item.bundle_id].append(
            component_quantity(item, components.get(item.product_id), variant)
        )
    return {bundle_id: bundle_quantity(found) for bundle_id, found in limits.items()}


async def _by_id(session: AsyncSession, model: type[M], ids: set[int]) -> Mapping[int, M]:
    if not ids:
        return {}
    rows = await session.scalars(select(model).where(col(model.id).in_(ids)))
    return {row.id: row for row in rows if row.id is not None}


async def available_quantity(
    session: AsyncSession, *, product: Product, variant: ProductVariant | None
) -> int | None:
    """Units of this product (or of this variant of it) that can be sold now."""
    assert product.id is not None
    if product.type == ProductType.BUNDLE:
        return (await bundle_quantities_by_ids(session, [product.id]))[product.id]
    if variant is not None:
        return variant_quantity(product, variant)
    variants = await session.scalars(
        select(ProductVariant).where(col(ProductVariant.product_id) == product.id)
    )
    return product_quantity(product, list(variants))
