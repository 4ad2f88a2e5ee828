"""list_posts with body_data filters: edge values answer alike on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from tenantry.core.pagination import PageRequest
from tenantry.resolvers import shop_posts
from tenantry.serving.services import Services
from tests.conftest import Factory, TenantFixture
from tests.resolvers.shop_posts.support import SECRET_KEY, ctx_for, make_post

VALUES = {
    "big": 10**30,
    "int64": 2**62,
    "tiny": 1e-7,
    "zero": 0,
    "negative": -2.5,
    "text": "١٢",
    "quote": 'it\'s "quoted"',
    "unicode": "가나다",
}


@pytest.fixture
async def shop(factory: Factory, services: Services) -> TenantFixture:
    tenant = await factory.tenant()
    for name, value in VALUES.items():
        await make_post(services, tenant, title=name, body_data={"v": value})
    return tenant


async def _titles(services: Services, tenant: TenantFixture, value: str | None) -> set[str]:
    filters = shop_posts.PostFilters(body_data_key="v", body_data_value=value)
    async with services.db.unit(tenant.id) as uow:
        found = await shop_posts.list_posts(
            uow.session, ctx=ctx_for(services, tenant), filters=filters, page=PageRequest(1, 50)
        )
    return {post.title for post in found.items}


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, set(VALUES)),
        ("1e30", {"big"}),
        ("1000000000000000000000000000000", {"big"}),
        (str(2**62), {"int64"}),
        ("0.0000001", {"tiny"}),
        ("1e-7", {"tiny"}),
        ("0", {"zero"}),
        ("-0", {"zero"}),
        ("-2.50", {"negative"}),
        ("١٢", {"text"}),
        ("12", set()),
        ('it\'s "quoted"', {"quote"}),
        ("가나다", {"unicode"}),
        ("1e999999", set()),
        ("NaN", set()),
    ],
)
async def test_values_match_alike_on_both_databases(
    services: Services, shop: TenantFixture, value: str | None, expected: set[str]
) -> None:
    assert await _titles(services, shop, value) == expected


async def test_writers_also_find_inactive_posts(services: Services, factory: Factory) -> None:
    tenant = await factory.tenant()
    await make_post(services, tenant, title="off", active=False, body_data={"k": "v"})
    filters = shop_posts.PostFilters(body_data_key="k")
    async with services.db.unit(tenant.id) as uow:
        as_writer = await shop_posts.list_posts(
            uow.session,
            ctx=ctx_for(services, tenant, SECRET_KEY),
            filters=filters,
            page=PageRequest(1, 20),
        )
        as_reader = await shop_posts.list_posts(
            uow.session, ctx=ctx_for(services, tenant), filters=filters, page=PageRequest(1, 20)
        )
    assert [p.title for p in as_writer.items] == ["off"]
    assert as_reader.items == []
