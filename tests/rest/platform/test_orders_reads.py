"""Dialect A: GET /orders, GET /orders/{order_number}, POST /orders/{order_number}/cancel."""

from __future__ import annotations

import httpx
import pytest

from tenantry.models.order import Order, OrderStatus
from tenantry.serving.services import Services
from tests.conftest import Factory, TenantFixture
from tests.resolvers.cart.rows import product
from tests.resolvers.orders.support import checkout, fill_cart, move, stock_of
from tests.support import bearer, member_token, members

pytestmark = pytest.mark.usefixtures("app")


async def buyer(services: Services, tenant: TenantFixture) -> tuple[int, str]:
    [member_id] = await members(services, tenant)
    return member_id, await member_token(services, tenant, member_id)


async def bought(services: Services, tenant: TenantFixture, member_id: int) -> Order:
    mug = await product(services, tenant, "Mug", price=1000)
    await fill_cart(services, tenant, member_id, (mug, None, 2))
    return await checkout(services, tenant, member_id)


async def test_my_orders_are_listed_with_meta(
    client: httpx.AsyncClient, services: Services, factory: Factory
) -> None:
    # given
    tenant = await factory.tenant()
    member_id, token = await buyer(services, tenant)
    first = await bought(services, tenant, member_id)
    second = await bought(services, tenant, member_id)
    other_id, _ = await buyer(services, tenant)
    await bought(services, tenant, other_id)
    # when
    response = await client.get(
        f"/api/{tenant.slug}/orders", params={"per_page": 1}, headers=bearer(token)
    )
    # then
    assert response.status_code == 200
    body = response.json()
    assert [order["order_number"] for order in body["data"]] == [second.number]
    assert body["meta"] == {"current_page": 1, "last_page": 2, "per_page": 1, "total": 2}
    assert body["data"][0]["items"][0]["name"] == "Mug"
    assert "status_history" not in body["data"][0]
    page_two = await client.get(
        f"/api/{tenant.slug}/orders", params={"per_page": 1, "page": 2}, headers=bearer(token)
    )
    assert [order["order_number"] for order in page_two.json()["data"]] == [first.number]


async def test_my_orders_filter_by_status(
    client: httpx.AsyncClient, services: Services, factory: Factory
) -> None:
    tenant = await factory.tenant()
    member_id, token = await buyer(services, tenant)
    paid = await bought(services, tenant, member_id)
    await bought(services, tenant, member_id)
    await move(services, tenant, paid.number, OrderStatus.PAID)
    response = await client.get(
        f"/api/{tenant.slug}/orders", params={"status": "paid"}, headers=bearer(token)
    )
    assert [order["order_number"] for order in response.json()["data"]] == [paid.number]


async def test_an_unknown_status_filter_is_422(
    client: httpx.AsyncClient, services: Services, factory: Factory
) -> None:
    tenant = await factory.tenant()
    _, token = await buyer(services, tenant)
    response = await client.get(
        f"/api/{tenant.slug}/orders", params={"status": "lost"}, headers=bearer(token)
    )
    assert response.status_code == 422
    assert response.json() == {
        "message": "The given data was invalid.",
        "code": "parameter_invalid",
        "errors": {"status": ["The selected status is invalid."]},
    }


async def test_listing_needs_a_member_token(client: httpx.AsyncClient, factory: Factory) -> None:
    tenant = await factory.tenant()
    response = await client.get(f"/api/{tenant.slug}/orders")
    assert response.status_code == 401
    assert response.json() == {"message": "Unauthenticated.", "code": "unauthenticated"}


async def test_an_order_shows_items_totals_addresses_and_history(
    client: httpx.AsyncClient, services: Services, factory: Factory
) -> None:
    # given
    tenant = await factory.tenant()
    member_id, token = await buyer(services, tenant)
    order = await bought(services, tenant, member_id)
    await move(services, tenant, order.number, OrderStatus.PAID)
    # when
    response = await client.get(f"/api/{tenant.slug}/orders/{order.number}", headers=bearer(token))
    # then
    assert response.status_code == 200
    data = response.json()["data"]
    assert (data["order_number"], data["status"], data["total"]) == (order.number, "paid", 2000)
    assert data["paid_at"] is not None
    assert data["shipping_address"]["city"] == "Seoul"
    assert [(h["from_status"], h["to_status"]) for h in data["status_history"]] == [
        (None, "pending"),
        ("pending", "paid"),
    ]


async def test_another_member_s_order_is_404(
    client: httpx.AsyncClient, services: Services, factory: Factory
) -> None:
    tenant = await factory.tenant()
    other_id, _ = await buyer(services, tenant)
    order = await bought(services, tenant, other_id)
    _, token = await buyer(services, tenant)
    response = await client.get(f"/api/{tenant.slug}/orders/{order.number}", headers=bearer(token))
    assert response.status_code == 404
    assert response.json() == {"message": "Order not found.", "code": "resource_missing"}


async def test_another_tenant_s_order_is_404(
    client: httpx.AsyncClient, services: Services, factory: Factory
) -> None:
    tenant, elsewhere = await factory.tenant(), await factory.tenant()
    other_id, _ = await buyer(services, elsewhere)
    order = await bought(services, elsewhere, other_id)
    _, token = await buyer(services, tenant)
    response = await client.get(f"/api/{tenant.slug}/orders/{order.number}", headers=bearer(token))
    assert response.status_code == 404
    assert response.json() == {"message": "Order not found.", "code": "resource_missing"}


async def test_an_unknown_order_is_404(
    client: httpx.AsyncClient, services: Services, factory: Factory
) -> None:
    tenant = await factory.tenant()
    _, token = await buyer(services, tenant)
    response = await client.get(f"/api/{tenant.slug}/orders/ORD-NOPE", headers=bearer(token))
    assert response.status_code == 404
    assert response.json() == {"message": "Order not found.", "code": "resource_missing"}


async def test_cancelling_a_pending_order_restocks(
    client: httpx.AsyncClient, services: Services, factory: Factory
) -> None:
    # given
    tenant = await factory.tenant()
    member_id, token = await buyer(services, tenant)
    mug = await product(services, tenant, "Mug", stock=5)
    await fill_cart(services, tenant, member_id, (mug, None, 2))
    order = await checkout(services, tenant, member_id)
    # when
    response = await client.post(
        f"/api/{tenant.slug}/orders/{order.number}/cancel", headers=bearer(token)
    )
    # then
    assert response.status_code == 200
    data = response.json()["data"]
    assert data["status"] == "cancelled"
    assert data["cancelled_at"] is not None
    assert data["status_history"][-1]["to_status"] == "cancelled"
    assert await stock_of(services, tenant, mug) == 5


async def test_a_shipped_order_cannot_be_cancelled(
    client: httpx.AsyncClient, services: Services, factory: Factory
) -> None:
    tenant = await factory.tenant()
    member_id, token = await buyer(services, tenant)
    order = await bought(services, tenant, member_id)
    await move(services, tenant, order.number, OrderStatus.PAID, OrderStatus.PROCESSING)
    await move(services, tenant, order.number, OrderStatus.SHIPPED)
    response = await client.post(
        f"/api/{tenant.slug}/orders/{order.number}/cancel", headers=bearer(token)
    )
    assert response.status_code == 409
    assert response.json() == {
        "message": "Cannot change an order from shipped to cancelled.",
        "code": "invalid_transition",
    }


async def test_cancelling_another_member_s_order_is_404(
    client: httpx.AsyncClient, services: Services, factory: Factory
) -> None:
    tenant = await factory.tenant()
    other_id, _ = await buyer(services, tenant)
    order = await bought(services, tenant, other_id)
    _, token = await buyer(services, tenant)
    response = await client.post(
        f"/api/{tenant.slug}/orders/{order.number}/cancel", headers=bearer(token)
    )
    assert response.status_code == 404
    assert response.json() == {"message": "Order not found.", "code": "resource_missing"}
