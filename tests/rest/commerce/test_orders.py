"""Dialect B /v1/orders: create from items, list, retrieve, update, cancel."""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest

from tenantry.models.catalog import Product
from tenantry.models.order import Order
from tenantry.serving.services import Services
from tests.conftest import Factory, TenantFixture
from tests.resolvers.cart.rows import product
from tests.resolvers.orders.support import stock_of
from tests.support import bearer, count, events_of

pytestmark = pytest.mark.usefixtures("app")

STREET = {
    "street": "123 Main St",
    "city": "San Francisco",
    "state": "CA",
    "zip": "94102",
    "country": "US",
}
TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")


def key(tenant: TenantFixture, **extra: str) -> dict[str, str]:
    return bearer(tenant.secret_key, **extra)


async def customer(client: httpx.AsyncClient, tenant: TenantFixture) -> str:
    response = await client.post(
        "/v1/customers", json={"email": "customer@example.com"}, headers=key(tenant)
    )
    customer_id: str = response.json()["id"]
    return customer_id


async def create(
    client: httpx.AsyncClient, tenant: TenantFixture, body: dict[str, Any], **headers: str
) -> httpx.Response:
    return await client.post("/v1/orders", json=body, headers=key(tenant, **headers))


def items(shirt: Product, quantity: Any = 2) -> list[dict[str, Any]]:
    return [{"product_id": f"prod_{shirt.id}", "quantity": quantity}]


async def placed(
    client: httpx.AsyncClient, tenant: TenantFixture, shirt: Product, **extra: Any
) -> dict[str, Any]:
    """An order of 2 shirts, as B returned it."""
    body = {"items": items(shirt), "shipping_address": STREET, **extra}
    response = await create(client, tenant, body)
    assert response.status_code == 200, response.text
    order: dict[str, Any] = response.json()
    return order


async def test_creating_an_order_returns_the_seed_s_order_object(
    client: httpx.AsyncClient, services: Services, factory: Factory
) -> None:
    # given
    tenant = await factory.tenant()
    shirt = await product(services, tenant, "Premium T-Shirt", price=2999, stock=150)
    cust = await customer(client, tenant)
    # when
    response = await create(
        client, tenant, {"customer_id": cust, "items": items(shirt), "shipping_address": STREET}
    )
    # then
    assert response.status_code == 200, response.text
    body = response.json()
    assert re.fullmatch(r"ord_\d+", body["id"])
    assert TIME.fullmatch(body["created_at"])
    assert body == {
        "id": body["id"],
        "object": "order",
        "customer_id": cust,
        "status": "pending",
        "total": 5998,
        "currency": tenant.info.currency.lower(),
        "items": [
            {"product_id": f"prod_{shirt.id}", "quantity": 2, "price": 2999, "name": shirt.name}
        ],
        "created_at": body["created_at"],
        "number": body["number"],
        "subtotal": 5998,
        "discount_total": 0,
        "shipping_total": 0,
        "tax_total": 0,
        "shipping_address": STREET,
        "note": "",
        "updated_at": body["updated_at"],
    }
    assert await stock_of(services, tenant, shirt) == 148
    [event] = await events_of(services, tenant, "order", int(body["id"][4:]))
    assert (event.type, event.data) == ("order.created", body)


async def test_client_sent_price_total_and_status_are_ignored(
    client: httpx.AsyncClient, services: Services, factory: Factory
) -> None:
    tenant = await factory.tenant()
    shirt = await product(services, tenant, "Shirt", price=2999)
    body = {
        "items": [{"product_id": f"prod_{shirt.id}", "quantity": 1, "price": 1}],
        "shipping_address": STREET,
        "total": 1,
        "status": "completed",
        "currency": "eur",
    }
    response = await create(client, tenant, body)
    data = response.json()
    assert (data["status"], data["total"], data["items"][0]["price"]) == ("pending", 2999, 2999)
    assert data["currency"] == tenant.info.currency.lower()


async def test_an_invalid_quantity_is_400(
    client: httpx.AsyncClient, services: Services, factory: Factory
) -> None:
    tenant = await factory.tenant()
    shirt = await product(services, tenant, "Shirt")
    response = await create(client, tenant, {"items": items(shirt, 0), "shipping_address": STREET})
    assert response.status_code == 400
    assert response.json() == {
        "error": {
            "type": "invalid_request_error",
            "message": "The items.0.quantity field must be at least 1.",
            "param": "items.0.quantity",
            "code": "parameter_invalid",
        }
    }


async def test_missing_items_are_400(client: httpx.AsyncClient, factory: Factory) -> None:
    tenant = await factory.tenant()
    response = await create(client, tenant, {"shipping_address": STREET})
    assert response.status_code == 400
    assert response.json() == {
        "error": {
            "type": "invalid_request_error",
            "message": "Missing required parameter: items",
            "param": "items",
            "code": "parameter_missing",
        }
    }


async def test_an_unknown_customer_is_400_resource_missing(
    client: httpx.AsyncClient, services: Services, factory: Factory
) -> None:
    tenant = await factory.tenant()
    shirt = await product(services, tenant, "Shirt")
    response = await create(
        client,
        tenant,
        {"customer_id": "cust_999999", "items": items(shirt), "shipping_address": STREET},
    )
    assert response.status_code == 400
    assert response.json() == {
        "error": {
            "type": "invalid_request_error",
            "message": "No such customer: 'cust_999999'",
            "param": "customer_id",
            "code": "resource_missing",
        }
    }


@pytest.mark.parametrize("raw", ["prod_999999", "prod_x", "ord_1"])
async def test_an_unknown_product_is_400_resource_missing(
    raw: str, client: httpx.AsyncClient, factory: Factory
) -> None:
    tenant = await factory.tenant()
    response = await create(
        client, tenant, {"items": [{"product_id": raw, "quantity": 1}], "shipping_address": STREET}
    )
    assert response.status_code == 400
    assert response.json() == {
        "error": {
            "type": "invalid_request_error",
            "message": f"No such product: '{raw}'",
            "param": "items.0.product_id",
            "code": "resource_missing",
        }
    }


async def test_out_of_stock_is_409_out_of_stock(
    client: httpx.AsyncClient, services: Services, factory: Factory
) -> None:
    tenant = await factory.tenant()
    shirt = await product(services, tenant, "Shirt", stock=1)
    response = await create(client, tenant, {"items": items(shirt), "shipping_address": STREET})
    assert response.status_code == 409
    assert response.json() == {
        "error": {
            "type": "invalid_request_error",
            "message": "Shirt is out of stock.",
            "param": None,
            "code": "out_of_stock",
        }
    }
    assert await count(services, tenant, Order) == 0


async def test_orders_need_the_secret_key(client: httpx.AsyncClient, factory: Factory) -> None:
    response = await client.get("/v1/orders")
    assert response.status_code == 401
    assert response.json()["error"]["type"] == "authentication_error"


async def test_orders_are_listed_and_filtered(
    client: httpx.AsyncClient, services: Services, factory: Factory
) -> None:
    # given
    tenant = await factory.tenant()
    shirt = await product(services, tenant, "Shirt")
    cust = await customer(client, tenant)
    mine = await placed(client, tenant, shirt, customer_id=cust)
    other = (
        await create(client, tenant, {"items": items(shirt), "shipping_address": STREET})
    ).json()
    await client.post(f"/v1/orders/{other['id']}/cancel", headers=key(tenant))
    # when
    every = await client.get("/v1/orders", headers=key(tenant))
    by_customer = await client.get("/v1/orders", params={"customer_id": cust}, headers=key(tenant))
    cancelled = await client.get("/v1/orders", params={"status": "cancelled"}, headers=key(tenant))
    # then
    assert [o["id"] for o in every.json()["data"]] == [other["id"], mine["id"]]
    assert every.json()["has_more"] is False
    assert every.json()["total"] == 2
    assert by_customer.json() == {"data": [mine], "has_more": False, "total": 1}
    assert [o["id"] for o in cancelled.json()["data"]] == [other["id"]]


async def test_an_unknown_status_filter_is_400(client: httpx.AsyncClient, factory: Factory) -> None:
    tenant = await factory.tenant()
    response = await client.get("/v1/orders", params={"status": "lost"}, headers=key(tenant))
    assert response.status_code == 400
    assert response.json()["error"]["param"] == "status"


async def test_an_order_is_retrieved(
    client: httpx.AsyncClient, services: Services, factory: Factory
) -> None:
    tenant = await factory.tenant()
    shirt = await product(services, tenant, "Shirt")
    created = (
        await create(client, tenant, {"items": items(shirt), "shipping_address": STREET})
    ).json()
    response = await client.get(f"/v1/orders/{created['id']}", headers=key(tenant))
    assert response.status_code == 200
    assert response.json() == created


@pytest.mark.parametrize("raw", ["ord_999999", "ord_x", "cust_1"])
async def test_an_unknown_order_is_404(
    raw: str, client: httpx.AsyncClient, factory: Factory
) -> None:
    tenant = await factory.tenant()
    response = await client.get(f"/v1/orders/{raw}", headers=key(tenant))
    assert response.status_code == 404
    assert response.json() == {
        "error": {
            "type": "invalid_request_error",
            "message": f"No such order: '{raw}'",
            "param": "id",
            "code": "resource_missing",
        }
    }


async def test_another_tenant_s_order_is_404(
    client: httpx.AsyncClient, services: Services, factory: Factory
) -> None:
    tenant, other = await factory.tenant(), await factory.tenant()
    shirt = await product(services, other, "Shirt")
    created = (
        await create(client, other, {"items": items(shirt), "shipping_address": STREET})
    ).json()
    response = await client.get(f"/v1/orders/{created['id']}", headers=key(tenant))
    assert response.status_code == 404


async def test_updating_moves_the_status_and_records_the_event(
    client: httpx.AsyncClient, services: Services, factory: Factory
) -> None:
    tenant = await factory.tenant()
    shirt = await product(services, tenant, "Shirt")
    created = (
        await create(client, tenant, {"items": items(shirt), "shipping_address": STREET})
    ).json()
    body = {"status": "paid", "note": "Paid by wire"}
    response = await client.put(f"/v1/orders/{created['id']}", json=body, headers=key(tenant))
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["note"]) == ("paid", "Paid by wire")
    events = await events_of(services, tenant, "order", int(created["id"][4:]))
    assert [e.type for e in events] == ["order.created", "order.updated"]


async def test_an_invalid_transition_is_409(
    client: httpx.AsyncClient, services: Services, factory: Factory
) -> None:
    tenant = await factory.tenant()
    shirt = await product(services, tenant, "Shirt")
    created = (
        await create(client, tenant, {"items": items(shirt), "shipping_address": STREET})
    ).json()
    response = await client.put(
        f"/v1/orders/{created['id']}", json={"status": "shipped"}, headers=key(tenant)
    )
    assert response.status_code == 409
    assert response.json() == {
        "error": {
            "type": "invalid_request_error",
            "message": "Cannot change an order from pending to shipped.",
            "param": None,
            "code": "invalid_transition",
        }
    }


async def test_an_unknown_status_is_400(
    client: httpx.AsyncClient, services: Services, factory: Factory
) -> None:
    tenant = await factory.tenant()
    shirt = await product(services, tenant, "Shirt")
    created = (
        await create(client, tenant, {"items": items(shirt), "shipping_address": STREET})
    ).json()
    response = await client.put(
        f"/v1/orders/{created['id']}", json={"status": "lost"}, headers=key(tenant)
    )
    assert response.status_code == 400
    assert response.json()["error"]["param"] == "status"


async def test_the_address_changes_only_while_pending(
    client: httpx.AsyncClient, services: Services, factory: Factory
) -> None:
    # given
    tenant = await factory.tenant()
    shirt = await product(services, tenant, "Shirt")
    created = (
        await create(client, tenant, {"items": items(shirt), "shipping_address": STREET})
    ).json()
    moved = {**STREET, "street": "1 Market St"}
    path = f"/v1/orders/{created['id']}"
    # when
    changed = await client.put(path, json={"shipping_address": moved}, headers=key(tenant))
    await client.put(path, json={"status": "paid"}, headers=key(tenant))
    refused = await client.put(path, json={"shipping_address": STREET}, headers=key(tenant))
    # then
    assert changed.json()["shipping_address"] == moved
    assert refused.status_code == 409
    assert refused.json()["error"]["message"] == (
        "The shipping address can only change while the order is pending."
    )


async def test_cancelling_restocks(
    client: httpx.AsyncClient, services: Services, factory: Factory
) -> None:
    # given
    tenant = await factory.tenant()
    shirt = await product(services, tenant, "Shirt", stock=5)
    created = (
        await create(client, tenant, {"items": items(shirt), "shipping_address": STREET})
    ).json()
    assert await stock_of(services, tenant, shirt) == 3
    # when
    response = await client.post(f"/v1/orders/{created['id']}/cancel", headers=key(tenant))
    # then
    assert response.status_code == 200
    assert response.json()["status"] == "cancelled"
    assert await stock_of(services, tenant, shirt) == 5
    events = await events_of(services, tenant, "order", int(created["id"][4:]))
    assert events[-1].type == "order.cancelled"
    again = await client.post(f"/v1/orders/{created['id']}/cancel", headers=key(tenant))
    assert again.status_code == 409
    assert again.json()["error"]["code"] == "invalid_transition"


async def test_an_idempotency_key_replays_the_order(
    client: httpx.AsyncClient, services: Services, factory: Factory
) -> None:
    tenant = await factory.tenant()
    shirt = await product(services, tenant, "Shirt", stock=5)
    body = {"items": items(shirt), "shipping_address": STREET}
    first = await create(client, tenant, body, **{"Idempotency-Key": "b-1"})
    again = await create(client, tenant, body, **{"Idempotency-Key": "b-1"})
    assert again.status_code == first.status_code == 200
    assert again.json() == first.json()
    assert again.headers["Idempotent-Replayed"] == "true"
    assert await stock_of(services, tenant, shirt) == 3


async def test_an_idempotency_key_with_other_parameters_is_400(
    client: httpx.AsyncClient, services: Services, factory: Factory
) -> None:
    tenant = await factory.tenant()
    shirt = await product(services, tenant, "Shirt")
    idempotency = {"Idempotency-Key": "b-2"}
    await create(client, tenant, {"items": items(shirt), "shipping_address": STREET}, **idempotency)
    other = {"items": items(shirt, 3), "shipping_address": STREET}
    response = await create(client, tenant, other, **idempotency)
    assert response.status_code == 400
    assert response.json() == {
        "error": {
            "type": "idempotency_error",
            "message": "Keys for idempotent requests can only be used with the same parameters "
            "they were first used with.",
            "param": None,
            "code": "idempotency_key_reused",
        }
    }
