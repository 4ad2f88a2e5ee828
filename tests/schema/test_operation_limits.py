"""The limits on an operation's work hold on every transport: a document too large for the byte
limit, too many fields, a field repeated too often, an operation over the cost budget — refused
before anything runs, with a reason; and the caches of parsed and validated documents stay
within their byte budget."""

from __future__ import annotations

import time
from typing import Any

import httpx
import pytest

from tenantry.config import Settings
from tenantry.schema import build_schema
from tenantry.schema.limits import TextCache
from tenantry.serving.services import Services
from tests.conftest import Factory, StatementCounter
from tests.live import LiveServer, graphql_socket
from tests.support import graphql, set_tenant_settings

TRANSPORTS = ["graphql-transport-ws", "graphql-ws"]


def reason_of(body: dict[str, Any]) -> str:
    [error] = body["errors"]
    assert error["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED", error
    reason: str = error["extensions"]["reason"]
    return reason


async def over_socket(server: LiveServer, protocol: str, slug: str, query: str) -> dict[str, Any]:
    """The first answer to one operation sent over a socket of the protocol."""
    async with graphql_socket(server.ws(f"/api/{slug}/graphql"), protocol=protocol) as socket:
        ack = await socket.init({})
        assert ack["type"] == "connection_ack", ack
        operation_id = await socket.start(query)
        answer = await socket.receive()
    assert answer["id"] == operation_id
    payload = answer["payload"]
    # graphql-transport-ws sends a list of errors, graphql-ws one error.
    found: dict[str, Any] = {"errors": payload if isinstance(payload, list) else [payload]}
    return found


@pytest.mark.parametrize("protocol", TRANSPORTS)
async def test_a_document_over_the_byte_limit_is_refused_over_websockets(
    live_server: LiveServer, factory: Factory, protocol: str
) -> None:
    tenant = await factory.tenant()
    padded = "# " + "x" * (64 * 1024) + "\nsubscription { blogPostPublished { id } }"

    answer = await over_socket(live_server, protocol, tenant.slug, padded)

    assert reason_of(answer) == "document_too_large"
    assert "exceeds 65536 bytes" in answer["errors"][0]["message"]


@pytest.mark.parametrize("protocol", TRANSPORTS)
async def test_a_field_repeated_a_thousand_times_is_refused_quickly_over_websockets(
    live_server: LiveServer, factory: Factory, protocol: str
) -> None:
    # graphql-core's overlapping-fields check took 1.3-1.9 s on this document.
    tenant = await factory.tenant()
    repeated = "subscription { blogPostPublished { " + " ".join(["id"] * 1200) + " } }"

    started = time.perf_counter()
    answer = await over_socket(live_server, protocol, tenant.slug, repeated)
    took = time.perf_counter() - started

    assert reason_of(answer) == "too_many_fields"
    assert took < 5  # refused before validation; the bound is loose only for slow machines


async def test_a_field_repeated_more_than_the_limit_in_one_selection_is_refused(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    tenant = await factory.tenant()
    twenty = "{ " + " ".join(["viewer { kind }"] * 20) + " }"
    inline = "{ viewer { kind } ... on Query { " + " ".join(["viewer { kind }"] * 20) + " } }"

    allowed = await graphql(client, twenty, tenant=tenant.slug)
    refused = await graphql(client, inline, tenant=tenant.slug)

    assert allowed["data"] == {"viewer": {"kind": "anonymous"}}
    assert reason_of(refused) == "field_repeated"
    assert refused["errors"][0]["message"] == (
        "A field is selected 21 times in one selection; at most 20 are allowed."
    )


async def test_every_operation_that_runs_reports_its_cost(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    tenant = await factory.tenant()
    query = "{ products(perPage: 20) { items { id name images { url } } pageInfo { total } } }"

    response = await client.post(f"/api/{tenant.slug}/graphql", json={"query": query})

    # products 1, items 1 + 20 * (id, name, images 1 + 10 assumed * url), pageInfo 1 + total 1
    assert response.json()["extensions"] == {
        "cost": {"requested": 1 + 1 + 20 * (2 + 1 + 10) + 2, "budget": 25_000}
    }


async def test_an_operation_over_the_budget_is_refused_before_any_statement(
    client: httpx.AsyncClient, factory: Factory, count_queries: StatementCounter
) -> None:
    # The hostile document of the finding: 30 aliases of 100-item lists.
    tenant = await factory.tenant()
    lists = " ".join(
        f"a{i}: products(perPage: 100) {{ items {{ id name variants {{ id name }} }} }}"
        for i in range(30)
    )
    count_queries.reset()

    response = await client.post(f"/api/{tenant.slug}/graphql", json={"query": f"{{ {lists} }}"})

    body = response.json()
    assert body["data"] is None
    assert reason_of(body) == "cost_exceeded"
    assert body["errors"][0]["message"].startswith("The operation would cost 69060;")
    assert body["extensions"] == {"cost": {"requested": 69060, "budget": 25_000}}
    assert not [sql for sql in count_queries.statements if "product" in sql.lower()]


async def test_page_sizes_sent_as_variables_count_and_a_tenant_may_lower_its_budget(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    await set_tenant_settings(services, tenant, graphql={"max_cost": 100})
    query = "query($n: Int) { products(perPage: $n) { items { id name } } }"
    path = f"/api/{tenant.slug}/graphql"

    small = await client.post(path, json={"query": query, "variables": {"n": 10}})
    large = await client.post(path, json={"query": query, "variables": {"n": 60}})

    assert small.json()["extensions"] == {"cost": {"requested": 22, "budget": 100}}
    assert reason_of(large.json()) == "cost_exceeded"
    assert large.json()["extensions"] == {"cost": {"requested": 122, "budget": 100}}


async def test_a_subscription_over_the_budget_is_refused_and_events_carry_no_cost() -> None:
    schema = build_schema(Settings(graphql_max_cost=1))

    stream = await schema.subscribe("subscription { blogPostPublished { id title } }")
    assert hasattr(stream, "__aiter__"), stream
    first = await anext(aiter(stream))

    assert first.data is None
    assert not first.extensions
    [error] = first.errors or []
    assert error.extensions == {"code": "GRAPHQL_VALIDATION_FAILED", "reason": "cost_exceeded"}


def test_the_document_caches_keep_within_their_byte_budget() -> None:
    cache: TextCache[int] = TextCache(budget_bytes=1000)
    for n in range(100):
        cache.put(f"{n:03d}" + "x" * 97, n)

    assert cache.used <= 1000
    assert sorted(cache.items.values()) == list(range(90, 100))
    assert cache.get("099" + "x" * 97) == 99
    cache.put("y" * 200, -1)  # larger than an eighth of the budget: never kept
    assert cache.get("y" * 200) is None
