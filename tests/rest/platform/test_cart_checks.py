"""Dialect A: POST /cart/merge, merging on login, POST /cart/validate."""

from __future__ import annotations

import httpx

from tenantry.serving.services import Services
from tests.conftest import Factory, TenantFixture
from tests.resolvers.cart import rows
from tests.rest.platform.auth_support import register
from tests.support import PASSWORD, bearer, member_token, members


def base(tenant: TenantFixture) -> str:
    return f"/api/{tenant.slug}"


async def guest_cart(
    client: httpx.AsyncClient, tenant: TenantFixture, product_id: int | None, quantity: int
) -> str:
    """A guest cart holding the product; the client forgets its cookie, the token is returned."""
    response = await client.post(
        f"{base(tenant)}/cart/items", json={"product_id": product_id, "quantity": quantity}
    )
    assert response.status_code == 200, response.text
    client.cookies.clear()
    token: str = response.json()["data"]["token"]
    return token


async def test_merge_moves_the_guest_cart_into_the_members(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    mug = await rows.product(services, tenant, price=1_000)
    token = await guest_cart(client, tenant, mug.id, 2)
    [member_id] = await members(services, tenant)
    headers = bearer(await member_token(services, tenant, member_id))
    await client.post(
        f"{base(tenant)}/cart/items", json={"product_id": mug.id, "quantity": 1}, headers=headers
    )

    # when
    response = await client.post(
        f"{base(tenant)}/cart/merge", json={"cart_token": token}, headers=headers
    )

    # then
    assert response.status_code == 200
    data = response.json()["data"]
    assert "token" not in data
    assert [item["quantity"] for item in data["items"]] == [3]
    gone = await client.get(f"{base(tenant)}/cart", headers={"X-Cart-Token": token})
    assert gone.json()["data"]["id"] is None


async def test_merge_needs_a_member(client: httpx.AsyncClient, factory: Factory) -> None:
    tenant = await factory.tenant()

    response = await client.post(f"{base(tenant)}/cart/merge", json={"cart_token": "abc"})

    assert response.status_code == 401
    assert response.json() == {"message": "Unauthenticated.", "code": "unauthenticated"}


async def test_merging_an_unknown_token_returns_the_member_cart(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    [member_id] = await members(services, tenant)
    headers = bearer(await member_token(services, tenant, member_id))

    response = await client.post(
        f"{base(tenant)}/cart/merge", json={"cart_token": "nope"}, headers=headers
    )

    assert response.status_code == 200
    assert response.json()["data"]["items"] == []
    assert isinstance(response.json()["data"]["id"], int)


async def test_login_with_a_cart_token_merges_the_guest_cart(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    mug = await rows.product(services, tenant)
    member = await register(client, tenant, email="buyer@example.com")
    token = await guest_cart(client, tenant, mug.id, 2)

    # when
    login = await client.post(
        f"{base(tenant)}/auth/login",
        json={"email": "buyer@example.com", "password": PASSWORD},
        headers={"X-Cart-Token": token},
    )

    # then
    assert login.status_code == 200, login.text
    access = login.json()["data"]["token"]
    cart = await client.get(f"{base(tenant)}/cart", headers=bearer(access))
    assert [item["quantity"] for item in cart.json()["data"]["items"]] == [2]
    assert member["member"]["email"] == "buyer@example.com"


async def test_a_failed_login_merges_nothing(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    mug = await rows.product(services, tenant)
    await register(client, tenant, email="buyer@example.com")
    token = await guest_cart(client, tenant, mug.id, 2)

    login = await client.post(
        f"{base(tenant)}/auth/login",
        json={"email": "buyer@example.com", "password": "wrong-password-1"},
        headers={"X-Cart-Token": token},
    )

    assert login.status_code == 401
    still = await client.get(f"{base(tenant)}/cart", headers={"X-Cart-Token": token})
    assert still.json()["data"]["item_count"] == 2


async def test_validate_reports_each_line(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    mug = await rows.product(services, tenant, "Mug", price=1_000, stock=5)
    cup = await rows.product(services, tenant, "Cup", price=500)
    for product, quantity in ((mug, 4), (cup, 1)):
        response = await client.post(
            f"{base(tenant)}/cart/items", json={"product_id": product.id, "quantity": quantity}
        )
    items = response.json()["data"]["items"]
    await rows.change_product(services, tenant, mug.id, price=1_100, stock=2)

    # when
    response = await client.post(f"{base(tenant)}/cart/validate")

    # then
    assert response.status_code == 200
    assert response.json() == {
        "data": {
            "valid": False,
            "items": [
                {
                    "item_id": items[0]["id"],
                    "product_id": mug.id,
                    "variant_id": None,
                    "name": "Mug",
                    "quantity": 4,
                    "unit_price": 1_000,
                    "current_price": 1_100,
                    "price_changed": True,
                    "available_quantity": 2,
                    "in_stock": False,
                    "is_available": True,
                    "valid": False,
                    "messages": ["Only 2 of Mug left in stock.", "The price of Mug has changed."],
                },
                {
                    "item_id": items[1]["id"],
                    "product_id": cup.id,
                    "variant_id": None,
                    "name": "Cup",
                    "quantity": 1,
                    "unit_price": 500,
                    "current_price": 500,
                    "price_changed": False,
                    "available_quantity": None,
                    "in_stock": True,
                    "is_available": True,
                    "valid": True,
                    "messages": [],
                },
            ],
            "messages": ["Only 2 of Mug left in stock.", "The price of Mug has changed."],
            "coupon_code": None,
            "coupon_error": None,
        }
    }


async def test_validate_an_empty_cart(client: httpx.AsyncClient, factory: Factory) -> None:
    tenant = await factory.tenant()

    response = await client.post(f"{base(tenant)}/cart/validate")

    assert response.status_code == 200
    assert response.json() == {
        "data": {
            "valid": False,
            "items": [],
            "messages": ["Your cart is empty."],
            "coupon_code": None,
            "coupon_error": None,
        }
    }
