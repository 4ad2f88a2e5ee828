"""Dialect A cart paths: envelopes, the guest token and cookie, and every error's shape."""

from __future__ import annotations

from typing import Any

import httpx

from tenantry.models.catalog import Product
from tenantry.serving.services import Services
from tests.conftest import Factory, TenantFixture
from tests.resolvers.cart import rows
from tests.support import bearer, member_token, members

THIRTY_DAYS = 30 * 24 * 3600


def base(tenant: TenantFixture) -> str:
    return f"/api/{tenant.slug}"


def item_json(
    item_id: int,
    product: Product,
    quantity: int,
    *,
    in_stock: bool = True,
    image: str | None = None,
) -> dict[str, Any]:
    return {
        "id": item_id,
        "product": {
            "id": product.id,
            "name": product.name,
            "slug": product.slug,
            "type": "simple",
            "image": image,
        },
        "variant": None,
        "quantity": quantity,
        "unit_price": product.price,
        "total": product.price * quantity,
        "in_stock": in_stock,
    }


async def add(
    client: httpx.AsyncClient, tenant: TenantFixture, body: dict[str, Any], **headers: str
) -> httpx.Response:
    return await client.post(f"{base(tenant)}/cart/items", json=body, headers=headers)


async def test_a_guest_without_a_cart_sees_an_empty_one(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    tenant = await factory.tenant(currency="KRW")

    response = await client.get(f"{base(tenant)}/cart")

    assert response.status_code == 200
    assert response.json() == {
        "data": {
            "id": None,
            "token": None,
            "items": [],
            "item_count": 0,
            "subtotal": 0,
            "discount": 0,
            "coupon_code": None,
            "total": 0,
            "currency": "KRW",
        }
    }
    assert "set-cookie" not in response.headers


async def test_a_new_guest_cart_returns_its_token_and_sets_the_cookie(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    mug = await rows.product(services, tenant, price=1_500, image="https://img.example/m.png")

    # when
    response = await add(client, tenant, {"product_id": mug.id, "quantity": 2})

    # then
    assert response.status_code == 200
    data = response.json()["data"]
    token = data["token"]
    [item] = await rows.cart_rows(services, tenant, data["id"])
    assert data == {
        "id": data["id"],
        "token": token,
        "items": [item_json(item.id or 0, mug, 2, image="https://img.example/m.png")],
        "item_count": 2,
        "subtotal": 3_000,
        "discount": 0,
        "coupon_code": None,
        "total": 3_000,
        "currency": "USD",
    }
    cookie = response.headers["set-cookie"]
    assert cookie.startswith(f"cart_token={token};")
    assert "HttpOnly" in cookie
    assert "SameSite=lax" in cookie
    assert f"Max-Age={THIRTY_DAYS}" in cookie
    assert f"Path=/api/{tenant.slug}" in cookie


async def test_the_cookie_names_the_same_cart_next_time(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    mug = await rows.product(services, tenant)
    first = (await add(client, tenant, {"product_id": mug.id, "quantity": 1})).json()["data"]

    response = await add(client, tenant, {"product_id": mug.id, "quantity": 2})

    assert response.json()["data"]["id"] == first["id"]
    assert response.json()["data"]["items"][0]["quantity"] == 3
    assert "set-cookie" not in response.headers


async def test_the_header_names_the_same_cart(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    mug = await rows.product(services, tenant)
    first = (await add(client, tenant, {"product_id": mug.id, "quantity": 1})).json()["data"]
    client.cookies.clear()

    # when
    response = await client.get(f"{base(tenant)}/cart", headers={"X-Cart-Token": first["token"]})

    # then
    assert response.json()["data"]["id"] == first["id"]
    assert response.json()["data"]["item_count"] == 1


async def test_guest_carts_are_isolated(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    mug = await rows.product(services, tenant)
    owner = (await add(client, tenant, {"product_id": mug.id, "quantity": 1})).json()["data"]
    client.cookies.clear()
    stranger = (await add(client, tenant, {"product_id": mug.id, "quantity": 1})).json()["data"]
    item_id = owner["items"][0]["id"]

    # when
    response = await client.put(
        f"{base(tenant)}/cart/items/{item_id}",
        json={"quantity": 5},
        headers={"X-Cart-Token": stranger["token"]},
    )

    # then
    assert stranger["id"] != owner["id"]
    assert response.status_code == 404
    assert response.json() == {"message": "Cart item not found.", "code": "resource_missing"}


async def test_a_members_cart_has_no_token(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    [member_id] = await members(services, tenant)
    token = await member_token(services, tenant, member_id)
    mug = await rows.product(services, tenant)

    response = await add(client, tenant, {"product_id": mug.id, "quantity": 1}, **bearer(token))

    assert response.status_code == 200
    assert "token" not in response.json()["data"]
    assert "set-cookie" not in response.headers
    shown = await client.get(f"{base(tenant)}/cart", headers=bearer(token))
    assert shown.json()["data"]["id"] == response.json()["data"]["id"]


async def test_a_client_sent_price_is_ignored(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    mug = await rows.product(services, tenant, price=1_000)

    response = await add(
        client, tenant, {"product_id": mug.id, "quantity": 1, "unit_price": 1, "total": 1}
    )

    assert response.json()["data"]["items"][0]["unit_price"] == 1_000
    assert response.json()["data"]["total"] == 1_000


async def test_an_invalid_quantity_is_422_naming_quantity(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    mug = await rows.product(services, tenant)

    response = await add(client, tenant, {"product_id": mug.id, "quantity": 0})

    assert response.status_code == 422
    assert response.json() == {
        "message": "The given data was invalid.",
        "code": "parameter_invalid",
        "errors": {"quantity": ["The quantity field must be at least 1."]},
    }


async def test_an_unknown_product_is_422(client: httpx.AsyncClient, factory: Factory) -> None:
    tenant = await factory.tenant()

    response = await add(client, tenant, {"product_id": 987_654, "quantity": 1})

    assert response.status_code == 422
    assert response.json() == {
        "message": "The given data was invalid.",
        "code": "parameter_invalid",
        "errors": {"product_id": ["The selected product is invalid."]},
    }


async def test_another_tenants_product_is_refused(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant, other = await factory.tenant(), await factory.tenant()
    theirs = await rows.product(services, other)

    response = await add(client, tenant, {"product_id": theirs.id, "quantity": 1})

    assert response.status_code == 422
    assert response.json()["errors"] == {"product_id": ["The selected product is invalid."]}


async def test_out_of_stock_is_409_with_a_message(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    mug = await rows.product(services, tenant, "Blue Mug", stock=2)

    response = await add(client, tenant, {"product_id": mug.id, "quantity": 3})

    assert response.status_code == 409
    assert response.json() == {
        "message": "Only 2 of Blue Mug left in stock.",
        "code": "out_of_stock",
    }


async def test_a_malformed_body_is_400(client: httpx.AsyncClient, factory: Factory) -> None:
    tenant = await factory.tenant()

    response = await client.post(
        f"{base(tenant)}/cart/items",
        content=b"{not json",
        headers={"Content-Type": "application/json"},
    )

    assert response.status_code == 400
    assert response.json() == {"message": "Malformed JSON body.", "code": "malformed_json"}
