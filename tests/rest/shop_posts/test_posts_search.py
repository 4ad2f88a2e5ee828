"""GET /posts/search: the same answers on SQLite and PostgreSQL, body_data keys and values."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tenantry.serving.services import Services
from tests.conftest import Factory, TenantFixture
from tests.resolvers.shop_posts.support import make_post
from tests.rest.shop_posts.shop import host

BODIES: dict[str, dict[str, Any]] = {
    "apple": {"brand": "Apple", "price": "999", "rating": 4.8, "in_stock": True},
    "apple-lower": {"brand": "apple", "price": 999, "rating": "4.8", "in_stock": False},
    "samsung": {"brand": "Samsung", "price": 899.5, "rating": 5, "note": None},
    "plain": {},
    "tricky": {"brand": "Apple%", "price": "0999", "in_stock": "true"},
}

CASES: list[tuple[dict[str, str], set[str]]] = [
    ({"body_data_key": "brand"}, {"apple", "apple-lower", "samsung", "tricky"}),
    ({"body_data_key": "note"}, {"samsung"}),
    ({"body_data_key": "brand", "body_data_value": "Apple"}, {"apple"}),
    ({"body_data_key": "brand", "body_data_value": "Apple%"}, {"tricky"}),
    ({"body_data_key": "price", "body_data_value": "999"}, {"apple", "apple-lower"}),
    ({"body_data_key": "price", "body_data_value": "999.0"}, {"apple-lower"}),
    ({"body_data_key": "price", "body_data_value": "899.5"}, {"samsung"}),
    ({"body_data_key": "rating", "body_data_value": "4.8"}, {"apple", "apple-lower"}),
    ({"body_data_key": "rating", "body_data_value": "5"}, {"samsung"}),
    ({"body_data_key": "rating", "body_data_value": "5.00"}, {"samsung"}),
    ({"body_data_key": "in_stock", "body_data_value": "true"}, {"apple", "tricky"}),
    ({"body_data_key": "in_stock", "body_data_value": "false"}, {"apple-lower"}),
    ({"body_data_key": "note", "body_data_value": "null"}, set()),
    ({"body_data_key": "note", "body_data_value": ""}, set()),
    ({"body_data_key": "bad key'); --"}, set()),
    ({"body_data_key": "brand", "q": "Phone"}, {"apple", "samsung"}),
    ({"q": "phone", "active": "true"}, {"apple", "samsung"}),
]


@pytest.fixture
async def shop(factory: Factory, services: Services) -> tuple[TenantFixture, dict[int, str]]:
    tenant = await factory.tenant()
    names: dict[int, str] = {}
    for name, body_data in BODIES.items():
        title = f"{name} Phone" if name in ("apple", "samsung") else name
        post = await make_post(services, tenant, title=title, body_data=body_data)
        assert post.id is not None
        names[post.id] = name
    return tenant, names


@pytest.mark.parametrize(("params", "expected"), CASES)
async def test_search_matches_the_same_posts_on_every_database(
    client: httpx.AsyncClient,
    shop: tuple[TenantFixture, dict[int, str]],
    params: dict[str, str],
    expected: set[str],
) -> None:
    tenant, names = shop
    response = await client.get("/posts/search", params=params, headers=host(tenant))
    assert response.status_code == 200, response.text
    found = {names[post["id"]] for post in response.json()["data"]["posts"]}
    assert found == expected


async def test_search_answers_the_list_envelope(
    client: httpx.AsyncClient, shop: tuple[TenantFixture, dict[int, str]]
) -> None:
    tenant, _ = shop
    response = await client.get(
        "/posts/search?body_data_key=brand&body_data_value=Apple&page=1&per_page=20",
        headers=host(tenant),
    )
    body = response.json()
    assert body["success"] is True
    assert body["data"]["pagination"] == {
        "total_pages": 1,
        "current_page": 1,
        "per_page": 20,
        "total_count": 1,
    }


async def test_search_never_crosses_shops(
    client: httpx.AsyncClient, factory: Factory, shop: tuple[TenantFixture, dict[int, str]]
) -> None:
    other = await factory.tenant()
    response = await client.get("/posts/search?body_data_key=brand", headers=host(other))
    assert response.json()["data"]["posts"] == []


async def test_search_filter_must_be_a_boolean(
    client: httpx.AsyncClient, shop: tuple[TenantFixture, dict[int, str]]
) -> None:
    tenant, _ = shop
    response = await client.get("/posts/search?active=maybe", headers=host(tenant))
    assert response.status_code == 422
    assert response.json()["validation_errors"] == ["Active must be true or false"]
