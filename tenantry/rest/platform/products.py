"""Dialect A catalog: GET /products, /products/{slug}, its related products and bundle items,
/categories and /categories/{slug}."""

from __future__ import annotations

from typing import Any

from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from tenantry.core.pagination import PageRequest
from tenantry.models.catalog import Product, ProductCategory, ProductType, ProductVariant
from tenantry.money import format_price
from tenantry.resolvers import catalog
from tenantry.resolvers.catalog import CategoryWithCount, ProductRelations
from tenantry.rest.endpoint import Call, endpoint
from tenantry.rest.envelopes import json
from tenantry.rest.formats import iso, page_meta, whole_list_meta
from tenantry.rest.spec import PAGED, Param

PRODUCT_FILTERS = (
    "category",
    "search",
    "min_price",
    "max_price",
    "is_featured",
    "in_stock",
    "type",
    "status",
    "sort",
)
PARENT = Param(
    "parent",
    {"type": "string"},
    "Only the direct children of the category with this slug (empty: every category).",
)


def category_ref(category: ProductCategory | None) -> dict[str, Any] | None:
    if category is None:
        return None
    return {"id": category.id, "name": category.name, "slug": category.slug}


def variant_json(product: Product, variant: ProductVariant) -> dict[str, Any]:
    stock = catalog.variant_quantity(product, variant)
    return {
        "id": variant.id,
        "name": variant.name,
        "sku": variant.sku,
        "options": variant.options,
        "price": catalog.unit_price(product, variant),
        "stock": stock,
        "in_stock": stock is None or stock > 0,
    }


def product_json(product: Product, relations: ProductRelations) -> dict[str, Any]:
    """`stock` is what can be sold: own stock, or its variants' or bundle components' total."""
    return {
        "id": product.id,
        "name": product.name,
        "slug": product.slug,
        "description": product.description,
        "type": str(product.type),
        "status": str(product.status),
        "price": product.price,
        "compare_at_price": product.compare_at_price,
        "currency": product.currency,
        "formatted_price": format_price(product.price, product.currency),
        "sku": product.sku,
        "stock": relations.quantity(product),
        "in_stock": relations.in_stock(product),
        "is_featured": product.is_featured,
        "billing_interval": product.billing_interval,
        "billing_interval_count": product.billing_interval_count,
        "category": category_ref(relations.category(product)),
        "images": [
            {"id": image.id, "url": image.url, "alt": image.alt}
            for image in relations.images_of(product)
        ],
        "variants": [variant_json(product, v) for v in relations.variants_of(product)],
        "rating": {
            "average": relations.rating(product).average,
            "count": relations.rating(product).count,
        },
        "created_at": iso(product.created_at),
        "updated_at": iso(product.updated_at),
    }


async def products_json(call: Call, products: list[Product]) -> list[dict[str, Any]]:
    relations = await catalog.load_relations(
        call.session, products, show_inactive_variants=call.ctx.principal.is_admin
    )
    return [product_json(product, relations) for product in products]


async def bundle_items_json(call: Call, product: Product) -> list[dict[str, Any]]:
    lines = await catalog.list_bundle_items(call.session, product=product)
    components = await products_json(call, [line.product for line in lines])
    return [
        {
            "product": component,
            "variant": variant_json(line.product, line.variant) if line.variant else None,
            "quantity": line.item.quantity,
        }
        for line, component in zip(lines, components, strict=True)
    ]


def category_json(item: CategoryWithCount) -> dict[str, Any]:
    category = item.category
    return {
        "id": category.id,
        "name": category.name,
        "slug": category.slug,
        "description": category.description,
        "image_url": category.image_url,
        "parent_id": category.parent_id,
        "position": category.position,
        "product_count": item.product_count,
    }


async def list_products(call: Call) -> Response:
    """Active products, filtered and sorted; filtering by another status is for admins."""
    page = PageRequest.parse(call.query("page"), call.query("per_page"))
    given = {
        name: call.query(name) for name in PRODUCT_FILTERS if call.query(name) not in (None, "")
    }
    query = call.parse(catalog.ProductQuery, given)
    found = await catalog.list_products(
        call.session, ctx=call.ctx, filters=query.filters(), page=page
    )
    return json(
        {
            "data": await products_json(call, found.items),
            "meta": page_meta(found),
        }
    )


async def show_product(call: Call) -> Response:
    product = await catalog.get_product(call.session, ctx=call.ctx, slug=call.path("slug"))
    (data,) = await products_json(call, [product])
    if product.type == ProductType.BUNDLE:
        data["bundle_items"] = await bundle_items_json(call, product)
    return json({"data": data})


async def related_products(call: Call) -> Response:
    """Up to `limit` products related to this one."""
    given = {"limit": call.query("limit")} if call.query("limit") else {}
    limit = call.parse(catalog.RelatedQuery, given).limit
    product = await catalog.get_product(call.session, ctx=call.ctx, slug=call.path("slug"))
    related = await catalog.list_related_products(
        call.session, ctx=call.ctx, product=product, limit=limit
    )
    return json({"data": await products_json(call, related), "meta": whole_list_meta(len(related))})


async def bundle_items(call: Call) -> Response:
    """The bundle's component products, each with its variant and quantity."""
    product = await catalog.get_product(call.session, ctx=call.ctx, slug=call.path("slug"))
    return json({"data": await bundle_items_json(call, product)})


async def list_categories(call: Call) -> Response:
    found = await catalog.list_categories(
        call.session, ctx=call.ctx, parent_slug=call.query("parent") or None
    )
    return json(
        {"data": [category_json(item) for item in found], "meta": whole_list_meta(len(found))}
    )


async def show_category(call: Call) -> Response:
    """The category with its children and its breadcrumbs from the root."""
    detail = await catalog.get_category(call.session, ctx=call.ctx, slug=call.path("slug"))
    data = category_json(CategoryWithCount(detail.category, detail.product_count))
    data["children"] = [category_json(child) for child in detail.children]
    data["breadcrumbs"] = [category_ref(crumb) for crumb in detail.breadcrumbs]
    return json({"data": data})


routes: list[BaseRoute] = [
    Route(
        "/products",
        endpoint(
            list_products, query=PAGED, query_models=(catalog.ProductQuery,), public_read=True
        ),
        methods=["GET"],
    ),
    Route("/products/{slug}", endpoint(show_product, public_read=True), methods=["GET"]),
    Route(
        "/products/{slug}/related",
        endpoint(related_products, query_models=(catalog.RelatedQuery,), public_read=True),
        methods=["GET"],
    ),
    Route(
        "/products/{slug}/bundle-items", endpoint(bundle_items, public_read=True), methods=["GET"]
    ),
    Route(
        "/categories",
        endpoint(list_categories, query=(PARENT,), public_read=True),
        methods=["GET"],
    ),
    Route("/categories/{slug}", endpoint(show_category, public_read=True), methods=["GET"]),
]
