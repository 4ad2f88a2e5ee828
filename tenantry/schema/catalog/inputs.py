"""GraphQL inputs of the catalog; each becomes a dict parsed by the resolvers' pydantic models."""

from __future__ import annotations

import strawberry
from strawberry.scalars import JSON

from tenantry.schema.catalog.types import BillingInterval, ProductStatus, ProductType


@strawberry.input
class ProductFilter:
    category: str | None = strawberry.field(
        default=strawberry.UNSET, description="A category slug; its subcategories count too."
    )
    search: str | None = strawberry.UNSET
    min_price: int | None = strawberry.UNSET
    max_price: int | None = strawberry.UNSET
    is_featured: bool | None = strawberry.UNSET
    in_stock: bool | None = strawberry.UNSET
    type: ProductType | None = strawberry.UNSET
    status: ProductStatus | None = strawberry.field(
        default=strawberry.UNSET, description="Staff only, except ACTIVE."
    )
    any_status: bool | None = strawberry.field(
        default=strawberry.UNSET, description="Staff only: products of every status."
    )


@strawberry.input
class CreateProductInput:
    name: str
    price: int
    slug: str | None = strawberry.UNSET
    description: str | None = strawberry.UNSET
    type: ProductType | None = strawberry.UNSET
    status: ProductStatus | None = strawberry.UNSET
    compare_at_price: int | None = strawberry.UNSET
    currency: str | None = strawberry.UNSET
    sku: str | None = strawberry.UNSET
    stock: int | None = strawberry.field(
        default=strawberry.UNSET, description="Null or absent: stock is not tracked."
    )
    is_featured: bool | None = strawberry.UNSET
    category_id: strawberry.ID | None = strawberry.UNSET
    billing_interval: BillingInterval | None = strawberry.UNSET
    billing_interval_count: int | None = strawberry.UNSET
    attributes: JSON | None = strawberry.UNSET


@strawberry.input(description="Only the fields given change; null clears a nullable field.")
class UpdateProductInput:
    name: str | None = strawberry.UNSET
    price: int | None = strawberry.UNSET
    slug: str | None = strawberry.UNSET
    description: str | None = strawberry.UNSET
    type: ProductType | None = strawberry.UNSET
    status: ProductStatus | None = strawberry.UNSET
    compare_at_price: int | None = strawberry.UNSET
    currency: str | None = strawberry.UNSET
    sku: str | None = strawberry.UNSET
    stock: int | None = strawberry.UNSET
    is_featured: bool | None = strawberry.UNSET
    category_id: strawberry.ID | None = strawberry.UNSET
    billing_interval: BillingInterval | None = strawberry.UNSET
    billing_interval_count: int | None = strawberry.UNSET
    attributes: JSON | None = strawberry.UNSET


@strawberry.input
class CreateProductVariantInput:
    name: str | None = strawberry.UNSET
    sku: str | None = strawberry.UNSET
    options: JSON | None = strawberry.UNSET
    price: int | None = strawberry.UNSET
    stock: int | None = strawberry.UNSET
    position: int | None = strawberry.UNSET
    is_active: bool | None = strawberry.UNSET


@strawberry.input
class UpdateProductVariantInput:
    name: str | None = strawberry.UNSET
    sku: str | None = strawberry.UNSET
    options: JSON | None = strawberry.UNSET
    price: int | None = strawberry.UNSET
    stock: int | None = strawberry.UNSET
    position: int | None = strawberry.UNSET
    is_active: bool | None = strawberry.UNSET


@strawberry.input
class ProductImageInput:
    url: str
    alt: str | None = strawberry.UNSET


@strawberry.input
class BundleItemInput:
    product_id: strawberry.ID
    variant_id: strawberry.ID | None = strawberry.UNSET
    quantity: int | None = strawberry.UNSET


@strawberry.input
class CreateProductCategoryInput:
    name: str
    slug: str | None = strawberry.UNSET
    description: str | None = strawberry.UNSET
    parent_id: strawberry.ID | None = strawberry.UNSET
    image_url: str | None = strawberry.UNSET
    position: int | None = strawberry.UNSET
    is_active: bool | None = strawberry.UNSET


@strawberry.input(description="Only the fields given change; parentId null makes it a root.")
class UpdateProductCategoryInput:
    name: str | None = strawberry.UNSET
    slug: str | None = strawberry.UNSET
    description: str | None = strawberry.UNSET
    parent_id: strawberry.ID | None = strawberry.UNSET
    image_url: str | None = strawberry.UNSET
    position: int | None = strawberry.UNSET
    is_active: bool | None = strawberry.UNSET
