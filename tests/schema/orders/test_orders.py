"""Orders over GraphQL: checkout, the member's orders, cancel, staff status changes."""

from __future__ import annotations

import httpx
import pytest

from tenantry.models.order import Order, OrderStatus
from tenantry.serving.services import Services
from tests.conftest import Factory, TenantFixture
from tests.resolvers.cart.rows import product
from tests.resolvers.orders.support import checkout, fill_cart, move, stock_of
from tests.support import count, error_of, graphql, member_token, members

pytestmark = pytest.mark.usefixtures("app")

ADDRESS = {"name": "John", "phone": "010", "address": "1 Main St", "city": "Seoul", "zip": "123"}
CREATE = """
mutation($input: CreateOrderInput!, $key: String) {
  createOrder(input: $input, idempotencyKey: $key) {
    number status subtotal discountTotal total currency note
    shippingAddress { name city zip country }
    items { productId name unitPrice quantity total }
    statusHistory { fromStatus toStatus note }
  }
}
"""
ORDERS = """
query($status: OrderStatus, $page: Int!, $perPage: Int!) {
  orders(status: $status, page: $page, perPage: $perPage) {
    items { number status items { name } statusHistory { toStatus } }
    pageInfo { page perPage total lastPage hasNextPage }
  }
}
"""
ORDER = "query($number: String!) { order(number: $number) { number status total } }"
PREVIEW = """
query($code: String) {
  orderPreview(input: {couponCode: $code}) {
    lines { name unitPrice quantity total }
    subtotal discountTotal total needsShipping couponCode couponError
  }
}
"""
CANCEL = "mutation($number: String!) { cancelOrder(number: $number) { number status } }"
UPDATE = """
mutation($number: String!, $status: OrderStatus!) {
  updateOrderStatus(number: $number, status: $status, note: "Shipped by DHL") {
    status statusHistory { fromStatus toStatus note }
  }
}
"""


async def shopper(
    services: Services, tenant: TenantFixture, *, stock: int | None = None
) -> tuple[int, str]:
    [member_id] = await members(services, tenant)
    mug = await product(services, tenant, "Mug", price=1500, stock=stock)
    await fill_cart(services, tenant, member_id, (mug, None, 2))
    return member_id, await member_token(services, tenant, member_id)


async def test_create_order_places_the_cart(
    client: httpx.AsyncClient, services: Services, factory: Factory
) -> None:
    # given
    tenant = await factory.tenant()
    _, token = await shopper(services, tenant)
    # when
    body = await graphql(
        client,
        CREATE,
        {"input": {"shippingAddress": ADDRESS, "note": "Hi"}},
        tenant=tenant.slug,
        bearer=token,
    )
    # then
    assert "errors" not in body, body
    order = body["data"]["createOrder"]
    assert order["number"].startswith("ORD-")
    assert {k: order[k] for k in ("status", "subtotal", "discountTotal", "total", "note")} == {
        "status": "PENDING",
        "subtotal": 3000,
        "discountTotal": 0,
        "total": 3000,
        "note": "Hi",
    }
    assert order["shippingAddress"] == {
        "name": "John",
        "city": "Seoul",
        "zip": "123",
        "country": None,
    }
    assert [(i["name"], i["unitPrice"], i["quantity"]) for i in order["items"]] == [
        ("Mug", 1500, 2)
    ]
    assert order["statusHistory"] == [{"fromStatus": None, "toStatus": "PENDING", "note": ""}]


async def test_create_order_with_an_empty_cart_is_bad_user_input(
    client: httpx.AsyncClient, services: Services, factory: Factory
) -> None:
    tenant = await factory.tenant()
    [member_id] = await members(services, tenant)
    token = await member_token(services, tenant, member_id)
    body = await graphql(client, CREATE, {"input": {}}, tenant=tenant.slug, bearer=token)
    assert error_of(body)[1] == {
        "code": "BAD_USER_INPUT",
        "reason": "parameter_invalid",
        "fields": {"cart": ["Your cart is empty."]},
    }


async def test_create_order_out_of_stock_is_a_conflict(
    client: httpx.AsyncClient, services: Services, factory: Factory
) -> None:
    tenant = await factory.tenant()
    _, token = await shopper(services, tenant, stock=1)
    body = await graphql(
        client, CREATE, {"input": {"shippingAddress": ADDRESS}}, tenant=tenant.slug, bearer=token
    )
    assert error_of(body) == (
        "Mug is out of stock.",
        {"code": "CONFLICT", "reason": "out_of_stock"},
    )
    assert await count(services, tenant, Order) == 0


async def test_create_order_needs_a_member(client: httpx.AsyncClient, factory: Factory) -> None:
    tenant = await factory.tenant()
    body = await graphql(
        client, CREATE, {"input": {"shippingAddress": ADDRESS}}, tenant=tenant.slug
    )
    assert error_of(body)[1] == {"code": "UNAUTHENTICATED", "reason": "unauthenticated"}


async def test_an_idempotency_key_returns_the_first_order(
    client: httpx.AsyncClient, services: Services, factory: Factory
) -> None:
    # given
    tenant = await factory.tenant()
    _, token = await shopper(services, tenant)
    variables = {"input": {"shippingAddress": ADDRESS}, "key": "gql-1"}
    first = await graphql(client, CREATE, variables, tenant=tenant.slug, bearer=token)
    # when
    again = await graphql(client, CREATE, variables, tenant=tenant.slug, bearer=token)
    # then
    assert again == first
    assert await count(services, tenant, Order) == 1


async def test_an_idempotency_key_with_another_input_is_refused(
    client: httpx.AsyncClient, services: Services, factory: Factory
) -> None:
    tenant = await factory.tenant()
    _, token = await shopper(services, tenant)
    first = {"input": {"shippingAddress": ADDRESS}, "key": "k"}
    await graphql(client, CREATE, first, tenant=tenant.slug, bearer=token)
    other = {"input": {"shippingAddress": ADDRESS, "note": "x"}, "key": "k"}
    body = await graphql(client, CREATE, other, tenant=tenant.slug, bearer=token)
    message, extensions = error_of(body)
    assert message.startswith("Keys for idempotent requests can only be used")
    assert extensions["code"] == "BAD_USER_INPUT"
    assert list(extensions["fields"]) == ["idempotency_key"]


async def test_orders_lists_the_member_s_orders(
    client: httpx.AsyncClient, services: Services, factory: Factory
) -> None:
    # given
    tenant = await factory.tenant()
    member_id, token = await shopper(services, tenant)
    order = await checkout(services, tenant, member_id)
    other_id, _ = await shopper(services, tenant)
    await checkout(services, tenant, other_id)
    # when
    body = await graphql(
        client, ORDERS, {"page": 1, "perPage": 10}, tenant=tenant.slug, bearer=token
    )
    # then
    assert body == {
        "data": {
            "orders": {
                "items": [
                    {
                        "number": order.number,
                        "status": "PENDING",
                        "items": [{"name": "Mug"}],
                        "statusHistory": [{"toStatus": "PENDING"}],
                    }
                ],
                "pageInfo": {
                    "page": 1,
                    "perPage": 10,
                    "total": 1,
                    "lastPage": 1,
                    "hasNextPage": False,
                },
            }
        }
    }


async def test_orders_filter_by_status(
    client: httpx.AsyncClient, services: Services, factory: Factory
) -> None:
    tenant = await factory.tenant()
    member_id, token = await shopper(services, tenant)
    await checkout(services, tenant, member_id)
    variables = {"status": "PAID", "page": 1, "perPage": 10}
    body = await graphql(client, ORDERS, variables, tenant=tenant.slug, bearer=token)
    assert body["data"]["orders"]["items"] == []


async def test_another_member_s_order_is_not_found(
    client: httpx.AsyncClient, services: Services, factory: Factory
) -> None:
    tenant = await factory.tenant()
    other_id, _ = await shopper(services, tenant)
    order = await checkout(services, tenant, other_id)
    _, token = await shopper(services, tenant)
    body = await graphql(client, ORDER, {"number": order.number}, tenant=tenant.slug, bearer=token)
    assert body["data"] == {"order": None}
    assert error_of(body) == (
        "Order not found.",
        {"code": "NOT_FOUND", "reason": "resource_missing"},
    )


async def test_the_owner_reads_the_order(
    client: httpx.AsyncClient, services: Services, factory: Factory
) -> None:
    tenant = await factory.tenant()
    member_id, token = await shopper(services, tenant)
    order = await checkout(services, tenant, member_id)
    body = await graphql(client, ORDER, {"number": order.number}, tenant=tenant.slug, bearer=token)
    assert body == {"data": {"order": {"number": order.number, "status": "PENDING", "total": 3000}}}


async def test_order_preview_prices_the_cart(
    client: httpx.AsyncClient, services: Services, factory: Factory
) -> None:
    tenant = await factory.tenant()
    _, token = await shopper(services, tenant)
    body = await graphql(client, PREVIEW, {"code": "NOPE"}, tenant=tenant.slug, bearer=token)
    assert body == {
        "data": {
            "orderPreview": {
                "lines": [{"name": "Mug", "unitPrice": 1500, "quantity": 2, "total": 3000}],
                "subtotal": 3000,
                "discountTotal": 0,
                "total": 3000,
                "needsShipping": True,
                "couponCode": "NOPE",
                "couponError": "The coupon code is invalid.",
            }
        }
    }


async def test_the_member_cancels_and_stock_returns(
    client: httpx.AsyncClient, services: Services, factory: Factory
) -> None:
    tenant = await factory.tenant()
    [member_id] = await members(services, tenant)
    mug = await product(services, tenant, "Mug", stock=4)
    await fill_cart(services, tenant, member_id, (mug, None, 3))
    order = await checkout(services, tenant, member_id)
    token = await member_token(services, tenant, member_id)
    body = await graphql(client, CANCEL, {"number": order.number}, tenant=tenant.slug, bearer=token)
    assert body == {"data": {"cancelOrder": {"number": order.number, "status": "CANCELLED"}}}
    assert await stock_of(services, tenant, mug) == 4


async def test_staff_update_the_status(
    client: httpx.AsyncClient, services: Services, factory: Factory
) -> None:
    # given
    tenant = await factory.tenant()
    member_id, _ = await shopper(services, tenant)
    order = await checkout(services, tenant, member_id)
    await move(services, tenant, order.number, OrderStatus.PAID, OrderStatus.PROCESSING)
    # when
    headers = {"Authorization": f"Bearer {tenant.secret_key}"}
    response = await client.post(
        "/graphql",
        json={"query": UPDATE, "variables": {"number": order.number, "status": "SHIPPED"}},
        headers=headers,
    )
    # then
    data = response.json()["data"]["updateOrderStatus"]
    assert data["status"] == "SHIPPED"
    assert data["statusHistory"][-1] == {
        "fromStatus": "PROCESSING",
        "toStatus": "SHIPPED",
        "note": "Shipped by DHL",
    }


async def test_a_member_cannot_update_the_status(
    client: httpx.AsyncClient, services: Services, factory: Factory
) -> None:
    tenant = await factory.tenant()
    member_id, token = await shopper(services, tenant)
    order = await checkout(services, tenant, member_id)
    variables = {"number": order.number, "status": "PAID"}
    body = await graphql(client, UPDATE, variables, tenant=tenant.slug, bearer=token)
    assert error_of(body)[1] == {"code": "FORBIDDEN", "reason": "forbidden"}


async def test_an_invalid_transition_is_a_conflict(
    client: httpx.AsyncClient, services: Services, factory: Factory
) -> None:
    tenant = await factory.tenant()
    member_id, _ = await shopper(services, tenant)
    order = await checkout(services, tenant, member_id)
    response = await client.post(
        "/graphql",
        json={"query": UPDATE, "variables": {"number": order.number, "status": "COMPLETED"}},
        headers={"Authorization": f"Bearer {tenant.secret_key}"},
    )
    assert error_of(response.json()) == (
        "Cannot change an order from pending to completed.",
        {"code": "CONFLICT", "reason": "invalid_transition"},
    )
