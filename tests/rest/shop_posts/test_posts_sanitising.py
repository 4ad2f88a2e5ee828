"""A post's content is stored cleaned (finding 16: it was stored as sent), by REST and GraphQL
alike; a body_data value with an on* handler is the seed's 422 (it used to pass)."""

from __future__ import annotations

import httpx
import pytest

from tenantry.models.tenant import StaffRole
from tenantry.serving.services import Services
from tests.conftest import Factory, TenantFixture
from tests.resolvers.shop_posts.support import create_over_http, key_headers, reload_post
from tests.support import graphql, staff_token

HOSTILE = (
    '<p onclick="steal()">Hello</p><script>alert(1)</script><img src="x.png" onerror="alert(1)">'
    '<iframe src="https://evil.example"></iframe><a href="javascript:alert(1)">x</a>'
)
CLEANED = '<p>Hello</p><img src="x.png"><a rel="noopener noreferrer nofollow">x</a>'


@pytest.fixture
async def tenant(factory: Factory) -> TenantFixture:
    return await factory.tenant()


async def test_create_stores_and_answers_cleaned_content(
    client: httpx.AsyncClient, services: Services, tenant: TenantFixture
) -> None:
    post = await create_over_http(client, tenant, title="Hostile", content=HOSTILE)

    assert (await reload_post(services, tenant, post["id"])).content == CLEANED
    shown = await client.get(f"/posts/{post['id']}", headers=key_headers(tenant))
    assert shown.json()["data"]["post"]["content"] == CLEANED


async def test_update_cleans_content_too(
    client: httpx.AsyncClient, services: Services, tenant: TenantFixture
) -> None:
    # given
    post = await create_over_http(client, tenant, title="Plain", content="Fish & Chips")
    # when
    response = await client.put(
        f"/posts/{post['id']}", json={"post": {"content": HOSTILE}}, headers=key_headers(tenant)
    )
    # then
    assert response.status_code == 200, response.text
    assert (await reload_post(services, tenant, post["id"])).content == CLEANED


async def test_plain_text_content_is_kept_as_written(
    client: httpx.AsyncClient, services: Services, tenant: TenantFixture
) -> None:
    post = await create_over_http(client, tenant, title="Plain", content="Fish & Chips > 3")

    assert (await reload_post(services, tenant, post["id"])).content == "Fish & Chips > 3"


async def test_an_event_handler_in_body_data_is_refused(
    client: httpx.AsyncClient, tenant: TenantFixture
) -> None:
    response = await client.post(
        "/posts",
        json={"post": {"title": "x", "body_data": {"img": "<img src=x onerror=alert(1)>"}}},
        headers=key_headers(tenant),
    )

    assert response.status_code == 422
    assert response.json() == {
        "success": False,
        "error": "Failed to create post",
        "code": "parameter_invalid",
        "validation_errors": [
            "Body data value for 'img' contains forbidden content "
            "(event handlers, style or frame tags)"
        ],
    }


async def test_graphql_stores_cleaned_content(
    client: httpx.AsyncClient, services: Services, factory: Factory, tenant: TenantFixture
) -> None:
    staff_id, _ = await factory.staff(tenant, role=StaffRole.ADMIN)
    token = await staff_token(services, tenant, staff_id)
    create = "mutation($i: CreateShopPostInput!) { createShopPost(input: $i) { id } }"

    body = await graphql(
        client, create, {"i": {"title": "G", "content": HOSTILE}}, tenant=tenant.slug, bearer=token
    )

    post_id = int(body["data"]["createShopPost"]["id"])
    assert (await reload_post(services, tenant, post_id)).content == CLEANED
