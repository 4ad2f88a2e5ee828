"""GET /lp.json and GET /lp/{id_or_slug}.json."""

from __future__ import annotations

import httpx
import pytest

from tenantry.serving.services import Services
from tests.conftest import Factory, TenantFixture
from tests.resolvers.shop_posts.support import key_headers, make_page
from tests.rest.shop_posts.shop import IsA, host

NOT_FOUND = {"error": "Landing page not found"}


@pytest.fixture
async def tenant(factory: Factory) -> TenantFixture:
    return await factory.tenant()


async def test_list_leaves_out_content_and_body_data(
    client: httpx.AsyncClient, services: Services, tenant: TenantFixture
) -> None:
    # given
    page = await make_page(
        services,
        tenant,
        name="Marketing Landing Page",
        keyword="marketing",
        intro="Professional marketing landing page",
        content="<h1>Welcome</h1>",
        category_id=5,
        body_data={"custom_field_1": "value1"},
    )
    # when
    response = await client.get("/lp.json", headers=host(tenant))
    # then
    assert response.status_code == 200
    assert response.json() == {
        "data": [
            {
                "id": page.id,
                "name": "Marketing Landing Page",
                "slug": "marketing-landing-page",
                "page_type": "static",
                "keyword": "marketing",
                "intro": "Professional marketing landing page",
                "category_id": 5,
                "active": True,
                "copy_from_id": None,
                "created_at": IsA(str),
                "updated_at": IsA(str),
            }
        ],
        "pagination": {"total_pages": 1, "current_page": 1, "per_page": 20, "total_count": 1},
    }


async def test_detail_has_content_and_body_data(
    client: httpx.AsyncClient, services: Services, tenant: TenantFixture
) -> None:
    page = await make_page(
        services, tenant, name="Promo", content="<p>Hi</p>", body_data={"a": "1"}
    )
    by_id = await client.get(f"/lp/{page.id}.json", headers=host(tenant))
    by_slug = await client.get("/lp/promo.json", headers=host(tenant))
    assert by_id.status_code == 200
    assert by_id.json() == by_slug.json()
    data = by_id.json()["data"]
    assert (data["content"], data["body_data"], data["slug"]) == ("<p>Hi</p>", {"a": "1"}, "promo")


async def test_unknown_page_is_404(client: httpx.AsyncClient, tenant: TenantFixture) -> None:
    response = await client.get("/lp/nothing.json", headers=host(tenant))
    assert response.status_code == 404
    assert response.json() == NOT_FOUND


async def test_inactive_pages_are_not_public(
    client: httpx.AsyncClient, services: Services, tenant: TenantFixture
) -> None:
    page = await make_page(services, tenant, name="Hidden", active=False)
    listed = await client.get("/lp.json", headers=host(tenant))
    shown = await client.get(f"/lp/{page.id}.json", headers=host(tenant))
    assert listed.json()["data"] == []
    assert shown.status_code == 404
    assert shown.json() == NOT_FOUND


async def test_secret_key_sees_inactive_pages(
    client: httpx.AsyncClient, services: Services, tenant: TenantFixture
) -> None:
    page = await make_page(services, tenant, name="Hidden", active=False)
    shown = await client.get(f"/lp/{page.id}.json", headers=key_headers(tenant))
    assert shown.status_code == 200


async def test_query_searches_name_keyword_and_intro(
    client: httpx.AsyncClient, services: Services, tenant: TenantFixture
) -> None:
    by_name = await make_page(services, tenant, name="Summer MARKETING")
    by_keyword = await make_page(services, tenant, name="A", keyword="marketing")
    by_intro = await make_page(services, tenant, name="B", intro="for marketing teams")
    await make_page(services, tenant, name="C", content="marketing only in content")
    response = await client.get("/lp.json?query=Marketing", headers=host(tenant))
    assert {p["id"] for p in response.json()["data"]} == {by_name.id, by_keyword.id, by_intro.id}


async def test_ids_and_category_filter(
    client: httpx.AsyncClient, services: Services, tenant: TenantFixture
) -> None:
    first = await make_page(services, tenant, name="One", category_id=1)
    second = await make_page(services, tenant, name="Two", category_id=2)
    third = await make_page(services, tenant, name="Three", category_id=1)
    by_ids = await client.get(f"/lp.json?ids={first.id},{second.id}", headers=host(tenant))
    both = await client.get(
        f"/lp.json?ids={first.id},{second.id},{third.id}&category_id=1", headers=host(tenant)
    )
    assert {p["id"] for p in by_ids.json()["data"]} == {first.id, second.id}
    assert {p["id"] for p in both.json()["data"]} == {first.id, third.id}


async def test_ids_that_are_not_numbers_are_422(
    client: httpx.AsyncClient, tenant: TenantFixture
) -> None:
    response = await client.get("/lp.json?ids=1,two", headers=host(tenant))
    assert response.status_code == 422
    assert response.json() == {"errors": {"ids": ["is invalid"]}}


async def test_pages_paginate(
    client: httpx.AsyncClient, services: Services, tenant: TenantFixture
) -> None:
    for n in range(3):
        await make_page(services, tenant, name=f"Page {n}")
    response = await client.get("/lp.json?page=2&per_page=2", headers=host(tenant))
    body = response.json()
    assert len(body["data"]) == 1
    assert body["pagination"] == {
        "total_pages": 2,
        "current_page": 2,
        "per_page": 2,
        "total_count": 3,
    }


async def test_another_shop_never_sees_the_page(
    client: httpx.AsyncClient, services: Services, factory: Factory, tenant: TenantFixture
) -> None:
    page = await make_page(services, tenant, name="Mine")
    other = await factory.tenant()
    assert (await client.get("/lp.json", headers=host(other))).json()["data"] == []
    shown = await client.get(f"/lp/{page.slug}.json", headers=host(other))
    assert shown.status_code == 404
