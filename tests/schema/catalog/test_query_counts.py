"""A page of products costs the same number of SQL statements for 10 products as for 100."""

from __future__ import annotations

import httpx

from tenantry.serving.services import Services
from tests.conftest import Factory, StatementCounter, TenantFixture
from tests.resolvers.catalog.support import build_catalog
from tests.schema.catalog.support import PRODUCT_LIST
from tests.support import graphql


async def statements(
    client: httpx.AsyncClient, counter: StatementCounter, tenant: TenantFixture
) -> int:
    counter.reset()
    body = await graphql(client, PRODUCT_LIST, {"perPage": 100}, tenant=tenant.slug)
    assert "errors" not in body, body
    items = body["data"]["products"]["items"]
    assert all(
        p["category"] and len(p["variants"]) == 2 and len(p["images"]) == 2 and p["rating"]["count"]
        for p in items
    )
    return counter.count


async def test_product_list_statements_do_not_grow_with_products(
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
