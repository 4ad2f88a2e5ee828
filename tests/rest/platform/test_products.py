"""Dialect A: GET /products and /products/{slug} envelopes, errors and visibility."""

from __future__ import annotations

from typing import Any

import httpx

from tenantry.models.catalog import Product, ProductStatus, ProductType
from tenantry.serving.services import Services
from tests.conftest import Factory
from tests.resolvers.catalog.support import CatalogWriter
from tests.support import iso


def product_json(product: Product, **overrides: Any) -> dict[str, Any]:
    """The envelope of a plain product with no category, images, variants or reviews."""
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
        "formatted_price": overrides.pop("formatted_price", None),
        "sku": product.sku,
        "stock": product.stock,
        "in_stock": product.stock is None or product.stock > 0,
        "is_featured": product.is_featured,
        "billing_interval": product.billing_interval,
        "billing_interval_count": product.billing_interval_count,
        "category": None,
        "images": [],
        "variants": [],
        "rating": {"average": 0.0, "count": 0},
        "created_at": iso(product.created_at),
        "updated_at": iso(product.updated_at),
        **overrides,
    }


async def test_list_envelope(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant(currency="KRW")
    writer = CatalogWriter(services, tenant)
    mugs = await writer.category("Mugs")
    mug = await writer.reload(
        await writer.product(
            "Mug", 15000, category=mugs, stock=3, sku="MUG", compare_at_price=18000
        )
    )
    await writer.images(mug, "https://img.example/1.png", "https://img.example/2.png")
    blue = await writer.variant(mug, "Blue", options={"color": "blue"}, stock=2, sku="MUG-B")
    red = await writer.variant(mug, "Red", options={"color": "red"}, price=16000, position=-1)
    await writer.variant(mug, "Hidden", is_active=False)
    await writer.reviews(mug, 5, 4)

    # when
    response = await client.get(f"/api/{tenant.slug}/products")

    # then
    assert response.status_code == 200
    body = response.json()
    images = body["data"][0]["images"]
    assert body == {
        "data": [
            product_json(
                mug,
                formatted_price="₩15,000",
                stock=5,
                in_stock=True,
                category={"id": mugs.id, "name": "Mugs", "slug": "mugs"},
                images=[
                    {
                        "id": images[0]["id"],
                        "url": "https://img.example/1.png",
                        "alt": images[0]["alt"],
                    },
                    {
                        "id": images[1]["id"],
                        "url": "https://img.example/2.png",
                        "alt": images[1]["alt"],
                    },
                ],
                variants=[
                    {
                        "id": red.id,
                        "name": "Red",
                        "sku": None,
                        "options": {"color": "red"},
                        "price": 16000,
                        "stock": 3,
                        "in_stock": True,
                    },
                    {
                        "id": blue.id,
                        "name": "Blue",
                        "sku": "MUG-B",
                        "options": {"color": "blue"},
                        "price": 15000,
                        "stock": 2,
                        "in_stock": True,
                    },
                ],
                rating={"average": 4.5, "count": 2},
            )
        ],
        "meta": {"current_page": 1, "last_page": 1, "per_page": 15, "total": 1},
    }
    assert [image["alt"] for image in images] == [
        "https://img.example/1.png",
        "https://img.example/2.png",
    ]


async def test_detail_envelope(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    writer = CatalogWriter(services, tenant)
    mug = await writer.reload(await writer.product("Mug", 1250, description="Big"))

    response = await client.get(f"/api/{tenant.slug}/products/mug")

    assert response.status_code == 200
    assert response.json() == {"data": product_json(mug, formatted_price="$12.50")}


async def test_bundle_detail_lists_its_items(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    writer = CatalogWriter(services, tenant)
    mug = await writer.reload(await writer.product("Mug", 1000, stock=5))
    bundle = await writer.reload(await writer.bundle("Pair", [(mug, 2)], price=1800))

    response = await client.get(f"/api/{tenant.slug}/products/pair")

    assert response.status_code == 200
    assert response.json() == {
        "data": product_json(
            bundle,
            formatted_price="$18.00",
            stock=2,
            in_stock=True,
            bundle_items=[
                {
                    "product": product_json(mug, formatted_price="$10.00"),
                    "variant": None,
                    "quantity": 2,
                }
            ],
        )
    }


async def test_a_subscription_shows_its_interval(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    writer = CatalogWriter(services, tenant)
    await writer.product("Club", type=ProductType.SUBSCRIPTION, billing_interval="month")

    response = await client.get(f"/api/{tenant.slug}/products/club")

    data = response.json()["data"]
    assert (data["type"], data["billing_interval"], data["billing_interval_count"]) == (
        "subscription",
        "month",
        1,
    )


async def test_unknown_slug_is_404(client: httpx.AsyncClient, factory: Factory) -> None:
    tenant = await factory.tenant()

    response = await client.get(f"/api/{tenant.slug}/products/nope")

    assert response.status_code == 404
    assert response.json() == {"message": "Product not found.", "code": "resource_missing"}


async def test_a_draft_is_404_for_the_public(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    writer = CatalogWriter(services, tenant)
    await writer.product("Secret", status=ProductStatus.DRAFT)
    await writer.product("Live")

    detail = await client.get(
        f"/api/{tenant.slug}/products/secret", headers={"X-API-Key": tenant.publishable_key}
    )
    listing = await client.get(f"/api/{tenant.slug}/products")

    assert detail.status_code == 404
    assert [p["slug"] for p in listing.json()["data"]] == ["live"]


async def test_another_tenants_product_is_invisible(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    theirs = await factory.tenant()
    await CatalogWriter(services, theirs).product("Theirs")
    mine = await factory.tenant()

    detail = await client.get(f"/api/{mine.slug}/products/theirs")
    listing = await client.get(f"/api/{mine.slug}/products")

    assert detail.status_code == 404
    assert listing.json()["data"] == []


async def test_bad_filters_are_422_naming_the_field(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    tenant = await factory.tenant()

    response = await client.get(
        f"/api/{tenant.slug}/products",
        params={"min_price": "cheap", "type": "service", "in_stock": "maybe"},
    )

    assert response.status_code == 422
    assert response.json() == {
        "message": "The given data was invalid.",
        "code": "parameter_invalid",
        "errors": {
            "min_price": ["The min price field must be an integer."],
            "in_stock": ["The in stock field must be true or false."],
            "type": ["The selected type is invalid."],
        },
    }


async def test_bad_paging_is_422(client: httpx.AsyncClient, factory: Factory) -> None:
    tenant = await factory.tenant()

    response = await client.get(f"/api/{tenant.slug}/products", params={"per_page": "101"})

    assert response.status_code == 422
    assert response.json()["errors"] == {
        "per_page": ["The per page field must be between 1 and 100."]
    }


async def test_the_public_may_not_ask_for_drafts(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    tenant = await factory.tenant()

    response = await client.get(f"/api/{tenant.slug}/products", params={"status": "draft"})

    assert response.status_code == 401


async def test_a_secret_key_lists_drafts(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    await CatalogWriter(services, tenant).product("Secret", status=ProductStatus.DRAFT)

    response = await client.get(
        f"/api/{tenant.slug}/products",
        params={"status": "draft"},
        headers={"X-API-Key": tenant.secret_key},
    )

    assert [p["slug"] for p in response.json()["data"]] == ["secret"]


async def test_a_page_past_any_database_integer_is_422(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    tenant = await factory.tenant()

    response = await client.get(
        f"/api/{tenant.slug}/products", params={"page": "99999999999999999999"}
    )

    assert response.status_code == 422
    assert response.json()["errors"] == {
        "page": ["The page field must not be greater than 2147483647."]
    }


async def test_the_last_possible_page_is_an_empty_page(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    tenant = await factory.tenant()

    response = await client.get(
        f"/api/{tenant.slug}/products", params={"page": "2147483647", "per_page": "100"}
    )

    assert response.status_code == 200
    assert response.json()["data"] == []
