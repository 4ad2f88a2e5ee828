"""Dialect A orders: POST /orders, POST /orders/preview, envelopes and errors."""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest

from tenantry.models.catalog import Product
from tenantry.models.order import Order
from tenantry.serving.services import Services
from tests.conftest import Factory, TenantFixture
from tests.resolvers.cart.rows import coupon, load_coupon, product
from tests.resolvers.orders.support import ADDRESS, fill_cart, stock_of
from tests.support import bearer, count, member_token, members

pytestmark = pytest.mark.usefixtures("app")

ISO = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z")


async def member_with(
    services: Services, tenant: TenantFixture, *lines: tuple[Product, int]
) -> str:
    [member_id] = await members(services, tenant)
    await fill_cart(services, tenant, member_id, *[(p, None, q) for p, q in lines])
    return await member_token(services, tenant, member_id)


async def post(
    client: httpx.AsyncClient, tenant: TenantFixture, token: str | None, body: Any, **headers: str
) -> httpx.Response:
    sent = {**(bearer(token) if token else {}), **headers}
    return await client.post(f"/api/{tenant.slug}/orders", json=body, headers=sent)


async def test_creating_an_order_answers_201_with_the_order(
    client: httpx.AsyncClient, services: Services, factory: Factory
) -> None:
    # given
    tenant = await factory.tenant()
    mug = await product(services, tenant, "Mug", price=1500, stock=5)
    token = await member_with(services, tenant, (mug, 2))
    # when
    response = await post(client, tenant, token, {"shipping_address": ADDRESS, "note": "Ring"})
    # then
    assert response.status_code == 201, response.text
    data = response.json()["data"]
    assert re.fullmatch(r"ORD-\d{8}-[A-Z2-9]{6}", data["order_number"])
    assert ISO.fullmatch(data["created_at"])
    assert data == {
        "id": data["id"],
        "order_number": data["order_number"],
        "status": "pending",
        "currency": tenant.info.currency,
        "subtotal": 3000,
        "discount_total": 0,
        "shipping_total": 0,
        "tax_total": 0,
        "total": 3000,
        "coupon_code": None,
        "items_count": 2,
        "items": [
            {
                "id": data["items"][0]["id"],
                "product_id": mug.id,
                "variant_id": None,
                "product_type": "simple",
                "name": "Mug",
                "sku": mug.sku,
                "options": {},
                "unit_price": 1500,
                "quantity": 2,
                "total": 3000,
            }
        ],
        "shipping_address": ADDRESS,
        "billing_address": None,
        "note": "Ring",
        "paid_at": None,
        "cancelled_at": None,
        "created_at": data["created_at"],
        "updated_at": data["updated_at"],
        "status_history": [
            {
                "from_status": None,
                "to_status": "pending",
                "note": "",
                "created_at": data["created_at"],
            }
        ],
    }
    assert await stock_of(services, tenant, mug) == 3


async def test_client_sent_prices_totals_and_status_change_nothing(
    client: httpx.AsyncClient, services: Services, factory: Factory
) -> None:
    tenant = await factory.tenant()
    mug = await product(services, tenant, "Mug", price=1500)
    token = await member_with(services, tenant, (mug, 1))
    body = {
        "shipping_address": ADDRESS,
        "status": "completed",
        "total": 1,
        "subtotal": 1,
        "discount_total": 1499,
        "items": [{"product_id": mug.id, "quantity": 1, "unit_price": 1, "price": 1}],
    }
    response = await post(client, tenant, token, body)
    assert response.status_code == 201
    data = response.json()["data"]
    assert (data["status"], data["subtotal"], data["discount_total"], data["total"]) == (
        "pending",
        1500,
        0,
        1500,
    )
    assert data["items"][0]["unit_price"] == 1500


async def test_an_empty_cart_is_422(
    client: httpx.AsyncClient, services: Services, factory: Factory
) -> None:
    tenant = await factory.tenant()
    token = await member_with(services, tenant)
    response = await post(client, tenant, token, {"shipping_address": ADDRESS})
    assert response.status_code == 422
    assert response.json() == {
        "message": "The given data was invalid.",
        "code": "parameter_invalid",
        "errors": {"cart": ["Your cart is empty."]},
    }


async def test_an_incomplete_address_is_422(
    client: httpx.AsyncClient, services: Services, factory: Factory
) -> None:
    tenant = await factory.tenant()
    mug = await product(services, tenant, "Mug")
    token = await member_with(services, tenant, (mug, 1))
    response = await post(client, tenant, token, {"shipping_address": {**ADDRESS, "zip": ""}})
    assert response.status_code == 422
    assert response.json() == {
        "message": "The given data was invalid.",
        "code": "parameter_invalid",
        "errors": {
            "shipping_address.zip": [
                "The shipping address.zip field must be at least 1 characters."
            ]
        },
    }


async def test_a_missing_address_for_parcels_is_422(
    client: httpx.AsyncClient, services: Services, factory: Factory
) -> None:
    tenant = await factory.tenant()
    mug = await product(services, tenant, "Mug")
    token = await member_with(services, tenant, (mug, 1))
    response = await post(client, tenant, token, {})
    assert response.status_code == 422
    assert response.json()["errors"] == {
        "shipping_address": ["The shipping address field is required."]
    }


async def test_out_of_stock_is_409(
    client: httpx.AsyncClient, services: Services, factory: Factory
) -> None:
    tenant = await factory.tenant()
    mug = await product(services, tenant, "Mug", stock=1)
    token = await member_with(services, tenant, (mug, 2))
    response = await post(client, tenant, token, {"shipping_address": ADDRESS})
    assert response.status_code == 409
    assert response.json() == {"message": "Mug is out of stock.", "code": "out_of_stock"}
    assert await count(services, tenant, Order) == 0


async def test_creating_needs_a_member_token(client: httpx.AsyncClient, factory: Factory) -> None:
    tenant = await factory.tenant()
    response = await post(client, tenant, None, {"shipping_address": ADDRESS})
    assert response.status_code == 401
    assert response.json() == {"message": "Unauthenticated.", "code": "unauthenticated"}


async def test_a_malformed_body_is_400(
    client: httpx.AsyncClient, services: Services, factory: Factory
) -> None:
    tenant = await factory.tenant()
    token = await member_with(services, tenant)
    response = await client.post(
        f"/api/{tenant.slug}/orders", content=b"{not json", headers=bearer(token)
    )
    assert response.status_code == 400
    assert response.json() == {"message": "Malformed JSON body.", "code": "malformed_json"}


async def test_a_coupon_is_applied_and_used(
    client: httpx.AsyncClient, services: Services, factory: Factory
) -> None:
    tenant = await factory.tenant()
    mug = await product(services, tenant, "Mug", price=10000)
    save = await coupon(services, tenant, "SAVE10", value=10)
    token = await member_with(services, tenant, (mug, 1))
    response = await post(
        client, tenant, token, {"shipping_address": ADDRESS, "coupon_code": "SAVE10"}
    )
    data = response.json()["data"]
    assert (data["discount_total"], data["total"], data["coupon_code"]) == (1000, 9000, "SAVE10")
    assert (await load_coupon(services, tenant, save.id)).usage_count == 1


async def test_an_invalid_coupon_is_422(
    client: httpx.AsyncClient, services: Services, factory: Factory
) -> None:
    tenant = await factory.tenant()
    mug = await product(services, tenant, "Mug")
    token = await member_with(services, tenant, (mug, 1))
    response = await post(client, tenant, token, {"shipping_address": ADDRESS, "coupon_code": "X"})
    assert response.status_code == 422
    assert response.json()["errors"] == {"coupon_code": ["The coupon code is invalid."]}


async def test_preview_shows_totals_and_writes_nothing(
    client: httpx.AsyncClient, services: Services, factory: Factory
) -> None:
    # given
    tenant = await factory.tenant()
    mug = await product(services, tenant, "Mug", price=10000, stock=4)
    await coupon(services, tenant, "SAVE10", value=10)
    token = await member_with(services, tenant, (mug, 1))
    # when
    response = await client.post(
        f"/api/{tenant.slug}/orders/preview",
        json={"coupon_code": "SAVE10"},
        headers=bearer(token),
    )
    # then
    assert response.status_code == 200
    assert response.json() == {
        "data": {
            "items": [
                {
                    "product_id": mug.id,
                    "variant_id": None,
                    "product_type": "simple",
                    "name": "Mug",
                    "sku": mug.sku,
                    "options": {},
                    "unit_price": 10000,
                    "quantity": 1,
                    "total": 10000,
                }
            ],
            "currency": tenant.info.currency,
            "subtotal": 10000,
            "discount_total": 1000,
            "shipping_total": 0,
            "tax_total": 0,
            "total": 9000,
            "needs_shipping": True,
            "coupon": {"code": "SAVE10", "valid": True, "discount": 1000, "message": None},
        }
    }
    assert await stock_of(services, tenant, mug) == 4
    assert await count(services, tenant, Order) == 0


async def test_preview_reports_a_coupon_problem(
    client: httpx.AsyncClient, services: Services, factory: Factory
) -> None:
    tenant = await factory.tenant()
    mug = await product(services, tenant, "Mug", price=1000)
    token = await member_with(services, tenant, (mug, 1))
    response = await client.post(
        f"/api/{tenant.slug}/orders/preview", json={"coupon_code": "NOPE"}, headers=bearer(token)
    )
    assert response.status_code == 200
    data = response.json()["data"]
    assert data["coupon"] == {
        "code": "NOPE",
        "valid": False,
        "discount": 0,
        "message": "The coupon code is invalid.",
    }
    assert data["total"] == 1000


async def test_preview_needs_a_member_token(client: httpx.AsyncClient, factory: Factory) -> None:
    tenant = await factory.tenant()
    response = await client.post(f"/api/{tenant.slug}/orders/preview", json={})
    assert response.status_code == 401
    assert response.json() == {"message": "Unauthenticated.", "code": "unauthenticated"}
