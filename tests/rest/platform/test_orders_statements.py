"""POST /orders takes the stock last: after the stock UPDATE only the coupon's statements run
before the commit, since every round trip there keeps the other buyers of the product waiting."""

from __future__ import annotations

import httpx
import pytest

from tenantry.serving.services import Services
from tests.conftest import Factory, StatementCounter
from tests.resolvers.cart.rows import (
    cart_rows,
    load_coupon,
)
from tests.resolvers.orders.support import (
    ADDRESS,
    after_stock,
    is_coupon_statement,
    mixed_cart_with_coupon,
    mug_in_cart,
    stock_of,
)
from tests.support import bearer

pytestmark = pytest.mark.usefixtures("app")


async def test_the_stock_update_is_the_checkout_s_last_statement(
    client: httpx.AsyncClient,
    services: Services,
    factory: Factory,
    count_queries: StatementCounter,
) -> None:
    # given
    tenant = await factory.tenant()
    ready = await mug_in_cart(services, tenant)
    mug, cart_id, token = ready.mug, ready.cart_id, ready.token
    count_queries.reset()
    # when
    response = await client.post(
        f"/api/{tenant.slug}/orders", json={"shipping_address": ADDRESS}, headers=bearer(token)
    )
    # then
    assert response.status_code == 201, response.text
    assert after_stock(count_queries.statements) == []
    data = response.json()["data"]
    assert [(item["name"], item["quantity"]) for item in data["items"]] == [("Mug", 2)]
    assert [change["to_status"] for change in data["status_history"]] == ["pending"]
    assert await stock_of(services, tenant, mug) == 3
    assert await cart_rows(services, tenant, cart_id) == []


async def test_only_the_coupon_follows_the_stock_update(
    client: httpx.AsyncClient,
    services: Services,
    factory: Factory,
    count_queries: StatementCounter,
) -> None:
    # given
    tenant = await factory.tenant()
    ready = await mixed_cart_with_coupon(services, tenant, per_member_limit=1)
    large, coupon_id, token = ready.large, ready.coupon_id, ready.token
    assert large is not None
    count_queries.reset()
    # when
    response = await client.post(
        f"/api/{tenant.slug}/orders", json={"shipping_address": ADDRESS}, headers=bearer(token)
    )
    # then
    assert response.status_code == 201, response.text
    after = after_stock(count_queries.statements)
    assert after
    assert [sql for sql in after if not is_coupon_statement(sql)] == []
    data = response.json()["data"]
    assert (data["coupon_code"], data["discount_total"], data["total"]) == ("SAVE10", 650, 5850)
    assert [(item["name"], item["quantity"]) for item in data["items"]] == [
        ("Mug", 1),
        ("Shirt - Large", 2),
    ]
    assert await stock_of(services, tenant, large) == 2
    assert (await load_coupon(services, tenant, coupon_id)).usage_count == 1


async def test_the_answer_is_what_a_later_read_of_the_order_shows(
    client: httpx.AsyncClient, services: Services, factory: Factory
) -> None:
    # given
    tenant = await factory.tenant()
    token = (await mixed_cart_with_coupon(services, tenant)).token
    body = {"shipping_address": ADDRESS, "billing_address": ADDRESS, "note": "Ring"}
    # when
    created = await client.post(f"/api/{tenant.slug}/orders", json=body, headers=bearer(token))
    # then
    assert created.status_code == 201, created.text
    number = created.json()["data"]["order_number"]
    read = await client.get(f"/api/{tenant.slug}/orders/{number}", headers=bearer(token))
    assert read.status_code == 200
    assert created.json() == read.json()
