from __future__ import annotations

import strawberry

from tenantry.core.inputs import parse_input
from tenantry.core.pagination import DEFAULT_PER_PAGE, PageRequest
from tenantry.resolvers import catalog
from tenantry.schema.catalog.inputs import ProductFilter
from tenantry.schema.catalog.types import (
    GQLInfo,
    Product,
    ProductBundleItem,
    ProductCategory,
    ProductPage,
    ProductSort,
    bundle_items_of,
)
from tenantry.schema.inputs import input_data
from tenantry.schema.pagination import PageInfo


def _filters(filter: ProductFilter | None, sort: catalog.ProductSort) -> catalog.ProductFilters:
    given = {k: v for k, v in input_data(filter).items() if v is not None} if filter else {}
    any_status = bool(given.pop("any_status", False))
    query = parse_input(catalog.ProductQuery, {**given, "sort": sort})
    return query.filters(any_status=any_status)


@strawberry.type
class Query:
    @strawberry.field(description="Active products (staff may ask for other statuses).")
    async def products(
        self,
        info: GQLInfo,
        filter: ProductFilter | None = None,
        sort: ProductSort = catalog.ProductSort.NEWEST,
        page: int = 1,
        per_page: int = DEFAULT_PER_PAGE,
    ) -> ProductPage:
        context = info.context
        request = PageRequest.parse(page, per_page)
        filters = _filters(filter, sort)
        found = await catalog.list_products(
            context.session, ctx=context.ctx, filters=filters, page=request
        )
        return ProductPage(
            items=[Product.from_model(product) for product in found.items],
            page_info=PageInfo.from_page(found),
        )

    @strawberry.field(description="An active product (staff see any). Unknown: NOT_FOUND.")
    async def product(self, info: GQLInfo, slug: str) -> Product | None:
        context = info.context
        found = await catalog.get_product(context.session, ctx=context.ctx, slug=slug)
        return Product.from_model(found)

    @strawberry.field(description="Every category depth-first, or the children of parentSlug.")
    async def product_categories(
        self, info: GQLInfo, parent_slug: str | None = None
    ) -> list[ProductCategory]:
        context = info.context
        found = await catalog.list_categories(
            context.session, ctx=context.ctx, parent_slug=parent_slug
        )
        return [ProductCategory.from_model(item.category) for item in found]

    @strawberry.field(description="A category by slug. Unknown: NOT_FOUND.")
    async def product_category(self, info: GQLInfo, slug: str) -> ProductCategory | None:
        context = info.context
        found = await catalog.get_category(context.session, ctx=context.ctx, slug=slug)
        return ProductCategory.from_model(found.category)

    @strawberry.field(description="Chosen related products, then others of its category.")
    async def related_products(self, info: GQLInfo, slug: str, limit: int = 4) -> list[Product]:
        context = info.context
        limit = parse_input(catalog.RelatedQuery, {"limit": limit}).limit
        product = await catalog.get_product(context.session, ctx=context.ctx, slug=slug)
        found = await catalog.list_related_products(
            context.session, ctx=context.ctx, product=product, limit=limit
        )
        return [Product.from_model(item) for item in found]

    @strawberry.field(description="A bundle's components; empty for other products.")
    async def bundle_items(self, info: GQLInfo, slug: str) -> list[ProductBundleItem]:
        context = info.context
        product = await catalog.get_product(context.session, ctx=context.ctx, slug=slug)
        return await bundle_items_of(info, product)
