"""subscriptionStatus through schema.subscribe: the member hears what Stripe reports, another
member is refused."""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

import httpx
import pytest
from strawberry.types import ExecutionResult

from tenantry.realtime import channels
from tenantry.schema import build_schema
from tenantry.schema.context import GraphQLContext
from tenantry.serving.services import Services
from tests.conftest import Factory, TenantFixture
from tests.live import until_subscribed
from tests.resolvers.payments.stripe_front import StripeFront
from tests.resolvers.payments.stripe_support import stripe_shop
from tests.resolvers.subscriptions.support import plan, subscribe_with_card, subscribers
from tests.support import member_principal

pytestmark = pytest.mark.usefixtures("app")

SUBSCRIPTION = """
subscription($id: ID!) {
  subscriptionStatus(id: $id) { id status cancelAtPeriodEnd canceledAt }
}
"""


async def results(
    services: Services, tenant: TenantFixture, member_id: int, sub_id: str
) -> tuple[asyncio.Queue[ExecutionResult], asyncio.Task[None]]:
    context = GraphQLContext(
        request=None,  # type: ignore[arg-type]
        services=services,
        tenant=tenant.info,
        principal=member_principal(member_id),
    )
    found: asyncio.Queue[ExecutionResult] = asyncio.Queue()

    async def run() -> None:
        stream = await build_schema(services.settings).subscribe(
            SUBSCRIPTION, variable_values={"id": sub_id}, context_value=context
        )
        if isinstance(stream, ExecutionResult):
            await found.put(stream)
            return
        async for result in stream:
            await found.put(result)

    return found, asyncio.create_task(run())


async def stop(task: asyncio.Task[None]) -> None:
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task


async def test_the_member_hears_the_changes_and_others_are_refused(
    stripe_http: httpx.AsyncClient,
    stripe_services: Services,
    stripe_emulator: StripeFront,
    factory: Factory,
) -> None:
    # given: a subscription, its member listening, another member trying to
    tenant = await stripe_shop(stripe_services, factory)
    monthly = await plan(stripe_services, tenant)
    owner, other = await subscribers(stripe_services, tenant, 2)
    made = await subscribe_with_card(stripe_http, stripe_emulator, tenant, owner, monthly.id)
    sub_id = str(made["id"])
    heard, listening = await results(stripe_services, tenant, owner.member_id, sub_id)
    await until_subscribed(stripe_services.broadcast, channels.subscription(tenant.id, int(sub_id)))
    refused, _ = await results(stripe_services, tenant, other.member_id, sub_id)
    # when: the member pauses, then cancels at the period's end
    base = f"/api/{tenant.slug}/subscriptions/{sub_id}"
    await stripe_http.post(f"{base}/pause", headers=owner.headers)
    await stripe_http.post(f"{base}/cancel", json={}, headers=owner.headers)
    # then
    events: list[dict[str, Any]] = []
    for _ in range(2):
        result = await asyncio.wait_for(heard.get(), 5)
        assert result.errors is None, result.errors
        assert result.data is not None
        events.append(result.data["subscriptionStatus"])
    assert events == [
        {"id": sub_id, "status": "PAUSED", "cancelAtPeriodEnd": False, "canceledAt": None},
        {"id": sub_id, "status": "PAUSED", "cancelAtPeriodEnd": True, "canceledAt": None},
    ]
    refusal = await asyncio.wait_for(refused.get(), 5)
    assert refusal.errors is not None
    assert refusal.errors[0].extensions == {"code": "NOT_FOUND", "reason": "resource_missing"}
    await stop(listening)
