"""Stock taken by orders and given back on cancel, under a guard the database enforces.

Every decrement is one conditional UPDATE (`stock = stock - :q WHERE id = :id AND stock >= :q`):
of two buyers racing for the last unit exactly one matches a row. The CHECK constraints
(stock >= 0) back it up. Rows are updated in one fixed order (products, then variants, each by
id) so that two checkouts locking the same rows on PostgreSQL cannot deadlock.

A variant with its own stock uses it; otherwise the product's stock applies. A bundle takes its
components' stock (line quantity x component quantity), never its own. NULL stock is untracked
and never touched.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.attributes import set_committed_value
from sqlmodel import col

from tenantry.core.errors import Conflict
from tenantry.models.catalog import Product, ProductType, ProductVariant
from tenantry.resolvers.catalog.fetch import (
    bundle_items_by_bundle_ids,
    products_by_ids,
    variants_by_ids,
)

_PRODUCT, _VARIANT = 0, 1


class OutOfStock(Conflict):
    """Stock ran out: in the cart, at checkout and in direct orders alike."""

    default_code = "out_of_stock"


@dataclass(frozen=True)
class StockLine:
    product: Product
    variant: ProductVariant | None
    quantity: int


@dataclass
class _Take:
    quantity: int
    name: str  # what the buyer ordered, for the error message
    rows: list[Product | ProductVariant]


async def reserve_stock(session: AsyncSession, *, lines: Sequence[StockLine]) -> None:
    """Takes every line's stock, or raises OutOfStock (the caller's transaction rolls back)."""
    for (table, row_id), take in sorted((await _takes(session, lines)).items()):
        model: Any = Product if table == _PRODUCT else ProductVariant
        left = await session.scalar(
            update(model)
            .where(col(model.id) == row_id, col(model.stock) >= take.quantity)
            .values(stock=col(model.stock) - take.quantity)
            .returning(col(model.stock))
            .execution_options(synchronize_session=False)
        )
        if left is None:
            raise OutOfStock(f"{take.name} is out of stock.")
        _remember(take.rows, left)


async def release_stock(session: AsyncSession, *, lines: Sequence[StockLine]) -> None:
    """Gives the lines' stock back; rows that stopped tracking stock meanwhile stay untracked."""
    for (table, row_id), take in sorted((await _takes(session, lines)).items()):
        model: Any = Product if table == _PRODUCT else ProductVariant
        left = await session.scalar(
            update(model)
            .where(col(model.id) == row_id, col(model.stock).is_not(None))
            .values(stock=col(model.stock) + take.quantity)
            .returning(col(model.stock))
            .execution_options(synchronize_session=False)
        )
        if left is not None:
            _remember(take.rows, left)


def _remember(rows: Iterable[Product | ProductVariant], stock: int) -> None:
    # Not an attribute change: a later flush must not write this value back over other orders.
    for row in rows:
        set_committed_value(row, "stock", stock)


async def _takes(session: AsyncSession, lines: Sequence[StockLine]) -> dict[tuple[int, int], _Take]:
    takes: dict[tuple[int, int], _Take] = {}
    bundles = [line for line in lines if line.product.type == ProductType.BUNDLE]
    components = await _components(session, [line.product for line in bundles])
    for line in lines:
        if line.quantity <= 0:
            continue
        if line.product.type == ProductType.BUNDLE and components.get(_id(line.product)):
            for product, variant, per_bundle in components[_id(line.product)]:
                _add(takes, product, variant, line.quantity * per_bundle, line.product.name)
        else:
            _add(takes, line.product, line.variant, line.quantity, line.product.name)
    return takes


def _add(
    takes: dict[tuple[int, int], _Take],
    product: Product,
    variant: ProductVariant | None,
    quantity: int,
    name: str,
) -> None:
    row: Product | ProductVariant
    if variant is not None and variant.stock is not None:
        key, row = (_VARIANT, _id(variant)), variant
    elif product.stock is not None:
        key, row = (_PRODUCT, _id(product)), product
    else:
        return
    take = takes.setdefault(key, _Take(0, name, []))
    take.quantity += quantity
    if all(existing is not row for existing in take.rows):
        take.rows.append(row)


Component = tuple[Product, ProductVariant | None, int]


async def _components(
    session: AsyncSession, bundles: Sequence[Product]
) -> dict[int, list[Component]]:
    """Each bundle's components with their rows: three statements whatever the bundle count."""
    if not bundles:
        return {}
    items = await bundle_items_by_bundle_ids(session, (bundle.id for bundle in bundles))
    every = [item for found in items.values() for item in found]
    products = await products_by_ids(session, (item.product_id for item in every))
    variants = await variants_by_ids(session, (item.variant_id for item in every))
    return {
        bundle_id: [
            (
                products[item.product_id],
                variants.get(item.variant_id) if item.variant_id is not None else None,
                item.quantity,
            )
            for item in found
            if item.product_id in products
        ]
        for bundle_id, found in items.items()
    }


def _id(row: Product | ProductVariant) -> int:
    assert row.id is not None
    return row.id
