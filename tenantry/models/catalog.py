from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import CheckConstraint, Index, String, UniqueConstraint
from sqlmodel import Field

from tenantry.models.base import TenantOwned, created_at_field, enum_field, updated_at_field
from tenantry.models.types import json_type


class ProductType(StrEnum):
    SIMPLE = "simple"
    DIGITAL = "digital"
    SUBSCRIPTION = "subscription"
    BUNDLE = "bundle"


# Products whose paid orders grant download links: files bought once, or while subscribed.
DOWNLOADABLE_TYPES = frozenset({ProductType.DIGITAL.value, ProductType.SUBSCRIPTION.value})


class ProductStatus(StrEnum):
    ACTIVE = "active"
    DRAFT = "draft"
    ARCHIVED = "archived"


class BillingInterval(StrEnum):
    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    YEAR = "year"


class ProductCategory(TenantOwned, table=True):
    __tablename__ = "product_category"
    __table_args__ = (UniqueConstraint("tenant_id", "slug"),)

    id: int | None = Field(default=None, primary_key=True)
    parent_id: int | None = Field(
        default=None, foreign_key="product_category.id", ondelete="SET NULL", index=True
    )
    slug: str = Field(max_length=200)
    name: str = Field(max_length=200)
    description: str = Field(default="")
    image_url: str | None = Field(default=None, max_length=2048)
    position: int = Field(default=0)
    is_active: bool = Field(default=True)
    created_at: datetime = created_at_field()
    updated_at: datetime = updated_at_field()


class Product(TenantOwned, table=True):
    __table_args__ = (
        UniqueConstraint("tenant_id", "slug"),
        CheckConstraint("stock IS NULL OR stock >= 0", name="stock_not_negative"),
        CheckConstraint("price >= 0", name="price_not_negative"),
        Index("ix_product_listing", "tenant_id", "status", "created_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(max_length=200)
    name: str = Field(max_length=300)
    description: str = Field(default="")
    type: ProductType = enum_field(ProductType.SIMPLE)
    status: ProductStatus = enum_field(ProductStatus.ACTIVE)
    price: int = Field(default=0)
    compare_at_price: int | None = Field(default=None)
    currency: str = Field(max_length=3)
    sku: str | None = Field(default=None, max_length=100)
    # None means stock is not tracked (always available).
    stock: int | None = Field(default=None)
    is_featured: bool = Field(default=False, index=True)
    category_id: int | None = Field(
        default=None, foreign_key="product_category.id", ondelete="SET NULL", index=True
    )
    billing_interval: BillingInterval | None = Field(default=None, sa_type=String(10))
    billing_interval_count: int | None = Field(default=None)
    attributes: dict[str, Any] = Field(default_factory=dict, sa_type=json_type())
    created_at: datetime = created_at_field()
    updated_at: datetime = updated_at_field()


class ProductVariant(TenantOwned, table=True):
    __tablename__ = "product_variant"
    __table_args__ = (
        CheckConstraint("stock IS NULL OR stock >= 0", name="stock_not_negative"),
        CheckConstraint("price IS NULL OR price >= 0", name="price_not_negative"),
    )

    id: int | None = Field(default=None, primary_key=True)
    product_id: int = Field(foreign_key="product.id", ondelete="CASCADE", index=True)
    name: str = Field(default="", max_length=300)
    sku: str | None = Field(default=None, max_length=100)
    options: dict[str, Any] = Field(default_factory=dict, sa_type=json_type())
    # None means the product's price.
    price: int | None = Field(default=None)
    stock: int | None = Field(default=None)
    position: int = Field(default=0)
    is_active: bool = Field(default=True)
    created_at: datetime = created_at_field()
    updated_at: datetime = updated_at_field()


class ProductImage(TenantOwned, table=True):
    __tablename__ = "product_image"

    id: int | None = Field(default=None, primary_key=True)
    product_id: int = Field(foreign_key="product.id", ondelete="CASCADE", index=True)
    url: str = Field(max_length=2048)
    alt: str = Field(default="", max_length=300)
    position: int = Field(default=0)


class BundleItem(TenantOwned, table=True):
    __tablename__ = "bundle_item"
    __table_args__ = (
        UniqueConstraint("bundle_id", "product_id", "variant_id"),
        CheckConstraint("quantity > 0", name="quantity_positive"),
    )

    id: int | None = Field(default=None, primary_key=True)
    bundle_id: int = Field(foreign_key="product.id", ondelete="CASCADE", index=True)
    product_id: int = Field(foreign_key="product.id", ondelete="CASCADE", index=True)
    variant_id: int | None = Field(
        default=None, foreign_key="product_variant.id", ondelete="CASCADE"
    )
    quantity: int = Field(default=1)


class RelatedProduct(TenantOwned, table=True):
    __tablename__ = "related_product"
    __table_args__ = (UniqueConstraint("product_id", "related_id"),)

    id: int | None = Field(default=None, primary_key=True)
    product_id: int = Field(foreign_key="product.id", ondelete="CASCADE", index=True)
    related_id: int = Field(foreign_key="product.id", ondelete="CASCADE")
    position: int = Field(default=0)


class ProductFile(TenantOwned, table=True):
    """A downloadable file of a digital product, stored under the media root."""

    __tablename__ = "product_file"

    id: int | None = Field(default=None, primary_key=True)
    product_id: int = Field(foreign_key="product.id", ondelete="CASCADE", index=True)
    filename: str = Field(max_length=300)
    storage_path: str = Field(max_length=1024)
    content_type: str = Field(default="application/octet-stream", max_length=200)
    size: int = Field(default=0)
    created_at: datetime = created_at_field()
