"""blogPostPublished through schema.subscribe; the WebSocket transport is tested elsewhere."""

from __future__ import annotations

import asyncio
import contextlib
from datetime import timedelta
from typing import Any

import pytest
from strawberry.types import ExecutionResult

from tenantry.realtime import channels
from tenantry.schema import build_schema
from tenantry.schema.context import GraphQLContext
from tenantry.serving.services import Services
from tests.conftest import Factory, TenantFixture
from tests.resolvers.blog.support import BlogWriter

pytestmark = pytest.mark.usefixtures("app")  # the app's lifespan connects the broadcast

SUBSCRIPTION = "subscription { blogPostPublished { id slug title publishedAt } }"


class Listener:
    """Runs the subscription in one task, as the WebSocket transport does, and keeps results."""

    def __init__(self, services: Services, tenant: TenantFixture) -> None:
        self.services = services
        self.channel = channels.blog(tenant.id)
        self.context = GraphQLContext(request=None, services=services, tenant=tenant.info)  # type: ignore[arg-type]
        self.results: asyncio.Queue[ExecutionResult] = asyncio.Queue()
        self.task: asyncio.Task[None] | None = None

    async def _run(self) -> None:
        stream = await build_schema(self.services.settings).subscribe(
            SUBSCRIPTION, context_value=self.context
        )
        assert not isinstance(stream, ExecutionResult), stream
        async for result in stream:
            await self.results.put(result)

    async def start(self) -> Listener:
        self.task = asyncio.create_task(self._run())
        for _ in range(500):
            if self.services.broadcast._subscribers.get(self.channel):
                return self
            await asyncio.sleep(0.01)
        raise AssertionError("the subscription never subscribed")

    async def next_event(self) -> dict[str, Any]:
        result = await asyncio.wait_for(self.results.get(), 5)
        assert result.errors is None, result.errors
        assert result.data is not None
        return dict(result.data["blogPostPublished"])

    async def stop(self) -> None:
        assert self.task is not None
        self.task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self.task


async def test_subscriber_hears_a_post_going_live(services: Services, factory: Factory) -> None:
    # given
    tenant = await factory.tenant()
    listener = await Listener(services, tenant).start()

    # when
    post = await BlogWriter(services, tenant).post("Breaking news")

    # then
    assert post.published_at is not None
    assert await listener.next_event() == {
        "id": str(post.id),
        "slug": "breaking-news",
        "title": "Breaking news",
        "publishedAt": post.published_at.isoformat(),
    }
    await listener.stop()


async def test_subscriber_does_not_hear_other_tenants_drafts_or_schedules(
    services: Services, factory: Factory
) -> None:
    # given
    tenant = await factory.tenant()
    writer = BlogWriter(services, tenant)
    listener = await Listener(services, tenant).start()

    # when
    await BlogWriter(services, await factory.tenant()).post("Elsewhere")
    await writer.post("Just a draft", publish=False)
    await writer.post("Later", published_at=services.clock.now() + timedelta(days=1))
    await asyncio.sleep(0.2)
    await writer.post("Now")

    # then
    assert (await listener.next_event())["slug"] == "now"
    await listener.stop()


async def test_closing_the_subscription_unsubscribes(services: Services, factory: Factory) -> None:
    tenant = await factory.tenant()
    listener = await Listener(services, tenant).start()

    await listener.stop()

    assert not services.broadcast._subscribers.get(channels.blog(tenant.id))
