"""What catalog writes and lists accept; parsed the same way from REST and GraphQL."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from pydantic import Field, field_validator

from tenantry.core.inputs import Input, RowId
from tenantry.models.catalog import BillingInterval, ProductStatus, ProductType

MAX_PRICE = 2**31 - 1  # minor units; GraphQL Int is 32-bit
MAX_STOCK = 10**9
MAX_DESCRIPTION = 100_000
MAX_IMAGES = 50
MAX_BUNDLE_ITEMS = 50
MAX_RELATED = 50
MAX_OPTIONS = 20


def _price() -> Any:
    return Field(default=None, ge=0, le=MAX_PRICE)


def _stock() -> Any:
    return Field(default=None, ge=0, le=MAX_STOCK)


def _currency(value: str | None) -> str | None:
    if value is None:
        return None
    if len(value) != 3 or not value.isascii() or not value.isalpha():
        raise ValueError("must be a 3-letter ISO currency code")
    return value.upper()


def _url(value: str) -> str:
    if not value.startswith(("http://", "https://", "/")):
        raise ValueError("must be a valid URL")
    return value


def _optional_url(value: str | None) -> str | None:
    return _url(value) if value else None


def _options(value: dict[str, Any] | None) -> dict[str, Any] | None:
    if value is None:
        return None
    if len(value) > MAX_OPTIONS:
        raise ValueError(f"must not have more than {MAX_OPTIONS} options")
    for key, option in value.items():
        if not key or len(key) > 100:
            raise ValueError("must have option names of 1 to 100 characters")
        if not isinstance(option, str | int | float | bool) or len(str(option)) > 200:
            raise ValueError("must have option values of at most 200 characters")
    return value


class ProductIn(Input):
    name: str = Field(min_length=1, max_length=300)
    price: int = Field(ge=0, le=MAX_PRICE)
    slug: str | None = Field(default=None, max_length=200)
    description: str = Field(default="", max_length=MAX_DESCRIPTION)
    type: ProductType = ProductType.SIMPLE
    status: ProductStatus = ProductStatus.ACTIVE
    compare_at_price: int | None = _price()
    currency: str | None = None
    sku: str | None = Field(default=None, max_length=100)
    stock: int | None = _stock()
    is_featured: bool = False
    category_id: RowId | None = None
    billing_interval: BillingInterval | None = None
    billing_interval_count: int | None = Field(default=None, ge=1, le=365)
    attributes: dict[str, Any] = Field(default_factory=dict)

    _check_currency = field_validator("currency")(_currency)


class ProductUpdate(Input):
    """Only the fields present change; null clears a nullable one (stock null: untracked)."""

    name: str | None = Field(default=None, min_length=1, max_length=300)
    price: int | None = _price()
    slug: str | None = Field(default=None, max_length=200)
    description: str | None = Field(default=None, max_length=MAX_DESCRIPTION)
    type: ProductType | None = None
    status: ProductStatus | None = None
    compare_at_price: int | None = _price()
    currency: str | None = None
    sku: str | None = Field(default=None, max_length=100)
    stock: int | None = _stock()
    is_featured: bool | None = None
    category_id: RowId | None = None
    billing_interval: BillingInterval | None = None
    billing_interval_count: int | None = Field(default=None, ge=1, le=365)
    attributes: dict[str, Any] | None = None

    _check_currency = field_validator("currency")(_currency)


class VariantIn(Input):
    name: str = Field(default="", max_length=300)
    sku: str | None = Field(default=None, max_length=100)
    options: dict[str, Any] = Field(default_factory=dict)
    price: int | None = _price()
    stock: int | None = _stock()
    position: int = Field(default=0, ge=-1_000_000, le=1_000_000)
    is_active: bool = True

    _check_options = field_validator("options")(_options)


class VariantUpdate(Input):
    name: str | None = Field(default=None, max_length=300)
    sku: str | None = Field(default=None, max_length=100)
    options: dict[str, Any] | None = None
    price: int | None = _price()
    stock: int | None = _stock()
    position: int | None = Field(default=None, ge=-1_000_000, le=1_000_000)
    is_active: bool | None = None

    _check_options = field_validator("options")(_options)


class ImageIn(Input):
    url: str = Field(min_length=1, max_length=2048)
    alt: str = Field(default="", max_length=300)

    _check_url = field_validator("url")(_url)


class ImagesIn(Input):
    images: list[ImageIn] = Field(max_length=MAX_IMAGES)


class BundleItemIn(Input):
    product_id: RowId
    variant_id: RowId | None = None
    quantity: int = Field(default=1, ge=1, le=1000)


class BundleItemsIn(Input):
    items: list[BundleItemIn] = Field(max_length=MAX_BUNDLE_ITEMS)


class RelatedIn(Input):
    product_ids: list[RowId] = Field(max_length=MAX_RELATED)


class CategoryIn(Input):
    name: str = Field(min_length=1, max_length=200)
    slug: str | None = Field(default=None, max_length=200)
    description: str = Field(default="", max_length=5000)
    parent_id: RowId | None = None
    image_url: str | None = Field(default=None, max_length=2048)
    position: int = Field(default=0, ge=-1_000_000, le=1_000_000)
    is_active: bool = True

    _check_image = field_validator("image_url")(_optional_url)


class CategoryUpdate(Input):
    name: str | None = Field(default=None, min_length=1, max_length=200)
    slug: str | None = Field(default=None, max_length=200)
    description: str | None = Field(default=None, max_length=5000)
    parent_id: RowId | None = None
    image_url: str | None = Field(default=None, max_length=2048)
    position: int | None = Field(default=None, ge=-1_000_000, le=1_000_000)
    is_active: bool | None = None

    _check_image = field_validator("image_url")(_optional_url)


class RelatedQuery(Input):
    limit: int = Field(default=4, ge=1, le=20)


class ProductSort(StrEnum):
    NEWEST = "newest"
    PRICE_ASC = "price_asc"
    PRICE_DESC = "price_desc"
    NAME = "name"
    POPULAR = "popular"  # featured first, then newest


class ProductQuery(Input):
    """List filters as the REST query string sends them; `false` flags mean "no filter"."""

    category: str | None = Field(default=None, max_length=200)
    search: str | None = Field(default=None, max_length=200)
    min_price: int | None = Field(default=None, ge=0, le=MAX_PRICE)
    max_price: int | None = Field(default=None, ge=0, le=MAX_PRICE)
    is_featured: bool = False
    in_stock: bool = False
    type: ProductType | None = None
    status: ProductStatus | None = None
    sort: ProductSort = ProductSort.NEWEST

    def filters(self, *, any_status: bool = False) -> ProductFilters:
        return ProductFilters(
            category=self.category or None,
            search=self.search or None,
            min_price=self.min_price,
            max_price=self.max_price,
            is_featured=self.is_featured,
            in_stock=self.in_stock,
            type=self.type,
            status=self.status,
            any_status=any_status,
            sort=self.sort,
        )


@dataclass(frozen=True)
class ProductFilters:
    category: str | None = None  # category slug; its descendants count too
    search: str | None = None
    min_price: int | None = None
    max_price: int | None = None
    is_featured: bool = False
    in_stock: bool = False
    type: ProductType | None = None
    status: ProductStatus | None = None  # admins only, unless active
    any_status: bool = False  # admins only: every status
    sort: ProductSort = ProductSort.NEWEST
