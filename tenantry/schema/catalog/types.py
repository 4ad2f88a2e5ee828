"""Catalog object types. Relations resolve through the operation's loaders, never per row."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import strawberry
from strawberry.scalars import JSON
from strawberry.types import Info

from tenantry.models import catalog as rows
from tenantry.money import format_price
from tenantry.resolvers import catalog
from tenantry.resolvers.catalog import CategoryTree
from tenantry.schema.catalog import loaders
from tenantry.schema.context import GraphQLContext
from tenantry.schema.ids import graphql_id
from tenantry.schema.pagination import PageInfo

# Registered in place: the Python enum itself is the GraphQL enum, so fields annotate with it.
strawberry.enum(rows.ProductType, name="ProductType")
ProductType = rows.ProductType
strawberry.enum(rows.ProductStatus, name="ProductStatus")
ProductStatus = rows.ProductStatus
strawberry.enum(rows.BillingInterval, name="BillingInterval")
BillingInterval = rows.BillingInterval
strawberry.enum(catalog.ProductSort, name="ProductSort")
ProductSort = catalog.ProductSort

GQLInfo = Info[GraphQLContext, None]


async def _tree(info: GQLInfo) -> CategoryTree:
    tree = await loaders.category_tree(info.context).load(loaders.TREE)
    assert tree is not None
    return tree


@strawberry.type
class ProductRating:
    average: float = strawberry.field(description="Mean of visible reviews; 0 without any.")
    count: int


@strawberry.type
class ProductImage:
    id: strawberry.ID
    url: str
    alt: str
    position: int

    @classmethod
    def from_model(cls, image: rows.ProductImage) -> ProductImage:
        return cls(id=graphql_id(image.id), url=image.url, alt=image.alt, position=image.position)


@strawberry.type
class ProductVariant:
    id: strawberry.ID
    name: str
    sku: str | None
    options: JSON
    price: int = strawberry.field(description="The variant's own price, else the product's.")
    own_price: int | None = strawberry.field(description="Null: the product's price applies.")
    stock: int | None = strawberry.field(description="Own stock; null draws on the product's.")
    available_quantity: int | None = strawberry.field(description="Null: not tracked.")
    in_stock: bool
    position: int
    is_active: bool

    @classmethod
    def from_model(cls, product: rows.Product, variant: rows.ProductVariant) -> ProductVariant:
        quantity = catalog.variant_quantity(product, variant)
        options: Any = variant.options
        return cls(
            id=graphql_id(variant.id),
            name=variant.name,
            sku=variant.sku,
            options=options,
            price=catalog.unit_price(product, variant),
            own_price=variant.price,
            stock=variant.stock,
            available_quantity=quantity,
            in_stock=quantity is None or quantity > 0,
            position=variant.position,
            is_active=variant.is_active,
        )


@strawberry.type
class ProductCategoryRef:
    id: strawberry.ID
    slug: str
    name: str


@strawberry.type
class ProductCategory:
    id: strawberry.ID
    slug: str
    name: str
    description: str
    image_url: str | None
    position: int
    is_active: bool
    parent_id: strawberry.ID | None
    row_id: strawberry.Private[int]

    @classmethod
    def from_model(cls, category: rows.ProductCategory) -> ProductCategory:
        assert category.id is not None
        return cls(
            id=graphql_id(category.id),
            slug=category.slug,
            name=category.name,
            description=category.description,
            image_url=category.image_url,
            position=category.position,
            is_active=category.is_active,
            parent_id=graphql_id(category.parent_id) if category.parent_id is not None else None,
            row_id=category.id,
        )

    @strawberry.field(description="Active products in this category and below it.")
    async def product_count(self, info: GQLInfo) -> int:
        return (await _tree(info)).product_count(self.row_id)

    @strawberry.field
    async def children(self, info: GQLInfo) -> list[ProductCategory]:
        tree = await _tree(info)
        return [ProductCategory.from_model(child) for child in tree.children(self.row_id)]

    @strawberry.field
    async def parent(self, info: GQLInfo) -> ProductCategory | None:
        tree = await _tree(info)
        me = tree.by_id.get(self.row_id)
        parent = tree.by_id.get(me.parent_id) if me and me.parent_id else None
        return ProductCategory.from_model(parent) if parent else None

    @strawberry.field(description="From the root down to this category.")
    async def breadcrumbs(self, info: GQLInfo) -> list[ProductCategoryRef]:
        tree = await _tree(info)
        me = tree.by_id.get(self.row_id)
        path = tree.ancestors(me) if me else []
        return [ProductCategoryRef(id=graphql_id(c.id), slug=c.slug, name=c.name) for c in path]


@strawberry.type
class ProductBundleItem:
    quantity: int
    product_id: strawberry.Private[int]
    variant_id: strawberry.Private[int | None]

    @strawberry.field
    async def product(self, info: GQLInfo) -> Product | None:
        found = await loaders.product_by_id(info.context).load(self.product_id)
        return Product.from_model(found) if found else None

    @strawberry.field
    async def variant(self, info: GQLInfo) -> ProductVariant | None:
        if self.variant_id is None:
            return None
        product = await loaders.product_by_id(info.context).load(self.product_id)
        variant = await loaders.variant_by_id(info.context).load(self.variant_id)
        return ProductVariant.from_model(product, variant) if product and variant else None


@strawberry.type
class Product:
    id: strawberry.ID
    slug: str
    name: str
    description: str
    type: ProductType
    status: ProductStatus
    price: int = strawberry.field(description="Minor units of currency.")
    compare_at_price: int | None
    currency: str
    formatted_price: str
    sku: str | None
    stock: int | None = strawberry.field(description="The product's own stock; null: untracked.")
    is_featured: bool
    billing_interval: BillingInterval | None
    billing_interval_count: int | None
    created_at: datetime
    updated_at: datetime
    model: strawberry.Private[rows.Product]

    @classmethod
    def from_model(cls, product: rows.Product) -> Product:
        return cls(
            id=graphql_id(product.id),
            slug=product.slug,
            name=product.name,
            description=product.description,
            type=rows.ProductType(product.type),
            status=rows.ProductStatus(product.status),
            price=product.price,
            compare_at_price=product.compare_at_price,
            currency=product.currency,
            formatted_price=format_price(product.price, product.currency),
            sku=product.sku,
            stock=product.stock,
            is_featured=product.is_featured,
            billing_interval=(
                rows.BillingInterval(product.billing_interval) if product.billing_interval else None
            ),
            billing_interval_count=product.billing_interval_count,
            created_at=product.created_at,
            updated_at=product.updated_at,
            model=product,
        )

    @property
    def row_id(self) -> int:
        assert self.model.id is not None
        return self.model.id

    async def _variants(self, info: GQLInfo) -> list[rows.ProductVariant]:
        return await loaders.variants_by_product_id(info.context).load(self.row_id)

    @strawberry.field(description="What can be sold now: own, variants' or components' stock.")
    async def available_quantity(self, info: GQLInfo) -> int | None:
        if self.model.type == rows.ProductType.BUNDLE:
            return await loaders.bundle_quantity_by_id(info.context).load(self.row_id)
        return catalog.product_quantity(self.model, await self._variants(info))

    @strawberry.field
    async def in_stock(self, info: GQLInfo) -> bool:
        quantity = await self.available_quantity(info)
        return quantity is None or quantity > 0

    @strawberry.field
    async def category(self, info: GQLInfo) -> ProductCategory | None:
        if self.model.category_id is None:
            return None
        found = await loaders.category_by_id(info.context).load(self.model.category_id)
        return ProductCategory.from_model(found) if found else None

    @strawberry.field
    async def images(self, info: GQLInfo) -> list[ProductImage]:
        found = await loaders.images_by_product_id(info.context).load(self.row_id)
        return [ProductImage.from_model(image) for image in found]

    @strawberry.field(description="Active variants; staff also see inactive ones.")
    async def variants(self, info: GQLInfo) -> list[ProductVariant]:
        show_all = info.context.ctx.principal.is_admin
        return [
            ProductVariant.from_model(self.model, variant)
            for variant in await self._variants(info)
            if show_all or variant.is_active
        ]

    @strawberry.field
    async def rating(self, info: GQLInfo) -> ProductRating:
        found = await loaders.rating_by_product_id(info.context).load(self.row_id)
        return ProductRating(average=found.average, count=found.count)

    @strawberry.field(description="A bundle's components; empty for other types.")
    async def bundle_items(self, info: GQLInfo) -> list[ProductBundleItem]:
        return await bundle_items_of(info, self.model)


async def bundle_items_of(info: GQLInfo, product: rows.Product) -> list[ProductBundleItem]:
    if product.type != rows.ProductType.BUNDLE or product.id is None:
        return []
    found = await loaders.bundle_items_by_bundle_id(info.context).load(product.id)
    return [
        ProductBundleItem(
            quantity=item.quantity, product_id=item.product_id, variant_id=item.variant_id
        )
        for item in found
    ]


@strawberry.type
class ProductPage:
    items: list[Product]
    page_info: PageInfo
