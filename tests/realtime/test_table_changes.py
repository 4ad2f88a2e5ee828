"""Two app instances on one database: a write on one makes the other's cached answers stale."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack
from pathlib import Path
from typing import Any

import httpx
import pytest

from tenantry import cli
from tenantry.app import create_app
from tenantry.db.database import Database
from tenantry.db.migrate import upgrade_engine
from tenantry.realtime.events import MAX_PAYLOAD_BYTES
from tenantry.realtime.table_changes import encode_changes
from tenantry.serving.services import Services
from tests.conftest import Factory, make_settings
from tests.resolvers.catalog.support import CatalogWriter

PRODUCTS = "{ products { items { name } } }"
RENAME = """
mutation($id: ID!, $name: String!) { updateProduct(id: $id, input: {name: $name}) { name } }
"""


@pytest.fixture(params=["postgres", "redis"])
def broker(request: pytest.FixtureRequest) -> str:
    name = "pg_broadcast_url" if request.param == "postgres" else "redis_url"
    return str(request.getfixturevalue(name))


@pytest.fixture
async def two_instances(
    postgres_url: str, broker: str, tmp_path: Path
) -> AsyncIterator[tuple[httpx.AsyncClient, httpx.AsyncClient, Services]]:
    # A TTL far beyond the test's patience: only the relay can make A's answer stale in time.
    settings = make_settings(
        postgres_url,
        tmp_path,
        broadcast_url=broker,
        response_cache_seconds=600,
        tenant_cache_seconds=600,
    )
    db = Database.from_settings(settings)
    await upgrade_engine(db.engine)
    await db.dispose()
    async with AsyncExitStack() as stack:
        clients = []
        for _ in range(2):
            app = create_app(settings)
            await stack.enter_async_context(app.router.lifespan_context(app))
            transport = httpx.ASGITransport(app=app)
            clients.append(
                await stack.enter_async_context(
                    httpx.AsyncClient(transport=transport, base_url="http://testserver")
                )
            )
        yield clients[0], clients[1], app.state.services


async def _products(client: httpx.AsyncClient, slug: str) -> tuple[str | None, list[str]]:
    response = await client.post("/graphql", json={"query": PRODUCTS}, headers={"X-Tenant": slug})
    items = response.json()["data"]["products"]["items"]
    return response.headers.get("x-cache"), [item["name"] for item in items]


async def test_a_write_on_one_instance_reaches_the_others_cache(
    two_instances: tuple[httpx.AsyncClient, httpx.AsyncClient, Services],
) -> None:
    a, b, b_services = two_instances
    tenant = await Factory(b_services).tenant()
    product = await CatalogWriter(b_services, tenant).product("Mug", 1000)
    # B's writes so far reach A a moment later and may invalidate A's first answers; wait until
    # A answers from its cache.
    async with asyncio.timeout(10):
        while True:
            answer = await _products(a, tenant.slug)
            if answer[0] == "hit":
                break
            await asyncio.sleep(0.02)
    assert answer == ("hit", ["Mug"])

    renamed = await b.post(
        "/graphql",
        json={"query": RENAME, "variables": {"id": str(product.id), "name": "Big mug"}},
        headers={"X-Tenant": tenant.slug, "Authorization": f"Bearer {tenant.secret_key}"},
    )
    assert "errors" not in renamed.json(), renamed.text

    seen: list[Any] = []
    async with asyncio.timeout(10):
        while not seen or seen[-1][1] != ["Big mug"]:
            seen.append(await _products(a, tenant.slug))
            await asyncio.sleep(0.02)
    assert seen[-1] == ("miss", ["Big mug"])


async def test_a_cli_change_reaches_running_instances_at_once(
    two_instances: tuple[httpx.AsyncClient, httpx.AsyncClient, Services],
    postgres_url: str,
    broker: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # given: A has the site's answer cached, and its tenant directory the tenant
    a, _, services = two_instances
    tenant = await Factory(services).tenant()
    site = {"query": "{ site { settings } }"}
    headers = {"X-Tenant": tenant.slug}
    async with asyncio.timeout(10):
        while True:
            cached = await a.post("/graphql", json=site, headers=headers)
            if cached.headers.get("x-cache") == "hit":
                break
            await asyncio.sleep(0.02)
    assert cached.json()["data"]["site"]["settings"] == {}
    # when: an operator changes the tenant's settings from the command line (its own process)
    monkeypatch.setenv("TENANTRY_DATABASE_URL", postgres_url)
    monkeypatch.setenv("TENANTRY_BROADCAST_URL", broker)
    command = ["tenant", "settings", tenant.slug, "--set", 'public={"theme": "dark"}']
    assert await asyncio.to_thread(cli.main, command) == 0
    # then: long before either cache's TTL, A answers with the new settings
    seen: list[Any] = []
    async with asyncio.timeout(10):
        while not seen or seen[-1] != {"theme": "dark"}:
            answer = await a.post("/graphql", json=site, headers=headers)
            seen.append(answer.json()["data"]["site"]["settings"])
            await asyncio.sleep(0.02)


def test_changes_are_split_into_messages_a_notify_can_carry() -> None:
    changes = {tenant: {f"table_{n}" for n in range(40)} for tenant in range(60)}
    changes[None] = {"tenant"}
    messages = encode_changes("origin", changes)
    assert len(messages) > 1
    assert all(len(message.encode()) <= MAX_PAYLOAD_BYTES for message in messages)
    carried = {
        tenant: set(tables)
        for message in messages
        for tenant, tables in json.loads(message)["changes"]
    }
    assert carried == changes
