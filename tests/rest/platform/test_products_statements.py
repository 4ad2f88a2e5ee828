"""GET /products costs the same number of SQL statements for 10 products as for 100."""

from __future__ import annotations

import httpx

from tenantry.serving.services import Services
from tests.conftest import Factory, StatementCounter, TenantFixture
from tests.resolvers.catalog.support import build_catalog


async def statements(
    client: httpx.AsyncClient, counter: StatementCounter, tenant: TenantFixture
) -> int:
    counter.reset()
    response = await client.get(f"/api/{tenant.slug}/products", params={"per_page": "100"})
    assert response.status_code == 200
    products = response.json()["data"]
    assert all(
        p["category"] and len(p["variants"]) == 2 and len(p["images"]) == 2 and p["rating"]["count"]
        for p in products
    )
    return counter.count


async def test_list_statements_do_not_grow_with_products(
    client: httpx.AsyncClient,
    factory: Factory,
    services: Services,
    count_queries: StatementCounter,
) -> None:
    # given
    few, many = await factory.tenant(), await factory.tenant()
    await build_catalog(services, few, 10)
    await build_catalog(services, many, 100)

    # when
    for_few = await statements(client, count_queries, few)
    for_many = await statements(client, count_queries, many)

    # then
    assert for_few == for_many
