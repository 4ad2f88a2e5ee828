"""Orders to pay and cards to pay them with, over dialect B."""

from __future__ import annotations

from typing import Any

import httpx

from tenantry.serving.services import Services
from tests.conftest import TenantFixture
from tests.resolvers.cart.rows import product
from tests.support import bearer

GOOD_CARD = {"number": "4242424242424242", "exp_month": 12, "exp_year": 2099, "cvc": "123"}
STREET = {"street": "1 Main St", "city": "Seoul", "zip": "04524", "country": "KR"}


def key(tenant: TenantFixture, **extra: str) -> dict[str, str]:
    return bearer(tenant.secret_key, **extra)


async def b_order(
    client: httpx.AsyncClient,
    services: Services,
    tenant: TenantFixture,
    *,
    price: int = 2999,
    quantity: int = 2,
    stock: int = 50,
) -> dict[str, Any]:
    shirt = await product(services, tenant, "Shirt", price=price, stock=stock)
    body = {
        "items": [{"product_id": f"prod_{shirt.id}", "quantity": quantity}],
        "shipping_address": STREET,
    }
    response = await client.post("/v1/orders", json=body, headers=key(tenant))
    assert response.status_code == 200, response.text
    order: dict[str, Any] = response.json()
    return order


def card_body(order: dict[str, Any], card: dict[str, Any] | None = None, **extra: Any) -> Any:
    return {
        "order_id": order["id"],
        "amount": order["total"],
        "currency": order["currency"],
        "payment_method": "card",
        "card": card or GOOD_CARD,
        **extra,
    }


async def pay(
    client: httpx.AsyncClient,
    tenant: TenantFixture,
    order: dict[str, Any],
    card: dict[str, Any] | None = None,
    **headers: str,
) -> httpx.Response:
    return await client.post(
        "/v1/payments", json=card_body(order, card), headers=key(tenant, **headers)
    )
