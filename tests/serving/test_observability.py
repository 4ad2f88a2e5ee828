"""/metrics counts requests, GraphQL outcomes and sockets; every answer carries a request id;
JSON log lines are JSON and name the request, its tenant and its principal."""

from __future__ import annotations

import asyncio
import io
import json
import logging
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tenantry.serving.logs import configure_logging
from tests.conftest import Factory
from tests.live import TIMEOUT, LiveServer, graphql_socket
from tests.serving.metrics_support import sample


async def test_metrics_count_a_request_by_its_route_template(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    tenant = await factory.tenant()
    before = (await client.get("/metrics")).text
    await client.get(f"/api/{tenant.slug}/products/no-such-product")

    text = (await client.get("/metrics")).text

    labels = {"method": "GET", "route": "/products/{slug}", "dialect": "platform"}
    counted = sample(text, "tenantry_http_requests_total", status="404", **labels)
    timed = sample(text, "tenantry_http_request_seconds_count", **labels)
    assert (
        counted == (sample(before, "tenantry_http_requests_total", status="404", **labels) or 0) + 1
    )
    assert timed == (sample(before, "tenantry_http_request_seconds_count", **labels) or 0) + 1


async def test_metrics_count_graphql_outcomes(client: httpx.AsyncClient, factory: Factory) -> None:
    tenant = await factory.tenant()
    path = f"/api/{tenant.slug}/graphql"
    await client.post(path, json={"query": "query Who { viewer { kind } }"})
    await client.post(path, json={"query": "query Broken { viewr { kind } }"})

    text = (await client.get("/metrics")).text

    name = "tenantry_graphql_operations_total"
    assert sample(text, name, operation="Who", type="query", outcome="ok") == 1.0
    assert sample(text, name, operation="Broken", type="query", outcome="error") == 1.0


async def test_metrics_count_open_sockets(live_server: LiveServer, factory: Factory) -> None:
    # given
    tenant = await factory.tenant()
    async with httpx.AsyncClient(base_url=live_server.http()) as http:
        before = sample((await http.get("/metrics")).text, "tenantry_websockets_open")
        # when: a socket opens
        async with graphql_socket(live_server.ws(f"/api/{tenant.slug}/graphql")) as socket:
            await socket.init({})
            during = sample((await http.get("/metrics")).text, "tenantry_websockets_open")
        # then: it counts while open, and no longer once the server has seen it close
        after = await until_sockets_open(http, before or 0.0)
    assert before == 0.0
    assert during == 1.0
    assert after == 0.0


async def until_sockets_open(http: httpx.AsyncClient, wanted: float) -> float | None:
    """The open-socket gauge once it reads wanted (the server counts a close a moment late)."""
    async with asyncio.timeout(TIMEOUT):
        while True:
            found = sample((await http.get("/metrics")).text, "tenantry_websockets_open")
            if found == wanted:
                return found
            await asyncio.sleep(0.02)


async def test_every_answer_names_its_request(client: httpx.AsyncClient) -> None:
    given = await client.get("/healthz", headers={"X-Request-ID": "trace-42.a"})
    hostile = await client.get("/healthz", headers={"X-Request-ID": "x" * 500})
    fresh = await client.get("/healthz")

    assert given.headers["X-Request-ID"] == "trace-42.a"
    assert len(hostile.headers["X-Request-ID"]) == 32
    assert fresh.headers["X-Request-ID"] != hostile.headers["X-Request-ID"]


@pytest.fixture
def json_logs() -> Iterator[io.StringIO]:
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    stream = io.StringIO()
    configure_logging(fmt="json", level="INFO", stream=stream)
    try:
        yield stream
    finally:
        root.handlers, root.level = handlers, level


async def test_json_log_lines_carry_the_request_tenant_and_principal(
    client: httpx.AsyncClient, factory: Factory, json_logs: io.StringIO
) -> None:
    tenant = await factory.tenant()
    json_logs.truncate(0)
    json_logs.seek(0)

    await client.get(
        f"/api/{tenant.slug}/products",
        headers={"X-Request-ID": "req-7", "X-API-Key": tenant.publishable_key},
    )

    err = json_logs.getvalue()
    lines: list[dict[str, Any]] = [json.loads(line) for line in err.splitlines() if line.strip()]
    [access] = [line for line in lines if line["logger"] == "tenantry.access"]
    assert access["request_id"] == "req-7"
    assert access["tenant"] == tenant.slug
    assert access["principal"] == "api_key"
    assert (access["method"], access["status"]) == ("GET", 200)
    assert access["path"] == f"/api/{tenant.slug}/products"
