"""Staff writes to bundles: which products (or variants), how many of each."""

from __future__ import annotations

from sqlalchemy import delete, func
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from tenantry.core.access import require_admin
from tenantry.core.context import Ctx
from tenantry.core.errors import NotFound, ValidationFailed
from tenantry.models.catalog import BundleItem, Product, ProductType, ProductVariant
from tenantry.resolvers.catalog.fetch import products_by_ids, variants_by_ids
from tenantry.resolvers.catalog.inputs import BundleItemIn, BundleItemsIn
from tenantry.resolvers.catalog.products import BundleLine, list_bundle_items


async def set_bundle_items(
    session: AsyncSession, *, ctx: Ctx, bundle_id: int, data: BundleItemsIn
) -> list[BundleLine]:
    """Replaces the bundle's components; the same product and variant twice add up."""
    require_admin(ctx)
    bundle = await session.scalar(select(Product).where(col(Product.id) == bundle_id))
    if bundle is None:
        raise NotFound("product")
    if bundle.type != ProductType.BUNDLE:
        raise ValidationFailed.single("bundle_id", "Only a bundle product has bundle items.")
    merged: dict[tuple[int, int | None], int] = {}
    for item in data.items:
        key = (item.product_id, item.variant_id)
        merged[key] = merged.get(key, 0) + item.quantity
    await _check_components(session, bundle_id, data.items)
    await session.execute(
        delete(BundleItem)
        .where(col(BundleItem.bundle_id) == bundle_id)
        .execution_options(synchronize_session=False)
    )
    session.add_all(
        BundleItem(bundle_id=bundle_id, product_id=product_id, variant_id=variant_id, quantity=n)
        for (product_id, variant_id), n in merged.items()
    )
    await session.flush()
    return await list_bundle_items(session, product=bundle)


async def _check_components(
    session: AsyncSession, bundle_id: int, items: list[BundleItemIn]
) -> None:
    products = await products_by_ids(session, (item.product_id for item in items))
    variants = await variants_by_ids(session, (item.variant_id for item in items))
    with_variants = await _with_variants(session, list(products))
    errors: dict[str, list[str]] = {}
    for index, item in enumerate(items):
        product = products.get(item.product_id)
        field, message = "product_id", None
        if item.product_id == bundle_id:
            message = "A bundle cannot contain itself."
        elif product is None:
            message = "The selected product id is invalid."
        elif product.type == ProductType.BUNDLE:
            message = "A bundle cannot contain another bundle."
        elif item.variant_id is not None:
            variant = variants.get(item.variant_id)
            if variant is None or variant.product_id != item.product_id:
                field, message = "variant_id", "The selected variant id is invalid."
        elif item.product_id in with_variants:
            field, message = "variant_id", "The variant id field is required for this product."
        if message:
            errors[f"items.{index}.{field}"] = [message]
    if errors:
        raise ValidationFailed(errors)


async def _with_variants(session: AsyncSession, product_ids: list[int]) -> set[int]:
    if not product_ids:
        return set()
    rows = await session.execute(
        select(ProductVariant.product_id, func.count(col(ProductVariant.id)))
        .where(
            col(ProductVariant.product_id).in_(product_ids),
            col(ProductVariant.is_active).is_(True),
        )
        .group_by(col(ProductVariant.product_id))
    )
    return {product_id for product_id, _ in rows}
