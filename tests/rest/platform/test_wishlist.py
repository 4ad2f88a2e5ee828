"""Dialect A wishlist: GET, POST /wishlist, PUT and DELETE /wishlist/{id}, the product count."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest

from tenantry.models.catalog import Product
from tenantry.serving.services import Services
from tests.conftest import Factory, TenantFixture
from tests.resolvers.cart import rows
from tests.support import bearer, member_token, members

UNAUTHENTICATED = {"message": "Unauthenticated.", "code": "unauthenticated"}
ITEM_NOT_FOUND = {"message": "Wishlist item not found.", "code": "resource_missing"}


def base(tenant: TenantFixture) -> str:
    return f"/api/{tenant.slug}"


async def member(services: Services, tenant: TenantFixture) -> dict[str, str]:
    [member_id] = await members(services, tenant)
    return bearer(await member_token(services, tenant, member_id))


async def product_data(client: httpx.AsyncClient, tenant: TenantFixture, product: Product) -> Any:
    response = await client.get(f"{base(tenant)}/products/{product.slug}")
    assert response.status_code == 200, response.text
    return response.json()["data"]


async def add(
    client: httpx.AsyncClient, tenant: TenantFixture, headers: dict[str, str], **body: Any
) -> httpx.Response:
    return await client.post(f"{base(tenant)}/wishlist", json=body, headers=headers)


async def test_post_adds_and_answers_201_with_the_item(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    headers = await member(services, tenant)
    mug = await rows.product(services, tenant, "Mug", image="https://img.example/mug.png")

    # when
    response = await add(client, tenant, headers, product_id=mug.id, note="for Sam")

    # then
    assert response.status_code == 201
    data = response.json()["data"]
    assert data == {
        "id": data["id"],
        "product": await product_data(client, tenant, mug),
        "variant": None,
        "note": "for Sam",
        "created_at": data["created_at"],
    }
    assert data["created_at"].endswith("Z")


async def test_post_with_a_variant_shows_it(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    headers = await member(services, tenant)
    shirt = await rows.product(services, tenant, "Shirt", price=2000)
    large = await rows.variant(services, tenant, shirt, "L", price=2500, stock=3)

    response = await add(client, tenant, headers, product_id=shirt.id, variant_id=large.id)

    assert response.status_code == 201
    assert response.json()["data"]["variant"] == {
        "id": large.id,
        "name": "L",
        "sku": None,
        "options": {"size": "L"},
        "price": 2500,
        "stock": 3,
        "in_stock": True,
    }


async def test_posting_twice_answers_200_with_the_same_item(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    headers = await member(services, tenant)
    mug = await rows.product(services, tenant, "Mug")
    first = await add(client, tenant, headers, product_id=mug.id)

    second = await add(client, tenant, headers, product_id=mug.id)

    assert (first.status_code, second.status_code) == (201, 200)
    assert second.json()["data"]["id"] == first.json()["data"]["id"]


async def test_ten_concurrent_posts_keep_one_item(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    headers = await member(services, tenant)
    mug = await rows.product(services, tenant, "Mug")

    responses = await asyncio.gather(
        *(add(client, tenant, headers, product_id=mug.id) for _ in range(10))
    )

    assert sorted(r.status_code for r in responses) == [200] * 9 + [201]
    assert len({r.json()["data"]["id"] for r in responses}) == 1
    count = await client.get(f"{base(tenant)}/wishlist/count", headers=headers)
    assert count.json() == {"data": {"count": 1}}


@pytest.mark.parametrize(
    ("body", "errors", "code"),
    [
        ({}, {"product_id": ["The product id field is required."]}, "parameter_missing"),
        (
            {"product_id": "abc"},
            {"product_id": ["The product id field must be an integer."]},
            "parameter_invalid",
        ),
        (
            {"product_id": 999_999},
            {"product_id": ["The selected product is invalid."]},
            "parameter_invalid",
        ),
        (
            {"product_id": 0, "note": "x" * 1001},
            {
                "product_id": ["The selected product id is invalid."],
                "note": ["The note field must not be greater than 1000 characters."],
            },
            "parameter_invalid",
        ),
    ],
)
async def test_post_with_invalid_input_is_422(
    client: httpx.AsyncClient,
    factory: Factory,
    services: Services,
    body: dict[str, Any],
    errors: dict[str, list[str]],
    code: str,
) -> None:
    tenant = await factory.tenant()
    headers = await member(services, tenant)

    response = await add(client, tenant, headers, **body)

    assert response.status_code == 422
    assert response.json() == {
        "message": "The given data was invalid.",
        "code": code,
        "errors": errors,
    }


async def test_another_tenants_product_is_422(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant, other = await factory.tenant(), await factory.tenant()
    headers = await member(services, tenant)
    theirs = await rows.product(services, other, "Theirs")

    response = await add(client, tenant, headers, product_id=theirs.id)

    assert response.status_code == 422
    assert response.json()["errors"] == {"product_id": ["The selected product is invalid."]}


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/wishlist"),
        ("POST", "/wishlist"),
        ("POST", "/wishlist/toggle"),
        ("GET", "/wishlist/check?product_id=1"),
        ("POST", "/wishlist/check-bulk"),
        ("GET", "/wishlist/count"),
        ("POST", "/wishlist/move-to-cart"),
        ("PUT", "/wishlist/1"),
        ("DELETE", "/wishlist/1"),
    ],
)
async def test_a_guest_is_401(
    client: httpx.AsyncClient, factory: Factory, method: str, path: str
) -> None:
    tenant = await factory.tenant()

    response = await client.request(method, f"{base(tenant)}{path}", json={"product_id": 1})

    assert response.status_code == 401
    assert response.json() == UNAUTHENTICATED


async def test_get_lists_newest_first_with_meta(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    headers = await member(services, tenant)
    products = [await rows.product(services, tenant, f"P{n}") for n in range(3)]
    for product in products:
        await add(client, tenant, headers, product_id=product.id)

    # when
    response = await client.get(f"{base(tenant)}/wishlist?per_page=2&page=1", headers=headers)

    # then
    assert response.status_code == 200
    body = response.json()
    assert [item["product"]["id"] for item in body["data"]] == [products[2].id, products[1].id]
    assert body["meta"] == {"current_page": 1, "last_page": 2, "per_page": 2, "total": 3}


async def test_get_with_a_bad_page_is_422(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    headers = await member(services, tenant)

    response = await client.get(f"{base(tenant)}/wishlist?per_page=500", headers=headers)

    assert response.status_code == 422
    assert response.json()["errors"] == {
        "per_page": ["The per page field must be between 1 and 100."]
    }


async def test_each_member_sees_only_their_own(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    mine, theirs = await member(services, tenant), await member(services, tenant)
    mug = await rows.product(services, tenant, "Mug")
    await add(client, tenant, theirs, product_id=mug.id)

    response = await client.get(f"{base(tenant)}/wishlist", headers=mine)

    assert response.json() == {
        "data": [],
        "meta": {"current_page": 1, "last_page": 1, "per_page": 15, "total": 0},
    }


async def test_put_updates_the_note(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    headers = await member(services, tenant)
    mug = await rows.product(services, tenant, "Mug")
    item = (await add(client, tenant, headers, product_id=mug.id)).json()["data"]

    response = await client.put(
        f"{base(tenant)}/wishlist/{item['id']}", json={"note": "gift"}, headers=headers
    )

    assert response.status_code == 200
    assert response.json() == {"data": {**item, "note": "gift"}}


async def test_put_without_a_note_is_422(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    headers = await member(services, tenant)
    mug = await rows.product(services, tenant, "Mug")
    item = (await add(client, tenant, headers, product_id=mug.id)).json()["data"]

    response = await client.put(f"{base(tenant)}/wishlist/{item['id']}", json={}, headers=headers)

    assert response.status_code == 422
    assert response.json()["errors"] == {"note": ["The note field is required."]}


async def test_delete_removes_the_item(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    headers = await member(services, tenant)
    mug = await rows.product(services, tenant, "Mug")
    item = (await add(client, tenant, headers, product_id=mug.id)).json()["data"]

    response = await client.delete(f"{base(tenant)}/wishlist/{item['id']}", headers=headers)

    assert response.status_code == 200
    assert response.json() == {"message": "Removed from wishlist."}
    count = await client.get(f"{base(tenant)}/wishlist/count", headers=headers)
    assert count.json() == {"data": {"count": 0}}


@pytest.mark.parametrize("method", ["PUT", "DELETE"])
async def test_another_members_item_is_404(
    client: httpx.AsyncClient, factory: Factory, services: Services, method: str
) -> None:
    tenant = await factory.tenant()
    owner, other = await member(services, tenant), await member(services, tenant)
    mug = await rows.product(services, tenant, "Mug")
    item = (await add(client, tenant, owner, product_id=mug.id)).json()["data"]

    response = await client.request(
        method, f"{base(tenant)}/wishlist/{item['id']}", json={"note": "x"}, headers=other
    )

    assert response.status_code == 404
    assert response.json() == ITEM_NOT_FOUND


@pytest.mark.parametrize("item", ["999999", "abc"])
async def test_an_unknown_item_is_404(
    client: httpx.AsyncClient, factory: Factory, services: Services, item: str
) -> None:
    tenant = await factory.tenant()
    headers = await member(services, tenant)

    response = await client.delete(f"{base(tenant)}/wishlist/{item}", headers=headers)

    assert response.status_code == 404
    assert response.json() == ITEM_NOT_FOUND


async def test_the_product_count_is_public(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    first, second = await member(services, tenant), await member(services, tenant)
    mug = await rows.product(services, tenant, "Mug")
    await add(client, tenant, first, product_id=mug.id)
    await add(client, tenant, second, product_id=mug.id)

    response = await client.get(f"{base(tenant)}/products/{mug.slug}/wishlist-count")

    assert response.status_code == 200
    assert response.json() == {"data": {"count": 2}}


async def test_the_product_count_of_an_unknown_slug_is_404(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant, other = await factory.tenant(), await factory.tenant()
    theirs = await rows.product(services, other, "Theirs")

    for slug in ("nope", theirs.slug):
        response = await client.get(f"{base(tenant)}/products/{slug}/wishlist-count")

        assert response.status_code == 404
        assert response.json() == {"message": "Product not found.", "code": "resource_missing"}
