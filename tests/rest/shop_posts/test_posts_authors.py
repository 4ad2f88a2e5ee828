"""A shop user changes, deletes and sees while inactive only the posts they wrote; another's is
not found. The shop's secret key may do so with every post."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.conftest import Factory, TenantFixture
from tests.resolvers.shop_posts.support import key_headers
from tests.rest.shop_posts.shop import bearer, register

pytestmark = pytest.mark.usefixtures("app")

NOT_FOUND = {"success": False, "error": "Post not found", "code": "resource_missing"}
WRITES: list[tuple[str, str, dict[str, Any] | None]] = [
    ("PUT", "/posts/{id}", {"post": {"title": "Taken over"}}),
    ("PATCH", "/posts/{id}", {"post": {"title": "Taken over"}}),
    ("PATCH", "/posts/{id}/update_body_data", {"post": {"body_data": {"k": "v"}}}),
    ("DELETE", "/posts/{id}", None),
]


async def authored(
    client: httpx.AsyncClient, tenant: TenantFixture, token: str, *, active: bool = True
) -> dict[str, Any]:
    response = await client.post(
        "/posts",
        json={"post": {"title": "Mine", "content": "Mine.", "active": active}},
        headers=bearer(tenant, token),
    )
    assert response.status_code in (200, 201), response.text
    post: dict[str, Any] = response.json()["data"]["post"]
    return post


@pytest.mark.parametrize(("method", "path", "body"), WRITES)
async def test_another_shop_user_cannot_change_or_delete_a_post(
    client: httpx.AsyncClient,
    factory: Factory,
    method: str,
    path: str,
    body: dict[str, Any] | None,
) -> None:
    tenant = await factory.tenant()
    author, stranger = await register(client, tenant), await register(client, tenant)
    post = await authored(client, tenant, author.access_token)
    url = path.format(id=post["id"])

    refused = await client.request(
        method, url, json=body, headers=bearer(tenant, stranger.access_token)
    )
    by_author = await client.request(
        method, url, json=body, headers=bearer(tenant, author.access_token)
    )

    assert refused.status_code == 404
    assert refused.json() == NOT_FOUND
    assert by_author.status_code in (200, 204), by_author.text


@pytest.mark.parametrize(("method", "path", "body"), WRITES)
async def test_the_shop_s_key_changes_any_post(
    client: httpx.AsyncClient,
    factory: Factory,
    method: str,
    path: str,
    body: dict[str, Any] | None,
) -> None:
    tenant = await factory.tenant()
    author = await register(client, tenant)
    post = await authored(client, tenant, author.access_token)

    response = await client.request(
        method, path.format(id=post["id"]), json=body, headers=key_headers(tenant)
    )

    assert response.status_code in (200, 204), response.text


async def test_an_inactive_post_is_its_author_s_and_the_shop_s_to_see(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    tenant = await factory.tenant()
    author, stranger = await register(client, tenant), await register(client, tenant)
    draft = await authored(client, tenant, author.access_token, active=False)
    url = f"/posts/{draft['id']}"

    seen_by_stranger = await client.get(url, headers=bearer(tenant, stranger.access_token))
    seen_by_author = await client.get(url, headers=bearer(tenant, author.access_token))
    seen_by_shop = await client.get(url, headers=key_headers(tenant))
    stranger_list = await client.get("/posts", headers=bearer(tenant, stranger.access_token))

    assert seen_by_stranger.json() == NOT_FOUND
    assert seen_by_author.status_code == 200
    assert seen_by_shop.status_code == 200
    assert draft["id"] not in [post["id"] for post in stranger_list.json()["data"]["posts"]]
