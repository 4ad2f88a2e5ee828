"""A page of orders with items, history, payments and refunds costs the same SQL statements for
2 orders as for 20."""

from __future__ import annotations

import secrets

import httpx
import pytest

from tenantry.models.order import Order, OrderItem, OrderStatusChange
from tenantry.models.payments import Payment, PaymentStatus, Processor, Refund
from tenantry.serving.services import Services
from tests.conftest import Factory, StatementCounter, TenantFixture
from tests.support import add

pytestmark = pytest.mark.usefixtures("app")

ORDERS = """
{ orders(perPage: 100) {
    items { number items { name quantity } statusHistory { fromStatus toStatus }
            payments { status amount order { number } } refunds { amount } }
    pageInfo { total } } }
"""


async def shop_with_orders(services: Services, factory: Factory, count: int) -> TenantFixture:
    tenant = await factory.tenant()
    orders = [
        Order(number=f"ORD-{secrets.token_hex(5)}", currency="USD", total=1000)
        for _ in range(count)
    ]
    await add(services, tenant, *orders)
    rows: list[OrderItem | OrderStatusChange | Payment] = []
    for order in orders:
        assert order.id is not None
        rows += [
            OrderItem(order_id=order.id, name="Mug", unit_price=500, quantity=2, total=1000),
            OrderItem(order_id=order.id, name="Cup", unit_price=0, quantity=1, total=0),
            OrderStatusChange(order_id=order.id, to_status="pending"),
            OrderStatusChange(order_id=order.id, from_status="pending", to_status="paid"),
            Payment(
                order_id=order.id,
                processor=Processor.TEST_CARD,
                status=PaymentStatus.SUCCEEDED,
                amount=1000,
                amount_refunded=100,
                currency="USD",
            ),
        ]
    await add(services, tenant, *rows)
    payments = [row for row in rows if isinstance(row, Payment)]
    await add(
        services,
        tenant,
        *(
            Refund(
                payment_id=p.id or 0,
                order_id=p.order_id,
                processor=Processor.TEST_CARD,
                amount=100,
                currency="USD",
            )
            for p in payments
        ),
    )
    return tenant


async def statements(
    client: httpx.AsyncClient, counter: StatementCounter, tenant: TenantFixture, expected: int
) -> int:
    counter.reset()
    response = await client.post(
        "/graphql",
        json={"query": ORDERS},
        headers={"Authorization": f"Bearer {tenant.secret_key}"},
    )
    body = response.json()
    assert "errors" not in body, body
    items = body["data"]["orders"]["items"]
    assert len(items) == expected
    assert all(len(item["items"]) == 2 and len(item["statusHistory"]) == 2 for item in items)
    assert all(item["payments"][0]["order"]["number"] == item["number"] for item in items)
    assert all(item["refunds"] == [{"amount": 100}] for item in items)
    return counter.count


async def test_order_list_statements_do_not_grow_with_orders(
    client: httpx.AsyncClient,
    factory: Factory,
    services: Services,
    count_queries: StatementCounter,
) -> None:
    # given
    few = await shop_with_orders(services, factory, 2)
    many = await shop_with_orders(services, factory, 20)
    # when
    for_few = await statements(client, count_queries, few, 2)
    for_many = await statements(client, count_queries, many, 20)
    # then
    assert for_few == for_many
