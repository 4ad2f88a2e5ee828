"""Staff writes to product variants: options, own price, SKU and stock."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from tenantry.core.access import require_admin
from tenantry.core.context import Ctx
from tenantry.core.errors import NotFound, ValidationFailed
from tenantry.models.catalog import Product, ProductType, ProductVariant
from tenantry.resolvers.catalog.inputs import VariantIn, VariantUpdate


async def create_variant(
    session: AsyncSession, *, ctx: Ctx, product_id: int, data: VariantIn
) -> ProductVariant:
    require_admin(ctx)
    product = await session.scalar(select(Product).where(col(Product.id) == product_id))
    if product is None:
        raise NotFound("product")
    if product.type == ProductType.BUNDLE:
        raise ValidationFailed.single(
            "product_id", "A bundle has no variants: its components may have them."
        )
    variant = ProductVariant(
        product_id=product_id,
        name=data.name,
        sku=data.sku or None,
        options=dict(data.options),
        price=data.price,
        stock=data.stock,
        position=data.position,
        is_active=data.is_active,
    )
    session.add(variant)
    await session.flush()
    return variant


async def update_variant(
    session: AsyncSession, *, ctx: Ctx, variant_id: int, data: VariantUpdate
) -> ProductVariant:
    """Only the fields present change; price null falls back to the product's price."""
    require_admin(ctx)
    variant = await _variant(session, variant_id)
    given = data.model_fields_set
    for name in ("name", "position", "is_active"):
        value = getattr(data, name)
        if value is not None:
            setattr(variant, name, value)
    if data.options is not None:
        variant.options = dict(data.options)
    for name in ("sku", "price", "stock"):
        if name in given:
            setattr(variant, name, getattr(data, name))
    await session.flush()
    return variant


async def delete_variant(session: AsyncSession, *, ctx: Ctx, variant_id: int) -> None:
    require_admin(ctx)
    await session.delete(await _variant(session, variant_id))
    await session.flush()


async def _variant(session: AsyncSession, variant_id: int) -> ProductVariant:
    variant = await session.scalar(
        select(ProductVariant).where(col(ProductVariant.id) == variant_id)
    )
    if variant is None:
        raise NotFound("variant")
    return variant
