"""Dialect A: GET /categories and /categories/{slug}."""

from __future__ import annotations

import httpx

from tenantry.serving.services import Services
from tests.conftest import Factory
from tests.resolvers.catalog.support import CatalogWriter


async def test_list_envelope(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    writer = CatalogWriter(services, tenant)
    shoes = await writer.category("Shoes", description="Feet")
    running = await writer.category("Running", shoes, image_url="https://img.example/r.png")
    await writer.product("Racer", category=running)

    # when
    response = await client.get(f"/api/{tenant.slug}/categories")

    # then
    assert response.status_code == 200
    assert response.json() == {
        "data": [
            {
                "id": shoes.id,
                "name": "Shoes",
                "slug": "shoes",
                "description": "Feet",
                "image_url": None,
                "parent_id": None,
                "position": 0,
                "product_count": 1,
            },
            {
                "id": running.id,
                "name": "Running",
                "slug": "running",
                "description": "",
                "image_url": "https://img.example/r.png",
                "parent_id": shoes.id,
                "position": 0,
                "product_count": 1,
            },
        ],
        "meta": {"current_page": 1, "last_page": 1, "per_page": 2, "total": 2},
    }


async def test_list_children_of_a_parent(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    writer = CatalogWriter(services, tenant)
    shoes = await writer.category("Shoes")
    await writer.category("Running", shoes)

    response = await client.get(f"/api/{tenant.slug}/categories", params={"parent": "shoes"})

    assert [c["slug"] for c in response.json()["data"]] == ["running"]


async def test_detail_envelope(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    writer = CatalogWriter(services, tenant)
    shoes = await writer.category("Shoes")
    running = await writer.category("Running", shoes)
    trail = await writer.category("Trail", running)
    await writer.product("Climber", category=trail)

    response = await client.get(f"/api/{tenant.slug}/categories/running")

    assert response.status_code == 200
    assert response.json() == {
        "data": {
            "id": running.id,
            "name": "Running",
            "slug": "running",
            "description": "",
            "image_url": None,
            "parent_id": shoes.id,
            "position": 0,
            "product_count": 1,
            "children": [
                {
                    "id": trail.id,
                    "name": "Trail",
                    "slug": "trail",
                    "description": "",
                    "image_url": None,
                    "parent_id": running.id,
                    "position": 0,
                    "product_count": 1,
                }
            ],
            "breadcrumbs": [
                {"id": shoes.id, "name": "Shoes", "slug": "shoes"},
                {"id": running.id, "name": "Running", "slug": "running"},
            ],
        }
    }


async def test_unknown_slug_is_404(client: httpx.AsyncClient, factory: Factory) -> None:
    tenant = await factory.tenant()

    response = await client.get(f"/api/{tenant.slug}/categories/nope")

    assert response.status_code == 404
    assert response.json() == {"message": "Category not found.", "code": "resource_missing"}


async def test_another_tenants_category_is_invisible(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    theirs = await factory.tenant()
    await CatalogWriter(services, theirs).category("Shoes")
    mine = await factory.tenant()

    detail = await client.get(f"/api/{mine.slug}/categories/shoes")
    listing = await client.get(f"/api/{mine.slug}/categories")

    assert detail.status_code == 404
    assert listing.json() == {
        "data": [],
        "meta": {"current_page": 1, "last_page": 1, "per_page": 0, "total": 0},
    }
