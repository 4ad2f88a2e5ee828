"""The SQL behind the product list's filters and sorts."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, and_, exists, not_, or_
from sqlalchemy.orm import aliased
from sqlmodel import col

from tenantry.models.catalog import BundleItem, Product, ProductStatus, ProductType, ProductVariant
from tenantry.resolvers.catalog.inputs import ProductSort


def search_clause(terms: str) -> ColumnElement[bool]:
    """Case-insensitive substring match on name or description (a LIKE, not a full-text index)."""
    return or_(
        col(Product.name).icontains(terms, autoescape=True),
        col(Product.description).icontains(terms, autoescape=True),
    )


def _available(stock: Any, quantity: Any = 1) -> ColumnElement[bool]:
    # Never NULL, so that NOT() of a combination stays a plain boolean.
    return or_(stock.is_(None), and_(stock.is_not(None), stock >= quantity))


def in_stock_clause() -> ColumnElement[bool]:
    """Mirrors stock.py: untracked or positive stock; any active variant; every bundle component."""
    stock = col(Product.stock)
    variant = aliased(ProductVariant)
    has_active_variants = exists().where(
        col(variant.product_id) == Product.id, col(variant.is_active).is_(True)
    )
    some = aliased(ProductVariant)
    some_stock = col(some.stock)
    variant_in_stock = exists().where(
        col(some.product_id) == Product.id,
        col(some.is_active).is_(True),
        or_(
            and_(some_stock.is_not(None), some_stock > 0),
            and_(some_stock.is_(None), _available(stock)),
        ),
    )
    plain = and_(
        col(Product.type) != ProductType.BUNDLE,
        or_(and_(not_(has_active_variants), _available(stock)), variant_in_stock),
    )

    # Correlated EXISTS rather than JOINs: the tenant criteria land in each WHERE clause.
    item = aliased(BundleItem)
    component = aliased(Product)
    chosen = aliased(ProductVariant)
    quantity, variant_id = col(item.quantity), col(item.variant_id)
    component_stock, chosen_stock = col(component.stock), col(chosen.stock)
    whole_product_ok = exists().where(
        col(component.id) == col(item.product_id),
        col(component.status) == ProductStatus.ACTIVE,
        _available(component_stock, quantity),
    )
    variant_ok = exists().where(
        col(component.id) == col(item.product_id),
        col(chosen.id) == variant_id,
        col(component.status) == ProductStatus.ACTIVE,
        col(chosen.is_active).is_(True),
        or_(
            and_(chosen_stock.is_not(None), chosen_stock >= quantity),
            and_(chosen_stock.is_(None), _available(component_stock, quantity)),
        ),
    )
    enough = or_(
        and_(variant_id.is_(None), whole_product_ok),
        and_(variant_id.is_not(None), variant_ok),
    )
    short = exists().where(col(item.bundle_id) == Product.id, not_(enough))
    bundle = and_(col(Product.type) == ProductType.BUNDLE, not_(short))
    return or_(plain, bundle)


def sort_order(sort: ProductSort) -> tuple[Any, ...]:
    newest = (col(Product.created_at).desc(), col(Product.id).desc())
    if sort is ProductSort.PRICE_ASC:
        return (col(Product.price).asc(), col(Product.id).asc())
    if sort is ProductSort.PRICE_DESC:
        return (col(Product.price).desc(), col(Product.id).desc())
    if sort is ProductSort.NAME:
        return (col(Product.name).asc(), col(Product.id).asc())
    if sort is ProductSort.POPULAR:
        return (col(Product.is_featured).desc(), *newest)
    return newest
