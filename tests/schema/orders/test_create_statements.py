"""createOrder takes the stock last: after the stock UPDATE only the coupon's statements run
before the commit, and the new order's items and history resolve from the rows it wrote."""

from __future__ import annotations

import httpx
import pytest

from tenantry.serving.services import Services
from tests.conftest import Factory, StatementCounter
from tests.resolvers.orders.support import (
    after_stock,
    is_coupon_statement,
    mixed_cart_with_coupon,
    mug_in_cart,
)
from tests.support import graphql

pytestmark = pytest.mark.usefixtures("app")

ADDRESS = {"name": "John", "phone": "010", "address": "1 Main St", "city": "Seoul", "zip": "123"}
FIELDS = """
    number status subtotal discountTotal total couponCode note createdAt updatedAt
    shippingAddress { name city zip country }
    items { id productId variantId productType name sku options unitPrice quantity total }
    statusHistory { fromStatus toStatus note changedAt }
"""
CREATE = f"""
mutation($input: CreateOrderInput!) {{ createOrder(input: $input) {{ {FIELDS} }} }}
"""
ORDER = f"query($number: String!) {{ order(number: $number) {{ {FIELDS} }} }}"


async def test_the_stock_update_is_create_order_s_last_statement(
    client: httpx.AsyncClient,
    services: Services,
    factory: Factory,
    count_queries: StatementCounter,
) -> None:
    # given
    tenant = await factory.tenant()
    token = (await mug_in_cart(services, tenant)).token
    count_queries.reset()
    # when
    body = await graphql(
        client, CREATE, {"input": {"shippingAddress": ADDRESS}}, tenant=tenant.slug, bearer=token
    )
    # then
    assert "errors" not in body, body
    assert after_stock(count_queries.statements) == []
    order = body["data"]["createOrder"]
    assert [(item["name"], item["quantity"]) for item in order["items"]] == [("Mug", 2)]
    assert [change["toStatus"] for change in order["statusHistory"]] == ["PENDING"]


async def test_only_the_coupon_follows_the_stock_update(
    client: httpx.AsyncClient,
    services: Services,
    factory: Factory,
    count_queries: StatementCounter,
) -> None:
    # given
    tenant = await factory.tenant()
    token = (await mixed_cart_with_coupon(services, tenant)).token
    count_queries.reset()
    # when
    created = await graphql(
        client, CREATE, {"input": {"shippingAddress": ADDRESS}}, tenant=tenant.slug, bearer=token
    )
    # then
    assert "errors" not in created, created
    after = after_stock(count_queries.statements)
    assert after
    assert [sql for sql in after if not is_coupon_statement(sql)] == []
    order = created["data"]["createOrder"]
    assert (order["couponCode"], order["discountTotal"], order["total"]) == ("SAVE10", 650, 5850)
    read = await graphql(
        client, ORDER, {"number": order["number"]}, tenant=tenant.slug, bearer=token
    )
    assert read["data"]["order"] == order
