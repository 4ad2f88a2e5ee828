"""GraphQL catalog queries: products, product, categories, related products, bundle items."""

from __future__ import annotations

import httpx

from tenantry.models.catalog import ProductStatus
from tenantry.serving.services import Services
from tests.conftest import Factory
from tests.resolvers.catalog.support import CatalogWriter
from tests.schema.catalog.support import PRODUCT, PRODUCT_LIST
from tests.support import error_codes, graphql


async def test_product_list(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant(currency="KRW")
    writer = CatalogWriter(services, tenant)
    mugs = await writer.category("Mugs")
    mug = await writer.reload(
        await writer.product("Mug", 15000, category=mugs, sku="MUG", is_featured=True)
    )
    await writer.images(mug, "https://img.example/1.png")
    blue = await writer.variant(mug, "Blue", options={"color": "blue"}, stock=2)
    await writer.reviews(mug, 3)

    # when
    body = await graphql(client, PRODUCT_LIST, {"perPage": 5}, tenant=tenant.slug)

    # then
    assert "errors" not in body, body
    page = body["data"]["products"]
    [item] = page["items"]
    image_id = item["images"][0]["id"]
    assert item == {
        "id": str(mug.id),
        "slug": "mug",
        "name": "Mug",
        "description": "",
        "type": "SIMPLE",
        "status": "ACTIVE",
        "price": 15000,
        "compareAtPrice": None,
        "currency": "KRW",
        "formattedPrice": "₩15,000",
        "sku": "MUG",
        "stock": None,
        "inStock": True,
        "availableQuantity": 2,
        "isFeatured": True,
        "billingInterval": None,
        "billingIntervalCount": None,
        "createdAt": mug.created_at.isoformat(),
        "updatedAt": mug.updated_at.isoformat(),
        "category": {"id": str(mugs.id), "slug": "mugs", "name": "Mugs"},
        "images": [
            {
                "id": image_id,
                "url": "https://img.example/1.png",
                "alt": "https://img.example/1.png",
                "position": 0,
            }
        ],
        "variants": [
            {
                "id": str(blue.id),
                "name": "Blue",
                "sku": None,
                "options": {"color": "blue"},
                "price": 15000,
                "ownPrice": None,
                "stock": 2,
                "availableQuantity": 2,
                "inStock": True,
                "position": 0,
                "isActive": True,
            }
        ],
        "rating": {"average": 3.0, "count": 1},
    }
    assert page["pageInfo"] == {
        "page": 1,
        "perPage": 5,
        "total": 1,
        "lastPage": 1,
        "hasNextPage": False,
    }


async def test_product_list_filters(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    writer = CatalogWriter(services, tenant)
    shoes = await writer.category("Shoes")
    running = await writer.category("Running", shoes)
    await writer.product("Racer", 9000, category=running, stock=0)
    await writer.product("Loafer", 5000, category=shoes)
    await writer.product("Cap", 100)

    body = await graphql(
        client,
        PRODUCT_LIST,
        {"filter": {"category": "shoes", "inStock": True, "minPrice": 1000}, "sort": "PRICE_ASC"},
        tenant=tenant.slug,
    )

    assert [p["slug"] for p in body["data"]["products"]["items"]] == ["loafer"]


async def test_a_bad_filter_is_bad_user_input(client: httpx.AsyncClient, factory: Factory) -> None:
    tenant = await factory.tenant()

    body = await graphql(client, PRODUCT_LIST, {"filter": {"minPrice": -1}}, tenant=tenant.slug)

    [error] = body["errors"]
    assert error["extensions"] == {
        "code": "BAD_USER_INPUT",
        "reason": "parameter_invalid",
        "fields": {"min_price": ["The min price field must be at least 0."]},
    }


async def test_drafts_need_staff(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    await CatalogWriter(services, tenant).product("Draft", status=ProductStatus.DRAFT)
    variables = {"filter": {"status": "DRAFT"}}

    public = await graphql(client, PRODUCT_LIST, variables, tenant=tenant.slug)
    staff = await graphql(client, PRODUCT_LIST, variables, bearer=tenant.secret_key)

    assert error_codes(public) == ["UNAUTHENTICATED"]
    assert [p["slug"] for p in staff["data"]["products"]["items"]] == ["draft"]


async def test_unknown_product_is_not_found(client: httpx.AsyncClient, factory: Factory) -> None:
    tenant = await factory.tenant()

    body = await graphql(client, PRODUCT, {"slug": "nope"}, tenant=tenant.slug)

    assert body["data"] == {"product": None}
    assert error_codes(body) == ["NOT_FOUND"]
    assert body["errors"][0]["message"] == "Product not found."


async def test_another_tenants_product_is_not_found(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    theirs = await factory.tenant()
    await CatalogWriter(services, theirs).product("Theirs")
    mine = await factory.tenant()

    detail = await graphql(client, PRODUCT, {"slug": "theirs"}, tenant=mine.slug)
    listing = await graphql(client, PRODUCT_LIST, {}, tenant=mine.slug)

    assert error_codes(detail) == ["NOT_FOUND"]
    assert listing["data"]["products"]["items"] == []


async def test_a_bundle_shows_components_and_follows_their_stock(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    writer = CatalogWriter(services, tenant)
    mug = await writer.product("Mug", stock=7)
    shirt = await writer.product("Shirt")
    medium = await writer.variant(shirt, "M", stock=9)
    await writer.bundle("Set", [(mug, 2), (shirt, medium, 3)])

    body = await graphql(client, PRODUCT, {"slug": "set"}, tenant=tenant.slug)

    product = body["data"]["product"]
    assert (product["availableQuantity"], product["inStock"]) == (3, True)
    assert product["bundleItems"] == [
        {"quantity": 2, "product": {"slug": "mug", "availableQuantity": 7}, "variant": None},
        {
            "quantity": 3,
            "product": {"slug": "shirt", "availableQuantity": 9},
            "variant": {"name": "M"},
        },
    ]


CATEGORIES = """
query Categories($parent: String) {
  productCategories(parentSlug: $parent) { slug productCount parent { slug } }
}
"""

CATEGORY = """
query Category($slug: String!) {
  productCategory(slug: $slug) {
    slug productCount children { slug productCount } breadcrumbs { slug name }
  }
}
"""


async def test_categories(client: httpx.AsyncClient, factory: Factory, services: Services) -> None:
    tenant = await factory.tenant()
    writer = CatalogWriter(services, tenant)
    shoes = await writer.category("Shoes")
    running = await writer.category("Running", shoes)
    await writer.product("Racer", category=running)

    every = await graphql(client, CATEGORIES, {}, tenant=tenant.slug)
    children = await graphql(client, CATEGORIES, {"parent": "shoes"}, tenant=tenant.slug)

    assert every["data"]["productCategories"] == [
        {"slug": "shoes", "productCount": 1, "parent": None},
        {"slug": "running", "productCount": 1, "parent": {"slug": "shoes"}},
    ]
    assert [c["slug"] for c in children["data"]["productCategories"]] == ["running"]


async def test_category_detail(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    writer = CatalogWriter(services, tenant)
    shoes = await writer.category("Shoes")
    running = await writer.category("Running", shoes)
    await writer.category("Trail", running)

    body = await graphql(client, CATEGORY, {"slug": "running"}, tenant=tenant.slug)

    assert body["data"]["productCategory"] == {
        "slug": "running",
        "productCount": 0,
        "children": [{"slug": "trail", "productCount": 0}],
        "breadcrumbs": [{"slug": "shoes", "name": "Shoes"}, {"slug": "running", "name": "Running"}],
    }


async def test_unknown_category_is_not_found(client: httpx.AsyncClient, factory: Factory) -> None:
    tenant = await factory.tenant()

    body = await graphql(client, CATEGORY, {"slug": "nope"}, tenant=tenant.slug)

    assert error_codes(body) == ["NOT_FOUND"]


RELATED = """
query Related($slug: String!, $limit: Int) {
  relatedProducts(slug: $slug, limit: $limit) { slug }
}
"""

BUNDLE_ITEMS = """
query Items($slug: String!) { bundleItems(slug: $slug) { quantity product { slug } } }
"""


async def test_related_products(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    writer = CatalogWriter(services, tenant)
    mugs = await writer.category("Mugs")
    main = await writer.product("Main", category=mugs)
    await writer.product("Sibling", category=mugs)
    picked = await writer.product("Picked")
    await writer.related(main, picked)

    body = await graphql(client, RELATED, {"slug": "main"}, tenant=tenant.slug)
    limited = await graphql(client, RELATED, {"slug": "main", "limit": 21}, tenant=tenant.slug)

    assert body["data"]["relatedProducts"] == [{"slug": "picked"}, {"slug": "sibling"}]
    assert error_codes(limited) == ["BAD_USER_INPUT"]


async def test_bundle_items_query(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    writer = CatalogWriter(services, tenant)
    mug = await writer.product("Mug")
    await writer.bundle("Set", [(mug, 2)])

    body = await graphql(client, BUNDLE_ITEMS, {"slug": "set"}, tenant=tenant.slug)
    unknown = await graphql(client, BUNDLE_ITEMS, {"slug": "nope"}, tenant=tenant.slug)

    assert body["data"]["bundleItems"] == [{"quantity": 2, "product": {"slug": "mug"}}]
    assert error_codes(unknown) == ["NOT_FOUND"]
