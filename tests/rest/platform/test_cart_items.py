"""Dialect A: PUT and DELETE /cart/items/{item}, DELETE /cart."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tenantry.serving.services import Services
from tests.conftest import Factory, TenantFixture
from tests.resolvers.cart import rows
from tests.support import bearer, member_token, members


def base(tenant: TenantFixture) -> str:
    return f"/api/{tenant.slug}"


async def member_with_item(
    client: httpx.AsyncClient,
    services: Services,
    tenant: TenantFixture,
    *,
    stock: int | None = None,
    quantity: int = 1,
) -> tuple[dict[str, str], dict[str, Any]]:
    """A signed-in member's headers and their cart, holding one line."""
    [member_id] = await members(services, tenant)
    headers = bearer(await member_token(services, tenant, member_id))
    mug = await rows.product(services, tenant, "Mug", price=1_000, stock=stock)
    response = await client.post(
        f"{base(tenant)}/cart/items",
        json={"product_id": mug.id, "quantity": quantity},
        headers=headers,
    )
    assert response.status_code == 200, response.text
    cart: dict[str, Any] = response.json()["data"]
    return headers, cart


async def test_put_sets_the_quantity(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    headers, cart = await member_with_item(client, services, tenant)
    item_id = cart["items"][0]["id"]

    response = await client.put(
        f"{base(tenant)}/cart/items/{item_id}", json={"quantity": 4}, headers=headers
    )

    assert response.status_code == 200
    data = response.json()["data"]
    assert data["items"][0]["quantity"] == 4
    assert data["items"][0]["total"] == 4_000
    assert (data["item_count"], data["subtotal"], data["total"]) == (4, 4_000, 4_000)


@pytest.mark.parametrize("quantity", [0, -1])
async def test_put_with_a_quantity_below_one_is_422(
    client: httpx.AsyncClient, factory: Factory, services: Services, quantity: int
) -> None:
    tenant = await factory.tenant()
    headers, cart = await member_with_item(client, services, tenant)
    item_id = cart["items"][0]["id"]

    response = await client.put(
        f"{base(tenant)}/cart/items/{item_id}", json={"quantity": quantity}, headers=headers
    )

    assert response.status_code == 422
    assert response.json() == {
        "message": "The given data was invalid.",
        "code": "parameter_invalid",
        "errors": {"quantity": ["The quantity field must be at least 1."]},
    }


async def test_put_without_a_quantity_is_422(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    headers, cart = await member_with_item(client, services, tenant)
    item_id = cart["items"][0]["id"]

    response = await client.put(f"{base(tenant)}/cart/items/{item_id}", json={}, headers=headers)

    assert response.status_code == 422
    assert response.json()["errors"] == {"quantity": ["The quantity field is required."]}


async def test_put_beyond_the_stock_is_409(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    headers, cart = await member_with_item(client, services, tenant, stock=3)
    item_id = cart["items"][0]["id"]

    response = await client.put(
        f"{base(tenant)}/cart/items/{item_id}", json={"quantity": 9}, headers=headers
    )

    assert response.status_code == 409
    assert response.json() == {"message": "Only 3 of Mug left in stock.", "code": "out_of_stock"}


async def test_another_members_item_is_404(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    _, cart = await member_with_item(client, services, tenant)
    other_headers, _ = await member_with_item(client, services, tenant)
    item_id = cart["items"][0]["id"]

    # when
    put = await client.put(
        f"{base(tenant)}/cart/items/{item_id}", json={"quantity": 2}, headers=other_headers
    )
    delete = await client.delete(f"{base(tenant)}/cart/items/{item_id}", headers=other_headers)

    # then
    assert (put.status_code, delete.status_code) == (404, 404)
    assert put.json() == {"message": "Cart item not found.", "code": "resource_missing"}
    assert delete.json() == {"message": "Cart item not found.", "code": "resource_missing"}


@pytest.mark.parametrize("item", ["abc", "999999"])
async def test_an_unknown_item_is_404(
    client: httpx.AsyncClient, factory: Factory, services: Services, item: str
) -> None:
    tenant = await factory.tenant()
    headers, _ = await member_with_item(client, services, tenant)

    response = await client.delete(f"{base(tenant)}/cart/items/{item}", headers=headers)

    assert response.status_code == 404
    assert response.json() == {"message": "Cart item not found.", "code": "resource_missing"}


async def test_delete_removes_the_line(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    headers, cart = await member_with_item(client, services, tenant, quantity=2)
    item_id = cart["items"][0]["id"]

    response = await client.delete(f"{base(tenant)}/cart/items/{item_id}", headers=headers)

    assert response.status_code == 200
    data = response.json()["data"]
    assert (data["id"], data["items"], data["item_count"], data["total"]) == (
        cart["id"],
        [],
        0,
        0,
    )


async def test_delete_cart_empties_it(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    headers, cart = await member_with_item(client, services, tenant, quantity=3)

    response = await client.delete(f"{base(tenant)}/cart", headers=headers)

    assert response.status_code == 200
    assert response.json() == {
        "data": {
            "id": cart["id"],
            "items": [],
            "item_count": 0,
            "subtotal": 0,
            "discount": 0,
            "coupon_code": None,
            "total": 0,
            "currency": "USD",
        }
    }
    shown = await client.get(f"{base(tenant)}/cart", headers=headers)
    assert shown.json()["data"]["items"] == []
