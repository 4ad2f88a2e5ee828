"""Catalog writes, for owner/admin staff or a secret API key."""

from __future__ import annotations

from typing import Any

import strawberry

from tenantry.core.ids import parse_id
from tenantry.core.inputs import parse_input
from tenantry.resolvers import catalog
from tenantry.schema.catalog import loaders
from tenantry.schema.catalog.inputs import (
    BundleItemInput,
    CreateProductCategoryInput,
    CreateProductInput,
    CreateProductVariantInput,
    ProductImageInput,
    UpdateProductCategoryInput,
    UpdateProductInput,
    UpdateProductVariantInput,
)
from tenantry.schema.catalog.types import GQLInfo, Product, ProductCategory, ProductVariant
from tenantry.schema.inputs import input_data


def _given(value: object) -> dict[str, Any]:
    """A create input's fields, nulls dropped so that defaults apply."""
    return {k: v for k, v in input_data(value).items() if v is not None}


async def _product(info: GQLInfo, product_id: int) -> Product:
    context = info.context
    loaders.forget(context)
    product = await catalog.get_product_by_id(
        context.session, ctx=context.ctx, product_id=product_id
    )
    return Product.from_model(product)


@strawberry.type
class Mutation:
    @strawberry.mutation
    async def create_product(self, info: GQLInfo, input: CreateProductInput) -> Product:
        context = info.context
        data = parse_input(catalog.ProductIn, _given(input))
        product = await catalog.create_product(context.session, ctx=context.ctx, data=data)
        loaders.forget(context)
        return Product.from_model(product)

    @strawberry.mutation
    async def update_product(
        self, info: GQLInfo, id: strawberry.ID, input: UpdateProductInput
    ) -> Product:
        context = info.context
        data = parse_input(catalog.ProductUpdate, input_data(input))
        product = await catalog.update_product(
            context.session, ctx=context.ctx, product_id=parse_id(id, "product"), data=data
        )
        loaders.forget(context)
        return Product.from_model(product)

    @strawberry.mutation(description="Also removes its variants, images and bundle links.")
    async def delete_product(self, info: GQLInfo, id: strawberry.ID) -> bool:
        context = info.context
        await catalog.delete_product(
            context.session, ctx=context.ctx, product_id=parse_id(id, "product")
        )
        loaders.forget(context)
        return True

    @strawberry.mutation
    async def create_product_variant(
        self, info: GQLInfo, product_id: strawberry.ID, input: CreateProductVariantInput
    ) -> ProductVariant:
        context = info.context
        data = parse_input(catalog.VariantIn, _given(input))
        product_row = parse_id(product_id, "product")
        variant = await catalog.create_variant(
            context.session, ctx=context.ctx, product_id=product_row, data=data
        )
        product = await catalog.get_product_by_id(
            context.session, ctx=context.ctx, product_id=product_row
        )
        loaders.forget(context)
        return ProductVariant.from_model(product, variant)

    @strawberry.mutation
    async def update_product_variant(
        self, info: GQLInfo, id: strawberry.ID, input: UpdateProductVariantInput
    ) -> ProductVariant:
        context = info.context
        data = parse_input(catalog.VariantUpdate, input_data(input))
        variant = await catalog.update_variant(
            context.session, ctx=context.ctx, variant_id=parse_id(id, "variant"), data=data
        )
        product = await catalog.get_product_by_id(
            context.session, ctx=context.ctx, product_id=variant.product_id
        )
        loaders.forget(context)
        return ProductVariant.from_model(product, variant)

    @strawberry.mutation
    async def delete_product_variant(self, info: GQLInfo, id: strawberry.ID) -> bool:
        context = info.context
        await catalog.delete_variant(
            context.session, ctx=context.ctx, variant_id=parse_id(id, "variant")
        )
        loaders.forget(context)
        return True

    @strawberry.mutation(description="Replaces the product's images, in the order given.")
    async def set_product_images(
        self, info: GQLInfo, product_id: strawberry.ID, images: list[ProductImageInput]
    ) -> Product:
        context = info.context
        data = parse_input(catalog.ImagesIn, {"images": [_given(image) for image in images]})
        product_row = parse_id(product_id, "product")
        await catalog.set_product_images(
            context.session, ctx=context.ctx, product_id=product_row, data=data
        )
        return await _product(info, product_row)

    @strawberry.mutation(description="Replaces a bundle's components.")
    async def set_bundle_items(
        self, info: GQLInfo, bundle_id: strawberry.ID, items: list[BundleItemInput]
    ) -> Product:
        context = info.context
        data = parse_input(catalog.BundleItemsIn, {"items": [_given(item) for item in items]})
        bundle_row = parse_id(bundle_id, "product")
        await catalog.set_bundle_items(
            context.session, ctx=context.ctx, bundle_id=bundle_row, data=data
        )
        return await _product(info, bundle_row)

    @strawberry.mutation(description="Replaces the chosen related products, in the order given.")
    async def set_related_products(
        self, info: GQLInfo, product_id: strawberry.ID, related_ids: list[strawberry.ID]
    ) -> Product:
        context = info.context
        data = parse_input(catalog.RelatedIn, {"product_ids": list(related_ids)})
        product_row = parse_id(product_id, "product")
        await catalog.set_related_products(
            context.session, ctx=context.ctx, product_id=product_row, data=data
        )
        return await _product(info, product_row)

    @strawberry.mutation
    async def create_product_category(
        self, info: GQLInfo, input: CreateProductCategoryInput
    ) -> ProductCategory:
        context = info.context
        data = parse_input(catalog.CategoryIn, _given(input))
        category = await catalog.create_category(context.session, ctx=context.ctx, data=data)
        loaders.forget(context)
        return ProductCategory.from_model(category)

    @strawberry.mutation
    async def update_product_category(
        self, info: GQLInfo, id: strawberry.ID, input: UpdateProductCategoryInput
    ) -> ProductCategory:
        context = info.context
        data = parse_input(catalog.CategoryUpdate, input_data(input))
        category = await catalog.update_category(
            context.session, ctx=context.ctx, category_id=parse_id(id, "category"), data=data
        )
        loaders.forget(context)
        return ProductCategory.from_model(category)

    @strawberry.mutation(description="Its subcategories move up; its products keep none.")
    async def delete_product_category(self, info: GQLInfo, id: strawberry.ID) -> bool:
        context = info.context
        await catalog.delete_category(
            context.session, ctx=context.ctx, category_id=parse_id(id, "category")
        )
        loaders.forget(context)
        return True
