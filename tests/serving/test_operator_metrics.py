"""/metrics shows operators what waits: pub/sub delay by broker and the background queues."""

from __future__ import annotations

import time

import httpx
from prometheus_client import CollectorRegistry, Gauge
from sqlmodel import SQLModel

from tenantry.db.database import Database
from tenantry.models.agents import AgentExecution
from tenantry.models.mail import MailOutbox
from tenantry.models.webhooks import WebhookDelivery
from tenantry.realtime import channels
from tenantry.realtime.events import encode_event
from tenantry.serving.queue_depths import QUEUES, QueueDepths
from tenantry.serving.services import Services
from tests.conftest import Factory
from tests.db.rows import FACTORIES
from tests.realtime.support import next_event
from tests.serving.metrics_support import sample

LAG = "tenantry_pubsub_lag_seconds_count"
DEPTH = "tenantry_queue_depth"
WAITING: dict[str, type[SQLModel]] = {
    "mail": MailOutbox,
    "agent_runs": AgentExecution,
    "webhook_deliveries": WebhookDelivery,
}


async def test_a_published_event_is_timed_on_the_metrics_page(
    client: httpx.AsyncClient, services: Services, factory: Factory
) -> None:
    # given: a subscriber on the app's own broker
    tenant = await factory.tenant()
    channel = channels.blog(tenant.id)
    broker = services.settings.resolved_broadcast_url.split(":", 1)[0]
    before = sample((await client.get("/metrics")).text, LAG, broker=broker) or 0.0
    async with services.broadcast.subscribe(channel) as subscriber:
        # when
        await services.broadcast.publish(channel, encode_event("post.published", {"id": 1}))
        await next_event(subscriber)
    # then
    after = sample((await client.get("/metrics")).text, LAG, broker=broker)
    assert after == before + 1


async def test_waiting_mail_runs_and_deliveries_show_as_queue_depths(
    client: httpx.AsyncClient, services: Services, factory: Factory
) -> None:
    # given
    tenant = await factory.tenant()
    before = (await client.get("/metrics")).text
    # when: one more of each waits
    async with services.db.unit(tenant.id) as uow:
        for model in WAITING.values():
            await FACTORIES[model](uow.session, tenant.id)
        await uow.commit()
    # then
    after = (await client.get("/metrics")).text
    for queue in QUEUES:
        was = sample(before, DEPTH, queue=queue)
        assert was is not None, queue
        assert sample(after, DEPTH, queue=queue) == was + 1, queue


async def test_queue_depths_keep_their_last_values_when_the_database_is_gone(
    services: Services,
) -> None:
    # given: depths counted once
    registry = CollectorRegistry()
    depths = QueueDepths(Gauge("depth", "d", ("queue",), registry=registry), timeout=5.0)
    await depths.refresh(services.db)
    counted = {q: registry.get_sample_value("depth", {"queue": q}) for q in QUEUES}
    gone = services.settings.model_copy(
        update={"database_url": "postgresql+asyncpg://nobody@127.0.0.1:1/gone"}
    )
    unreachable = Database.from_settings(gone)
    try:
        # when
        started = time.perf_counter()
        await depths.refresh(unreachable)
        took = time.perf_counter() - started
    finally:
        await unreachable.dispose()
    # then: the scrape answers at once with what it knew
    assert None not in counted.values()
    assert {q: registry.get_sample_value("depth", {"queue": q}) for q in QUEUES} == counted
    assert took < 5.0
