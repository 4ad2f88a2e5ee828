"""blogPostPublished end to end: a post published over HTTP reaches WebSocket subscribers.

Both run against real uvicorn servers; the last test runs two app instances that share only
PostgreSQL, the default pub/sub of a PostgreSQL deployment.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest

from tenantry.app import create_app
from tenantry.db.database import Database
from tenantry.db.migrate import upgrade_engine
from tenantry.realtime import channels
from tenantry.serving.services import Services
from tests.conftest import Factory, TenantFixture, make_settings
from tests.live import (
    LEGACY_WS,
    TRANSPORT_WS,
    GraphQLSocket,
    LiveServer,
    graphql_socket,
    serve,
    until_subscribed,
)

PUBLISHED = "subscription { blogPostPublished { id slug title publishedAt } }"
CREATE = "mutation($title: String!) { createBlogPost(input: {title: $title}) { id } }"
PUBLISH = "mutation($id: ID!) { publishBlogPost(id: $id) { id slug title publishedAt } }"


async def publish_post(server: LiveServer, tenant: TenantFixture, title: str) -> dict[str, Any]:
    """Creates and publishes a post over HTTP as the tenant's secret key; the published post."""
    headers = {"Authorization": f"Bearer {tenant.secret_key}"}
    async with httpx.AsyncClient(base_url=server.http(), headers=headers, timeout=10) as http:
        created = await http.post("/graphql", json={"query": CREATE, "variables": {"title": title}})
        post_id = created.json()["data"]["createBlogPost"]["id"]
        published = await http.post(
            "/graphql", json={"query": PUBLISH, "variables": {"id": post_id}}
        )
    post: dict[str, Any] = published.json()["data"]["publishBlogPost"]
    return post


async def subscribe(socket: GraphQLSocket, tenant: TenantFixture) -> str:
    ack = await socket.init({"tenant": tenant.slug})
    assert ack["type"] == "connection_ack"
    return await socket.start(PUBLISHED)


@pytest.mark.parametrize("protocol", [TRANSPORT_WS, LEGACY_WS])
async def test_subscriber_hears_a_post_published_over_http(
    protocol: str, live_server: LiveServer, factory: Factory, services: Services
) -> None:
    # given: subscribers of two tenants
    tenant_a, tenant_b = await factory.tenant(), await factory.tenant()
    async with (
        graphql_socket(live_server.ws(), protocol=protocol) as socket_a,
        graphql_socket(live_server.ws(), protocol=protocol) as socket_b,
    ):
        operation_id = await subscribe(socket_a, tenant_a)
        await subscribe(socket_b, tenant_b)
        await until_subscribed(services.broadcast, channels.blog(tenant_a.id))
        await until_subscribed(services.broadcast, channels.blog(tenant_b.id))
        # when
        post = await publish_post(live_server, tenant_a, "Hello, world")
        # then
        message = await socket_a.receive()
        assert message == {
            "id": operation_id,
            "type": "next" if protocol == TRANSPORT_WS else "data",
            "payload": {"data": {"blogPostPublished": post}},
        }
        assert post["title"] == "Hello, world"
        with pytest.raises(TimeoutError):
            await socket_b.receive(within=0.5)


async def test_completing_the_subscription_stops_listening(
    live_server: LiveServer, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    channel = channels.blog(tenant.id)
    async with graphql_socket(live_server.ws()) as socket:
        operation_id = await subscribe(socket, tenant)
        await until_subscribed(services.broadcast, channel)
        # when
        await socket.send({"id": operation_id, "type": "complete"})
        # then: the server leaves the channel, and the socket stays usable
        await until_subscribed(services.broadcast, channel, present=False)
        await socket.start("{ viewer { kind } }")
        assert (await socket.receive())["type"] == "next"


@asynccontextmanager
async def instance(postgres_url: str, tmp_path: Path) -> AsyncIterator[tuple[Services, LiveServer]]:
    """One more app instance on the shared test database, served by its own uvicorn."""
    settings = make_settings(postgres_url, tmp_path, broadcast_url=None)
    assert settings.resolved_broadcast_url.startswith("postgres://")
    services = Services.from_settings(settings, db=Database.from_settings(settings))
    app = create_app(settings, services=services)
    async with app.router.lifespan_context(app), serve(app) as server:
        yield services, server


async def test_post_published_on_one_instance_reaches_subscribers_of_another(
    postgres_url: str, tmp_path: Path
) -> None:
    # given: two instances with nothing shared but PostgreSQL
    migrator = Database.from_settings(make_settings(postgres_url, tmp_path))
    await upgrade_engine(migrator.engine)
    await migrator.dispose()
    async with AsyncExitStack() as stack:
        listening, first = await stack.enter_async_context(instance(postgres_url, tmp_path))
        _, second = await stack.enter_async_context(instance(postgres_url, tmp_path))
        factory = Factory(listening)
        tenant_a, tenant_b = await factory.tenant(), await factory.tenant()
        socket_a = await stack.enter_async_context(graphql_socket(first.ws()))
        socket_b = await stack.enter_async_context(graphql_socket(first.ws()))
        operation_id = await subscribe(socket_a, tenant_a)
        await subscribe(socket_b, tenant_b)
        await until_subscribed(listening.broadcast, channels.blog(tenant_a.id))
        await until_subscribed(listening.broadcast, channels.blog(tenant_b.id))
        # when
        post = await publish_post(second, tenant_a, "Across instances")
        # then
        message = await socket_a.receive()
        assert message == {
            "id": operation_id,
            "type": "next",
            "payload": {"data": {"blogPostPublished": post}},
        }
        with pytest.raises(TimeoutError):
            await socket_b.receive(within=0.5)
