"""Dialect A: query strings of GET /products, related products and bundle items."""

from __future__ import annotations

import httpx

from tenantry.models.catalog import ProductStatus, ProductType
from tenantry.serving.services import Services
from tests.conftest import Factory, TenantFixture
from tests.resolvers.catalog.support import CatalogWriter


async def listed(client: httpx.AsyncClient, tenant: TenantFixture, **params: str) -> list[str]:
    response = await client.get(f"/api/{tenant.slug}/products", params=params)
    assert response.status_code == 200, response.text
    return [product["slug"] for product in response.json()["data"]]


async def test_each_filter_from_the_query_string(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    writer = CatalogWriter(services, tenant)
    shoes = await writer.category("Shoes")
    running = await writer.category("Running", shoes)
    await writer.product("Loafer", 5000, category=shoes, stock=0)
    await writer.product("Racer", 9000, category=running, is_featured=True)
    await writer.product("Ebook", 100, type=ProductType.DIGITAL, description="About racing")

    # when / then
    assert sorted(await listed(client, tenant, category="shoes")) == ["loafer", "racer"]
    assert await listed(client, tenant, min_price="1000", max_price="6000") == ["loafer"]
    assert await listed(client, tenant, is_featured="true") == ["racer"]
    assert await listed(client, tenant, is_featured="1") == ["racer"]
    assert sorted(await listed(client, tenant, in_stock="true")) == ["ebook", "racer"]
    assert await listed(client, tenant, type="digital") == ["ebook"]
    assert sorted(await listed(client, tenant, search="RAC")) == ["ebook", "racer"]
    assert await listed(client, tenant, sort="price_asc") == ["ebook", "loafer", "racer"]


async def test_false_flags_do_not_filter(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    writer = CatalogWriter(services, tenant)
    await writer.product("Plain", stock=0)

    assert await listed(client, tenant, is_featured="false", in_stock="0") == ["plain"]


async def test_pages(client: httpx.AsyncClient, factory: Factory, services: Services) -> None:
    tenant = await factory.tenant()
    writer = CatalogWriter(services, tenant)
    for name in "abc":
        await writer.product(name)

    response = await client.get(
        f"/api/{tenant.slug}/products", params={"per_page": "2", "page": "2", "sort": "name"}
    )

    body = response.json()
    assert [p["slug"] for p in body["data"]] == ["c"]
    assert body["meta"] == {"current_page": 2, "last_page": 2, "per_page": 2, "total": 3}


async def test_an_unknown_sort_is_422(client: httpx.AsyncClient, factory: Factory) -> None:
    tenant = await factory.tenant()

    response = await client.get(f"/api/{tenant.slug}/products", params={"sort": "random"})

    assert response.status_code == 422
    assert response.json()["errors"] == {"sort": ["The selected sort is invalid."]}


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

    response = await client.get(f"/api/{tenant.slug}/products/main/related")

    assert response.status_code == 200
    assert [p["slug"] for p in response.json()["data"]] == ["picked", "sibling"]
    assert response.json()["meta"] == {"current_page": 1, "last_page": 1, "per_page": 2, "total": 2}


async def test_related_limit_is_validated(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    await CatalogWriter(services, tenant).product("Main")

    response = await client.get(f"/api/{tenant.slug}/products/main/related", params={"limit": "0"})

    assert response.status_code == 422
    assert response.json()["errors"] == {"limit": ["The limit field must be at least 1."]}


async def test_related_of_an_unknown_product_is_404(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    tenant = await factory.tenant()

    response = await client.get(f"/api/{tenant.slug}/products/nope/related")

    assert response.status_code == 404
    assert response.json() == {"message": "Product not found.", "code": "resource_missing"}


async def test_bundle_items(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    writer = CatalogWriter(services, tenant)
    shirt = await writer.product("Shirt", 2000)
    medium = await writer.variant(shirt, "M", stock=6, options={"size": "M"})
    mug = await writer.product("Mug", 1000, stock=4)
    await writer.bundle("Set", [(shirt, medium, 2), (mug, 1)])

    response = await client.get(f"/api/{tenant.slug}/products/set/bundle-items")

    assert response.status_code == 200
    items = response.json()["data"]
    assert [(i["product"]["slug"], i["variant"], i["quantity"]) for i in items] == [
        (
            "shirt",
            {
                "id": medium.id,
                "name": "M",
                "sku": None,
                "options": {"size": "M"},
                "price": 2000,
                "stock": 6,
                "in_stock": True,
            },
            2,
        ),
        ("mug", None, 1),
    ]


async def test_bundle_items_of_a_plain_product_are_empty(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    await CatalogWriter(services, tenant).product("Mug")

    response = await client.get(f"/api/{tenant.slug}/products/mug/bundle-items")

    assert response.json() == {"data": []}


async def test_bundle_items_of_a_draft_are_404(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    await CatalogWriter(services, tenant).product(
        "Set", type=ProductType.BUNDLE, status=ProductStatus.DRAFT
    )

    response = await client.get(f"/api/{tenant.slug}/products/set/bundle-items")

    assert response.status_code == 404
