"""Everything a product listing shows besides the product row, one statement per relation."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy.ext.asyncio import AsyncSession

from tenantry.models.catalog import (
    Product,
    ProductCategory,
    ProductImage,
    ProductType,
    ProductVariant,
)
from tenantry.resolvers.catalog.fetch import (
    NO_RATINGS,
    RatingSummary,
    categories_by_ids,
    images_by_product_ids,
    ratings_by_product_ids,
    variants_by_product_ids,
)
from tenantry.resolvers.catalog.stock import bundle_quantities_by_ids, product_quantity


@dataclass(frozen=True)
class ProductRelations:
    categories: dict[int, ProductCategory] = field(default_factory=dict)
    images: dict[int, list[ProductImage]] = field(default_factory=dict)
    variants: dict[int, list[ProductVariant]] = field(default_factory=dict)
    ratings: dict[int, RatingSummary] = field(default_factory=dict)
    bundle_quantities: dict[int, int | None] = field(default_factory=dict)
    show_inactive_variants: bool = False

    def category(self, product: Product) -> ProductCategory | None:
        return self.categories.get(product.category_id) if product.category_id else None

    def images_of(self, product: Product) -> list[ProductImage]:
        return self.images.get(product.id or 0, [])

    def variants_of(self, product: Product) -> list[ProductVariant]:
        found = self.variants.get(product.id or 0, [])
        return found if self.show_inactive_variants else [v for v in found if v.is_active]

    def rating(self, product: Product) -> RatingSummary:
        return self.ratings.get(product.id or 0, NO_RATINGS)

    def quantity(self, product: Product) -> int | None:
        if product.type == ProductType.BUNDLE:
            return self.bundle_quantities.get(product.id or 0)
        return product_quantity(product, self.variants.get(product.id or 0, []))

    def in_stock(self, product: Product) -> bool:
        quantity = self.quantity(product)
        return quantity is None or quantity > 0


async def load_relations(
    session: AsyncSession, products: Sequence[Product], *, show_inactive_variants: bool = False
) -> ProductRelations:
    ids = [product.id for product in products]
    bundles = [p.id for p in products if p.type == ProductType.BUNDLE and p.id is not None]
    return ProductRelations(
        categories=await categories_by_ids(session, (p.category_id for p in products)),
        images=await images_by_product_ids(session, ids),
        variants=await variants_by_product_ids(session, ids),
        ratings=await ratings_by_product_ids(session, ids),
        bundle_quantities=await bundle_quantities_by_ids(session, bundles),
        show_inactive_variants=show_inactive_variants,
    )
