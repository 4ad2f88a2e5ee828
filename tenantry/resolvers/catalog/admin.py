"""Staff writes to products: create, update, delete, images and related products.

Each create or update records the commerce API's product event in the same transaction.
"""

from __future__ import annotations

from sqlalchemy import delete, func
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from tenantry.core.access import require_admin
from tenantry.core.context import Ctx
from tenantry.core.errors import ValidationFailed
from tenantry.models.catalog import (
    BillingInterval,
    BundleItem,
    Product,
    ProductCategory,
    ProductImage,
    ProductType,
    ProductVariant,
    RelatedProduct,
)
from tenantry.resolvers.catalog.fetch import products_by_ids
from tenantry.resolvers.catalog.inputs import ImagesIn, ProductIn, ProductUpdate, RelatedIn
from tenantry.resolvers.catalog.objects import product_object
from tenantry.resolvers.events import PRODUCT_CREATED, PRODUCT_UPDATED, record_event
from tenantry.resolvers.rows import row_by_id
from tenantry.resolvers.slugs import changed_slug, flush_unique, new_slug

NOT_SUBSCRIPTION = "The {attr} field is prohibited unless type is subscription."


async def create_product(session: AsyncSession, *, ctx: Ctx, data: ProductIn) -> Product:
    require_admin(ctx)
    await _check_category(session, data.category_id)
    slug = await new_slug(session, Product, data.slug, data.name, fallback="product")
    product = Product(
        slug=slug,
        name=data.name,
        description=data.description,
        type=data.type,
        status=data.status,
        price=data.price,
        compare_at_price=data.compare_at_price,
        currency=data.currency or ctx.tenant.currency.upper(),
        sku=data.sku or None,
        stock=data.stock,
        is_featured=data.is_featured,
        category_id=data.category_id,
        billing_interval=data.billing_interval,
        billing_interval_count=data.billing_interval_count,
        attributes=dict(data.attributes),
    )
    _check_type_fields(product, explicit=data.model_fields_set)
    session.add(product)
    await flush_unique(session)
    await _record(session, PRODUCT_CREATED, product)
    return product


async def update_product(
    session: AsyncSession, *, ctx: Ctx, product_id: int, data: ProductUpdate
) -> Product:
    require_admin(ctx)
    product = await row_by_id(session, Product, product_id, "product")
    given = data.model_fields_set
    previous_type = product.type
    if data.name is not None:
        product.name = data.name
    if data.slug and data.slug != product.slug:
        product.slug = await changed_slug(session, Product, data.slug, exclude_id=product_id)
    for name in ("description", "status", "price", "type", "currency", "is_featured"):
        value = getattr(data, name)
        if value is not None:
            setattr(product, name, value)
    if data.attributes is not None:
        product.attributes = dict(data.attributes)
    for name in ("compare_at_price", "sku", "stock", "billing_interval", "billing_interval_count"):
        if name in given:
            setattr(product, name, getattr(data, name))
    if "category_id" in given:
        await _check_category(session, data.category_id)
        product.category_id = data.category_id
    if product.type != ProductType.SUBSCRIPTION and "type" in given:
        product.billing_interval = product.billing_interval_count = None
    _check_type_fields(product, explicit=given)
    if product.type != previous_type:
        await _check_type_change(session, product, previous_type)
    await flush_unique(session)
    await _record(session, PRODUCT_UPDATED, product)
    return product


async def delete_product(session: AsyncSession, *, ctx: Ctx, product_id: int) -> None:
    """Gone with its variants, images and bundle links; orders keep their own copy of the line."""
    require_admin(ctx)
    await session.delete(await row_by_id(session, Product, product_id, "product"))
    await session.flush()


async def set_product_images(
    session: AsyncSession, *, ctx: Ctx, product_id: int, data: ImagesIn
) -> list[ProductImage]:
    """Replaces the product's images; their order is the order given."""
    require_admin(ctx)
    product = await row_by_id(session, Product, product_id, "product")
    await session.execute(
        delete(ProductImage)
        .where(col(ProductImage.product_id) == product.id)
        .execution_options(synchronize_session=False)
    )
    images = [
        ProductImage(product_id=product_id, url=image.url, alt=image.alt, position=position)
        for position, image in enumerate(data.images)
    ]
    session.add_all(images)
    await session.flush()
    return images


async def set_related_products(
    session: AsyncSession, *, ctx: Ctx, product_id: int, data: RelatedIn
) -> list[Product]:
    """Replaces the chosen related products, kept in the order given."""
    require_admin(ctx)
    product = await row_by_id(session, Product, product_id, "product")
    wanted = list(dict.fromkeys(data.product_ids))
    if product_id in wanted:
        raise ValidationFailed.single("product_ids", "A product cannot be related to itself.")
    found = await products_by_ids(session, wanted)
    if len(found) != len(wanted):
        raise ValidationFailed.single("product_ids", "The selected product ids are invalid.")
    await session.execute(
        delete(RelatedProduct)
        .where(col(RelatedProduct.product_id) == product.id)
        .execution_options(synchronize_session=False)
    )
    session.add_all(
        RelatedProduct(product_id=product_id, related_id=related_id, position=position)
        for position, related_id in enumerate(wanted)
    )
    await session.flush()
    return [found[related_id] for related_id in wanted]


def _check_type_fields(product: Product, *, explicit: set[str]) -> None:
    errors: dict[str, list[str]] = {}
    if product.type == ProductType.SUBSCRIPTION:
        if product.billing_interval is None:
            errors["billing_interval"] = [
                "The billing interval field is required when type is subscription."
            ]
        if product.billing_interval_count is None:
            product.billing_interval_count = 1
    else:
        for name in ("billing_interval", "billing_interval_count"):
            if name in explicit and getattr(product, name) is not None:
                errors[name] = [NOT_SUBSCRIPTION.format(attr=name.replace("_", " "))]
    if product.type == ProductType.BUNDLE and product.stock is not None:
        errors["stock"] = [
            "The stock field is prohibited when type is bundle: "
            "a bundle's stock follows its components."
        ]
    if errors:
        raise ValidationFailed(errors)
    if product.billing_interval is not None:
        product.billing_interval = BillingInterval(product.billing_interval)


async def _check_type_change(
    session: AsyncSession, product: Product, previous: ProductType
) -> None:
    if product.type == ProductType.BUNDLE:
        variants = await session.scalar(
            select(func.count(col(ProductVariant.id))).where(
                col(ProductVariant.product_id) == product.id
            )
        )
        if variants:
            raise ValidationFailed.single("type", "A product with variants cannot be a bundle.")
        inside = await session.scalar(
            select(BundleItem.id).where(col(BundleItem.product_id) == product.id).limit(1)
        )
        if inside is not None:
            raise ValidationFailed.single(
                "type", "A product inside a bundle cannot become a bundle."
            )
    elif previous == ProductType.BUNDLE:
        await session.execute(
            delete(BundleItem)
            .where(col(BundleItem.bundle_id) == product.id)
            .execution_options(synchronize_session=False)
        )


async def _record(session: AsyncSession, event: str, product: Product) -> None:
    assert product.id is not None
    await record_event(
        session,
        type=event,
        object_type="product",
        object_id=product.id,
        data=product_object(product),
    )


async def _check_category(session: AsyncSession, category_id: int | None) -> None:
    if category_id is None:
        return
    found = await session.scalar(
        select(ProductCategory.id).where(col(ProductCategory.id) == category_id)
    )
    if found is None:
        raise ValidationFailed.single("category_id", "The selected category id is invalid.")
