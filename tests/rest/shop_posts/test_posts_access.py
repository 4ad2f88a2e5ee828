"""Reads follow the shop's public_read setting; concurrent creates still get unique slugs."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from tenantry.serving.services import Services
from tests.conftest import Factory, TenantFixture
from tests.resolvers.shop_posts.support import key_headers, make_post
from tests.rest.shop_posts.shop import bearer, host, register
from tests.support import set_tenant_settings

READS = ["/posts", "/posts/search", "/posts/{slug}", "/posts/{slug}/body_data"]


@pytest.fixture
async def closed(factory: Factory, services: Services) -> TenantFixture:
    tenant = await factory.tenant()
    await set_tenant_settings(services, tenant, shop_posts={"public_read": False})
    return tenant


@pytest.mark.parametrize("path", READS)
async def test_closed_shop_refuses_anonymous_reads(
    client: httpx.AsyncClient, services: Services, closed: TenantFixture, path: str
) -> None:
    post = await make_post(services, closed, title="Private")
    response = await client.get(path.format(slug=post.slug), headers=host(closed))
    assert response.status_code == 401
    assert response.json() == {
        "success": False,
        "error": "Unauthenticated.",
        "code": "unauthenticated",
    }


@pytest.mark.parametrize("path", READS)
async def test_closed_shop_answers_a_publishable_key(
    client: httpx.AsyncClient, services: Services, closed: TenantFixture, path: str
) -> None:
    post = await make_post(services, closed, title="Private")
    response = await client.get(
        path.format(slug=post.slug), headers=key_headers(closed, closed.publishable_key)
    )
    assert response.status_code == 200


async def test_closed_shop_answers_a_shop_user(
    client: httpx.AsyncClient, services: Services, closed: TenantFixture
) -> None:
    user = await register(client, closed)
    response = await client.get("/posts", headers=bearer(closed, user.access_token))
    assert response.status_code == 200


async def test_an_invalid_token_is_401_even_for_public_reads(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    tenant = await factory.tenant()
    response = await client.get("/posts", headers=bearer(tenant, "not-a-token"))
    assert response.status_code == 401
    assert response.json() == {
        "success": False,
        "error": "Invalid or expired token.",
        "code": "invalid_token",
    }


async def test_concurrent_posts_with_one_title_get_distinct_slugs(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    tenant = await factory.tenant()
    answers = await asyncio.gather(
        *(
            client.post("/posts", json={"post": {"title": "Race"}}, headers=key_headers(tenant))
            for _ in range(5)
        )
    )
    assert [a.status_code for a in answers] == [201] * 5
    slugs = sorted(a.json()["data"]["post"]["slug"] for a in answers)
    assert slugs == ["race", "race-2", "race-3", "race-4", "race-5"]
