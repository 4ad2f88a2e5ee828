"""orderStatus through schema.subscribe: the owner and staff hear changes, others are refused.

The WebSocket transport is tested in test_websocket.py.
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

import pytest
from strawberry.types import ExecutionResult

from tenantry.auth.principal import Principal
from tenantry.models.order import Order, OrderStatus
from tenantry.realtime import channels
from tenantry.schema import build_schema
from tenantry.schema.context import GraphQLContext
from tenantry.serving.services import Services
from tests.conftest import Factory, TenantFixture
from tests.live import until_subscribed
from tests.resolvers.cart.rows import product
from tests.resolvers.orders.support import SECRET_KEY, checkout, fill_cart, move
from tests.support import member_principal, members

pytestmark = pytest.mark.usefixtures("app")  # the app's lifespan connects the broadcast

SUBSCRIPTION = """
subscription($number: String!) {
  orderStatus(orderNumber: $number) { number status previousStatus changedAt }
}
"""


class Listener:
    """Runs the subscription in one task, as the WebSocket transport does, and keeps results."""

    def __init__(
        self, services: Services, tenant: TenantFixture, principal: Principal, number: str
    ) -> None:
        self.services = services
        self.channel = channels.order(tenant.id, number)
        self.number = number
        self.context = GraphQLContext(
            request=None,  # type: ignore[arg-type]
            services=services,
            tenant=tenant.info,
            principal=principal,
        )
        self.results: asyncio.Queue[ExecutionResult] = asyncio.Queue()
        self.task: asyncio.Task[None] | None = None

    async def _run(self) -> None:
        stream = await build_schema(self.services.settings).subscribe(
            SUBSCRIPTION, variable_values={"number": self.number}, context_value=self.context
        )
        if isinstance(stream, ExecutionResult):
            await self.results.put(stream)
            return
        async for result in stream:
            await self.results.put(result)

    async def start(self) -> Listener:
        self.task = asyncio.create_task(self._run())
        await until_subscribed(self.services.broadcast, self.channel)
        return self

    async def refusal(self) -> dict[str, Any]:
        """Starts a subscription that must fail; its only error."""
        self.task = asyncio.create_task(self._run())
        result = await asyncio.wait_for(self.results.get(), 5)
        assert result.errors, result
        [error] = result.errors
        assert not self.services.broadcast._subscribers.get(self.channel)
        return {"message": error.message, "extensions": error.extensions}

    async def next_event(self) -> dict[str, Any]:
        result = await asyncio.wait_for(self.results.get(), 5)
        assert result.errors is None, result.errors
        assert result.data is not None
        return dict(result.data["orderStatus"])

    async def stop(self) -> None:
        assert self.task is not None
        self.task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self.task


async def placed(services: Services, tenant: TenantFixture) -> Order:
    [member_id] = await members(services, tenant)
    mug = await product(services, tenant, "Mug")
    await fill_cart(services, tenant, member_id, (mug, None, 1))
    return await checkout(services, tenant, member_id)


async def test_the_owner_hears_every_status_change(services: Services, factory: Factory) -> None:
    # given
    tenant = await factory.tenant()
    order = await placed(services, tenant)
    owner = member_principal(order.member_id)
    listener = await Listener(services, tenant, owner, order.number).start()
    # when
    await move(services, tenant, order.number, OrderStatus.PAID, OrderStatus.PROCESSING)
    # then
    paid = await listener.next_event()
    processing = await listener.next_event()
    assert {k: paid[k] for k in ("number", "status", "previousStatus")} == {
        "number": order.number,
        "status": "PAID",
        "previousStatus": "PENDING",
    }
    assert paid["changedAt"]
    assert (processing["status"], processing["previousStatus"]) == ("PROCESSING", "PAID")
    await listener.stop()


async def test_staff_hear_the_changes_too(services: Services, factory: Factory) -> None:
    tenant = await factory.tenant()
    order = await placed(services, tenant)
    listener = await Listener(services, tenant, SECRET_KEY, order.number).start()
    await move(services, tenant, order.number, OrderStatus.PAID)
    assert (await listener.next_event())["status"] == "PAID"
    await listener.stop()


async def test_another_member_is_refused(services: Services, factory: Factory) -> None:
    tenant = await factory.tenant()
    order = await placed(services, tenant)
    [stranger] = await members(services, tenant)
    listener = Listener(services, tenant, member_principal(stranger), order.number)
    assert await listener.refusal() == {
        "message": "Order not found.",
        "extensions": {"code": "NOT_FOUND", "reason": "resource_missing"},
    }


async def test_an_anonymous_caller_is_refused(services: Services, factory: Factory) -> None:
    tenant = await factory.tenant()
    order = await placed(services, tenant)
    listener = Listener(services, tenant, Principal(), order.number)
    assert (await listener.refusal())["extensions"] == {
        "code": "UNAUTHENTICATED",
        "reason": "unauthenticated",
    }


async def test_another_tenant_s_staff_is_refused(services: Services, factory: Factory) -> None:
    tenant, other = await factory.tenant(), await factory.tenant()
    order = await placed(services, tenant)
    listener = Listener(services, other, SECRET_KEY, order.number)
    assert (await listener.refusal())["extensions"] == {
        "code": "NOT_FOUND",
        "reason": "resource_missing",
    }


async def test_closing_the_subscription_unsubscribes(services: Services, factory: Factory) -> None:
    tenant = await factory.tenant()
    order = await placed(services, tenant)
    listener = await Listener(
        services, tenant, member_principal(order.member_id), order.number
    ).start()
    await listener.stop()
    assert not services.broadcast._subscribers.get(channels.order(tenant.id, order.number))
