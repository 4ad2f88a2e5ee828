"""The catalog's per-operation DataLoaders: one statement per relation for a whole page."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.dataloader import DataLoader

from tenantry.models.catalog import (
    BundleItem,
    Product,
    ProductCategory,
    ProductImage,
    ProductVariant,
)
from tenantry.resolvers import catalog
from tenantry.resolvers.catalog import CategoryTree, RatingSummary
from tenantry.schema.context import GraphQLContext
from tenantry.schema.dataloaders import batch_loader
from tenantry.schema.dataloaders import forget as forget_names

NAMES = (
    "catalog_product_by_id",
    "catalog_variant_by_id",
    "catalog_category_by_id",
    "catalog_variants_by_product_id",
    "catalog_images_by_product_id",
    "catalog_rating_by_product_id",
    "catalog_bundle_items_by_bundle_id",
    "catalog_bundle_quantity_by_id",
    "catalog_category_tree",
)
TREE = 0  # the one key of the tree loader


def forget(context: GraphQLContext) -> None:
    """After a write, later reads in the same operation must see it."""
    forget_names(context, *NAMES)


def product_by_id(context: GraphQLContext) -> DataLoader[int, Product | None]:
    return batch_loader(context, "catalog_product_by_id", catalog.products_by_ids, None)


def variant_by_id(context: GraphQLContext) -> DataLoader[int, ProductVariant | None]:
    return batch_loader(context, "catalog_variant_by_id", catalog.variants_by_ids, None)


def category_by_id(context: GraphQLContext) -> DataLoader[int, ProductCategory | None]:
    return batch_loader(context, "catalog_category_by_id", catalog.categories_by_ids, None)


def variants_by_product_id(context: GraphQLContext) -> DataLoader[int, list[ProductVariant]]:
    return batch_loader(
        context, "catalog_variants_by_product_id", catalog.variants_by_product_ids, []
    )


def images_by_product_id(context: GraphQLContext) -> DataLoader[int, list[ProductImage]]:
    return batch_loader(context, "catalog_images_by_product_id", catalog.images_by_product_ids, [])


def rating_by_product_id(context: GraphQLContext) -> DataLoader[int, RatingSummary]:
    return batch_loader(
        context, "catalog_rating_by_product_id", catalog.ratings_by_product_ids, catalog.NO_RATINGS
    )


def bundle_items_by_bundle_id(context: GraphQLContext) -> DataLoader[int, list[BundleItem]]:
    return batch_loader(
        context, "catalog_bundle_items_by_bundle_id", catalog.bundle_items_by_bundle_ids, []
    )


def bundle_quantity_by_id(context: GraphQLContext) -> DataLoader[int, int | None]:
    return batch_loader(
        context, "catalog_bundle_quantity_by_id", catalog.bundle_quantities_by_ids, None
    )


def category_tree(context: GraphQLContext) -> DataLoader[int, CategoryTree | None]:
    """The whole tree, loaded once per operation (two statements)."""
    ctx = context.ctx

    async def fetch(session: AsyncSession, keys: list[int]) -> dict[int, CategoryTree | None]:
        return {TREE: await catalog.category_tree(session, ctx=ctx)}

    return batch_loader(context, "catalog_category_tree", fetch, None)
