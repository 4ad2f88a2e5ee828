"""The REST frame: public reads come from the response cache while their tables are unchanged."""

from __future__ import annotations

from typing import Any

import httpx

from tenantry.serving.services import Services
from tests.conftest import Factory, TenantFixture
from tests.resolvers.catalog.support import CatalogWriter
from tests.support import member_token, members


async def _get(
    client: httpx.AsyncClient, tenant: TenantFixture, path: str, **headers: str
) -> httpx.Response:
    return await client.get(f"/api/{tenant.slug}{path}", headers=headers)


async def _shop(services: Services, factory: Factory) -> tuple[TenantFixture, Any]:
    tenant = await factory.tenant()
    product = await CatalogWriter(services, tenant).product("Mug", 1000)
    return tenant, product


async def test_a_public_listing_is_served_again_until_a_write_changes_it(
    client: httpx.AsyncClient, services: Services, factory: Factory
) -> None:
    tenant, _ = await _shop(services, factory)
    first = await _get(client, tenant, "/products?per_page=5")
    second = await _get(client, tenant, "/products?per_page=5")
    assert (first.status_code, first.headers["x-cache"]) == (200, "miss")
    assert (second.status_code, second.headers["x-cache"]) == (200, "hit")
    assert second.json() == first.json()
    assert second.headers["content-type"] == "application/json"
    assert (await _get(client, tenant, "/products?per_page=6")).headers["x-cache"] == "miss"

    await CatalogWriter(services, tenant).product("Cup", 500)
    after = await _get(client, tenant, "/products?per_page=5")
    assert after.headers["x-cache"] == "miss"
    assert sorted(item["name"] for item in after.json()["data"]) == ["Cup", "Mug"]


async def test_errors_members_and_private_routes_are_not_cached(
    client: httpx.AsyncClient, services: Services, factory: Factory
) -> None:
    tenant, _ = await _shop(services, factory)
    [member_id] = await members(services, tenant)
    bearer = f"Bearer {await member_token(services, tenant, member_id)}"
    for _ in range(2):
        missing = await _get(client, tenant, "/products/no-such-thing")
        as_member = await _get(client, tenant, "/products?per_page=5", Authorization=bearer)
        cart = await _get(client, tenant, "/cart")
        assert missing.status_code == 404
        assert "x-cache" not in missing.headers
        assert as_member.status_code == 200
        assert "x-cache" not in as_member.headers
        assert "x-cache" not in cart.headers


async def test_the_same_path_of_two_tenants_is_two_entries(
    client: httpx.AsyncClient, services: Services, factory: Factory
) -> None:
    mine, _ = await _shop(services, factory)
    theirs = await factory.tenant()
    await CatalogWriter(services, theirs).product("Teapot", 2000)
    await _get(client, mine, "/products")
    answer = await _get(client, theirs, "/products")
    assert answer.headers["x-cache"] == "miss"
    assert [item["name"] for item in answer.json()["data"]] == ["Teapot"]
