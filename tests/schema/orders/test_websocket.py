"""orderStatus over a real WebSocket (graphql-transport-ws) on the live server.

The owner subscribes with their member token in connection_init and hears every change staff
make over HTTP; another member of the same shop is refused before anything is subscribed.
"""

from __future__ import annotations

from typing import Any

import httpx

from tenantry.models.order import Order
from tenantry.realtime import channels
from tenantry.serving.services import Services
from tests.conftest import Factory, TenantFixture
from tests.live import GraphQLSocket, LiveServer, graphql_socket, until_subscribed
from tests.resolvers.cart.rows import product
from tests.resolvers.orders.support import checkout, fill_cart
from tests.support import member_token, members, without_cost

SUBSCRIPTION = """
subscription($number: String!) {
  orderStatus(orderNumber: $number) { number status previousStatus }
}
"""
UPDATE = """
mutation($number: String!, $status: OrderStatus!) {
  updateOrderStatus(number: $number, status: $status) { status }
}
"""


async def placed(services: Services, tenant: TenantFixture) -> tuple[Order, str]:
    [member_id] = await members(services, tenant)
    mug = await product(services, tenant, "Mug")
    await fill_cart(services, tenant, member_id, (mug, None, 1))
    order = await checkout(services, tenant, member_id)
    return order, await member_token(services, tenant, member_id)


async def subscribe(socket: GraphQLSocket, token: str, number: str) -> str:
    ack = await socket.init({"authorization": f"Bearer {token}"})
    assert ack["type"] == "connection_ack", ack
    return await socket.start(SUBSCRIPTION, {"number": number})


async def staff_move(server: LiveServer, tenant: TenantFixture, number: str, status: str) -> None:
    headers = {"Authorization": f"Bearer {tenant.secret_key}"}
    async with httpx.AsyncClient(base_url=server.http(), headers=headers, timeout=10) as http:
        response = await http.post(
            "/graphql", json={"query": UPDATE, "variables": {"number": number, "status": status}}
        )
    assert without_cost(response.json()) == {"data": {"updateOrderStatus": {"status": status}}}


def event(operation_id: str, number: str, status: str, previous: str) -> dict[str, Any]:
    payload = {"number": number, "status": status, "previousStatus": previous}
    return {"id": operation_id, "type": "next", "payload": {"data": {"orderStatus": payload}}}


async def test_the_owner_hears_every_status_change(
    live_server: LiveServer, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    order, token = await placed(services, tenant)
    async with graphql_socket(live_server.ws(f"/api/{tenant.slug}/graphql")) as socket:
        operation_id = await subscribe(socket, token, order.number)
        await until_subscribed(services.broadcast, channels.order(tenant.id, order.number))
        # when
        for status in ("PAID", "PROCESSING", "SHIPPED", "COMPLETED"):
            await staff_move(live_server, tenant, order.number, status)
        # then
        received = [await socket.receive() for _ in range(4)]
    assert received == [
        event(operation_id, order.number, "PAID", "PENDING"),
        event(operation_id, order.number, "PROCESSING", "PAID"),
        event(operation_id, order.number, "SHIPPED", "PROCESSING"),
        event(operation_id, order.number, "COMPLETED", "SHIPPED"),
    ]


async def test_the_member_s_own_cancel_over_rest_reaches_the_socket(
    live_server: LiveServer, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    order, token = await placed(services, tenant)
    async with graphql_socket(live_server.ws(f"/api/{tenant.slug}/graphql")) as socket:
        operation_id = await subscribe(socket, token, order.number)
        await until_subscribed(services.broadcast, channels.order(tenant.id, order.number))
        async with httpx.AsyncClient(base_url=live_server.http(), timeout=10) as http:
            response = await http.post(
                f"/api/{tenant.slug}/orders/{order.number}/cancel",
                headers={"Authorization": f"Bearer {token}"},
            )
        assert response.status_code == 200
        assert await socket.receive() == event(operation_id, order.number, "CANCELLED", "PENDING")


async def test_another_member_is_refused(
    live_server: LiveServer, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    order, _ = await placed(services, tenant)
    _, stranger = await placed(services, tenant)
    async with graphql_socket(live_server.ws(f"/api/{tenant.slug}/graphql")) as socket:
        # when
        operation_id = await subscribe(socket, stranger, order.number)
        refusal = await socket.receive()
        # then
        assert refusal == {
            "id": operation_id,
            "type": "next",
            "payload": {
                "data": None,
                "errors": [
                    {
                        "message": "Order not found.",
                        "extensions": {"code": "NOT_FOUND", "reason": "resource_missing"},
                    }
                ],
            },
        }
        assert await socket.receive() == {"id": operation_id, "type": "complete"}
        assert not services.broadcast._subscribers.get(channels.order(tenant.id, order.number))


async def test_an_anonymous_socket_is_refused(
    live_server: LiveServer, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    order, _ = await placed(services, tenant)
    async with graphql_socket(live_server.ws(f"/api/{tenant.slug}/graphql")) as socket:
        assert (await socket.init({}))["type"] == "connection_ack"
        operation_id = await socket.start(SUBSCRIPTION, {"number": order.number})
        refusal = await socket.receive()
        assert refusal["id"] == operation_id
        assert [e["extensions"] for e in refusal["payload"]["errors"]] == [
            {"code": "UNAUTHENTICATED", "reason": "unauthenticated"}
        ]
