"""GET /posts/{id}/body_data, PATCH /posts/{id}/update_body_data, and each body_data rule's 422."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tenantry.serving.services import Services
from tests.conftest import Factory, TenantFixture
from tests.resolvers.shop_posts.support import key_headers, make_post, reload_post
from tests.rest.shop_posts.shop import host


@pytest.fixture
async def tenant(factory: Factory) -> TenantFixture:
    return await factory.tenant()


async def test_body_data_lists_its_keys(
    client: httpx.AsyncClient, services: Services, tenant: TenantFixture
) -> None:
    body_data = {"brand": "Apple", "model": "iPhone 15 Pro Max", "price_usd": "1199", "rating": 4.8}
    post = await make_post(services, tenant, body_data=body_data)
    response = await client.get(f"/posts/{post.id}/body_data", headers=host(tenant))
    assert response.status_code == 200
    assert response.json() == {
        "success": True,
        "data": {
            "body_data": body_data,
            "dynamic_variables_count": 4,
            "available_keys": ["brand", "model", "price_usd", "rating"],
        },
    }


async def test_body_data_of_an_unknown_post_is_404(
    client: httpx.AsyncClient, tenant: TenantFixture
) -> None:
    response = await client.get("/posts/missing/body_data", headers=host(tenant))
    assert response.status_code == 404
    assert response.json() == {
        "success": False,
        "error": "Post not found",
        "code": "resource_missing",
    }


async def test_update_body_data_replaces_it(
    client: httpx.AsyncClient, services: Services, tenant: TenantFixture
) -> None:
    # given
    post = await make_post(services, tenant, body_data={"price": "999", "old": "gone"})
    new = {"price": "899", "discount": "25%", "sale_end_date": "2023-12-31", "stock_quantity": "50"}
    # when
    response = await client.patch(
        f"/posts/{post.slug}/update_body_data",
        json={"post": {"body_data": new}},
        headers=key_headers(tenant),
    )
    # then
    assert response.status_code == 200
    assert response.json() == {
        "success": True,
        "message": "Body data updated successfully",
        "data": {"body_data": new, "dynamic_variables_count": 4},
    }
    assert (await reload_post(services, tenant, post.id)).body_data == new


async def test_update_body_data_checks_the_rules(
    client: httpx.AsyncClient, services: Services, tenant: TenantFixture
) -> None:
    post = await make_post(services, tenant, body_data={"a": "1"})
    response = await client.patch(
        f"/posts/{post.id}/update_body_data",
        json={"post": {"body_data": {"slug": "x"}}},
        headers=key_headers(tenant),
    )
    assert response.status_code == 422
    assert response.json() == {
        "success": False,
        "error": "Failed to update body data",
        "code": "parameter_invalid",
        "validation_errors": ["Body data key 'slug' is reserved"],
    }
    assert (await reload_post(services, tenant, post.id)).body_data == {"a": "1"}


async def test_update_body_data_needs_body_data(
    client: httpx.AsyncClient, services: Services, tenant: TenantFixture
) -> None:
    post = await make_post(services, tenant)
    response = await client.patch(
        f"/posts/{post.id}/update_body_data", json={"post": {}}, headers=key_headers(tenant)
    )
    assert response.status_code == 422
    assert response.json()["validation_errors"] == ["Body data can't be blank"]


LONG_KEY = "k" * 101
RULES: list[tuple[str, dict[str, Any], str]] = [
    ("keys", {f"k{n}": n for n in range(51)}, "Body data cannot have more than 50 keys"),
    (
        "pattern",
        {"invalid@key": "v"},
        "Body data key 'invalid@key' contains invalid characters",
    ),
    (
        "key length",
        {LONG_KEY: "v"},
        f"Body data key '{'k' * 100}...' is too long (maximum is 100 characters)",
    ),
    (
        "string length",
        {"note": "x" * 1001},
        "Body data value for 'note' is too long (maximum is 1000 characters)",
    ),
    (
        "total size",
        {f"k{n}": "가" * 1000 for n in range(35)},
        "Body data is too large (maximum is 100 KB)",
    ),
    ("reserved", {"title": "x"}, "Body data key 'title' is reserved"),
    (
        "script",
        {"html": "<ScRiPt>alert(1)</script>"},
        "Body data value for 'html' contains forbidden content "
        "(script tags, javascript: or data: URIs)",
    ),
    (
        "javascript",
        {"link": "java\tscript:alert(1)"},
        "Body data value for 'link' contains forbidden content "
        "(script tags, javascript: or data: URIs)",
    ),
    (
        "data uri",
        {"img": "DATA:text/html;base64,PHNjcmlwdD4="},
        "Body data value for 'img' contains forbidden content "
        "(script tags, javascript: or data: URIs)",
    ),
    (
        "object",
        {"nested": {"a": 1}},
        "Body data value for 'nested' must be a string, number, boolean or null",
    ),
    (
        "array",
        {"list": [1, 2]},
        "Body data value for 'list' must be a string, number, boolean or null",
    ),
]


@pytest.mark.parametrize(
    ("body_data", "message"), [r[1:] for r in RULES], ids=[r[0] for r in RULES]
)
async def test_each_body_data_rule_is_a_422(
    client: httpx.AsyncClient, tenant: TenantFixture, body_data: dict[str, Any], message: str
) -> None:
    response = await client.post(
        "/posts",
        json={"post": {"title": "Rules", "body_data": body_data}},
        headers=key_headers(tenant),
    )
    assert response.status_code == 422
    assert response.json() == {
        "success": False,
        "error": "Failed to create post",
        "code": "parameter_invalid",
        "validation_errors": [message],
    }


async def test_body_data_that_is_not_an_object_is_422(
    client: httpx.AsyncClient, tenant: TenantFixture
) -> None:
    response = await client.post(
        "/posts", json={"post": {"title": "x", "body_data": [1]}}, headers=key_headers(tenant)
    )
    assert response.status_code == 422
    assert response.json()["validation_errors"] == ["Body data must be an object"]


async def test_scalar_values_of_every_kind_are_stored(
    client: httpx.AsyncClient, services: Services, tenant: TenantFixture
) -> None:
    body_data = {"s": "text", "i": 3, "f": 4.5, "t": True, "n": None, "meta": "metadata: ok"}
    response = await client.post(
        "/posts", json={"post": {"title": "x", "body_data": body_data}}, headers=key_headers(tenant)
    )
    assert response.status_code == 201
    stored = await reload_post(services, tenant, response.json()["data"]["post"]["id"])
    assert stored.body_data == body_data


async def test_nan_is_not_a_number_to_store(
    client: httpx.AsyncClient, tenant: TenantFixture
) -> None:
    response = await client.post(
        "/posts",
        content=b'{"post": {"title": "x", "body_data": {"n": NaN}}}',
        headers={**key_headers(tenant), "Content-Type": "application/json"},
    )
    assert response.status_code == 422
    assert response.json()["validation_errors"] == ["Body data value for 'n' is not a valid number"]
