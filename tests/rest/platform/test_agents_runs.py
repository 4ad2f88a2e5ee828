"""Dialect A: POST /agents/{slug}/run, GET /agents/{slug}/executions, /stats, /executions/{id}."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from tenantry.serving.services import Services
from tests.agents.support import add_execution, configure, llm_settings, secret
from tests.conftest import Factory, TenantFixture
from tests.fake_llm import FakeLLM, fake_llm_server


@pytest.fixture
async def llm() -> AsyncIterator[FakeLLM]:
    async with fake_llm_server() as server:
        yield server


async def poll(
    client: httpx.AsyncClient, tenant: TenantFixture, execution_id: int, within: float = 5.0
) -> dict[str, Any]:
    """GET /executions/{id} until the run has finished."""
    async with asyncio.timeout(within):
        while True:
            response = await client.get(
                f"/api/{tenant.slug}/executions/{execution_id}", headers=secret(tenant)
            )
            data: dict[str, Any] = response.json()["data"]
            if data["status"] in ("succeeded", "failed"):
                return data
            await asyncio.sleep(0.02)


async def test_a_run_is_accepted_at_once_and_succeeds_later(
    client: httpx.AsyncClient, factory: Factory, services: Services, llm: FakeLLM
) -> None:
    # given: a model that takes a moment
    tenant = await factory.tenant()
    await configure(services, tenant, "llm", settings=llm_settings(llm, "delay-0.3"))
    # when
    response = await client.post(
        f"/api/{tenant.slug}/agents/llm/run",
        json={"input": {"message": "hello"}},
        headers=secret(tenant),
    )
    # then
    assert response.status_code == 202
    body = response.json()
    execution_id = body["data"]["execution_id"]
    assert body == {"data": {"execution_id": execution_id, "status": "queued"}}
    done = await poll(client, tenant, execution_id)
    assert done == {
        "id": execution_id,
        "agent_slug": "llm",
        "status": "succeeded",
        "input": {"message": "hello"},
        "output": {"content": "Echo: hello", "model": "delay-0.3", "finish_reason": "stop"},
        "error": None,
        "duration_ms": done["duration_ms"],
        "prompt_tokens": 1,
        "completion_tokens": 2,
        "started_at": done["started_at"],
        "finished_at": done["finished_at"],
        "created_at": done["created_at"],
    }
    assert done["duration_ms"] >= 300
    assert done["started_at"].endswith("Z")


async def test_a_failing_endpoint_gives_a_failed_execution(
    client: httpx.AsyncClient, factory: Factory, services: Services, llm: FakeLLM
) -> None:
    # given
    tenant = await factory.tenant()
    await configure(services, tenant, "llm", settings=llm_settings(llm, "fail-500"))
    # when
    response = await client.post(
        f"/api/{tenant.slug}/agents/llm/run",
        json={"input": {"message": "hello"}},
        headers=secret(tenant),
    )
    # then
    done = await poll(client, tenant, response.json()["data"]["execution_id"])
    assert (done["status"], done["output"]) == ("failed", None)
    assert done["error"] == (
        'The model endpoint answered HTTP 500: {"error":{"message":"upstream exploded"}}'
    )


async def test_a_disabled_agent_is_a_409(client: httpx.AsyncClient, factory: Factory) -> None:
    tenant = await factory.tenant()
    response = await client.post(
        f"/api/{tenant.slug}/agents/faq-responder/run",
        json={"input": {"message": "hello"}},
        headers=secret(tenant),
    )
    assert response.status_code == 409
    assert response.json() == {"message": "This agent is not enabled.", "code": "agent_disabled"}


async def test_input_the_kind_refuses_is_a_422(
    client: httpx.AsyncClient, factory: Factory, services: Services, llm: FakeLLM
) -> None:
    tenant = await factory.tenant()
    await configure(services, tenant, "llm", settings=llm_settings(llm))
    response = await client.post(
        f"/api/{tenant.slug}/agents/llm/run", json={"input": "hello"}, headers=secret(tenant)
    )
    assert response.status_code == 422
    assert response.json() == {
        "message": "The given data was invalid.",
        "code": "parameter_invalid",
        "errors": {"input": ["The input field must be an object."]},
    }


async def test_running_an_unknown_agent_is_a_404(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    tenant = await factory.tenant()
    response = await client.post(
        f"/api/{tenant.slug}/agents/nope/run", json={"input": {}}, headers=secret(tenant)
    )
    assert response.status_code == 404
    assert response.json() == {"message": "Agent not found.", "code": "resource_missing"}


async def test_running_needs_credentials(client: httpx.AsyncClient, factory: Factory) -> None:
    tenant = await factory.tenant()
    response = await client.post(f"/api/{tenant.slug}/agents/llm/run", json={"input": {}})
    assert response.status_code == 401
    assert response.json() == {"message": "Unauthenticated.", "code": "unauthenticated"}


async def test_executions_are_listed_newest_first_with_meta(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    older = await add_execution(services, tenant, "llm", {"message": "1"}, status="failed")
    newer = await add_execution(services, tenant, "llm", {"message": "2"}, status="succeeded")
    # when
    response = await client.get(
        f"/api/{tenant.slug}/agents/llm/executions",
        params={"per_page": 1, "page": 2},
        headers=secret(tenant),
    )
    filtered = await client.get(
        f"/api/{tenant.slug}/agents/llm/executions",
        params={"status": "succeeded"},
        headers=secret(tenant),
    )
    # then
    assert response.status_code == 200
    body = response.json()
    assert [item["id"] for item in body["data"]] == [older.id]
    assert body["meta"] == {"current_page": 2, "last_page": 2, "per_page": 1, "total": 2}
    assert [item["id"] for item in filtered.json()["data"]] == [newer.id]


async def test_an_unknown_status_filter_is_a_422(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    tenant = await factory.tenant()
    response = await client.get(
        f"/api/{tenant.slug}/agents/llm/executions",
        params={"status": "sleeping"},
        headers=secret(tenant),
    )
    assert response.status_code == 422
    assert response.json() == {
        "message": "The given data was invalid.",
        "code": "parameter_invalid",
        "errors": {"status": ["The selected status is invalid."]},
    }


async def test_stats_envelope(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    await add_execution(
        services,
        tenant,
        "llm",
        {},
        status="succeeded",
        duration_ms=40,
        prompt_tokens=7,
        completion_tokens=3,
    )
    last = await add_execution(services, tenant, "llm", {}, status="failed", duration_ms=60)
    # when
    response = await client.get(f"/api/{tenant.slug}/agents/llm/stats", headers=secret(tenant))
    # then
    assert response.status_code == 200
    assert response.json() == {
        "data": {
            "runs": 2,
            "succeeded": 1,
            "failed": 1,
            "average_duration_ms": 50,
            "prompt_tokens": 7,
            "completion_tokens": 3,
            "last_run_at": last.created_at.isoformat().replace("+00:00", "Z"),
        }
    }


async def test_another_tenants_execution_is_a_404(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant, other = await factory.tenant(), await factory.tenant()
    theirs = await add_execution(services, other, "llm", {"message": "secret"})
    # when
    response = await client.get(
        f"/api/{tenant.slug}/executions/{theirs.id}", headers=secret(tenant)
    )
    listed = await client.get(f"/api/{tenant.slug}/agents/llm/executions", headers=secret(tenant))
    # then
    assert response.status_code == 404
    assert response.json() == {"message": "Execution not found.", "code": "resource_missing"}
    assert listed.json()["data"] == []


@pytest.mark.parametrize("raw", ["abc", "99999999999999999999999", "²"])
async def test_an_execution_id_that_cannot_exist_is_a_missing_execution(
    client: httpx.AsyncClient, factory: Factory, raw: str
) -> None:
    tenant = await factory.tenant()
    response = await client.get(f"/api/{tenant.slug}/executions/{raw}", headers=secret(tenant))
    assert response.status_code == 404
    assert response.json() == {"message": "Execution not found.", "code": "resource_missing"}


async def test_another_tenant_cannot_run_this_tenants_agent(
    client: httpx.AsyncClient, factory: Factory, services: Services, llm: FakeLLM
) -> None:
    # given: the tenant's enabled agent, and another tenant's key
    tenant, other = await factory.tenant(), await factory.tenant()
    await configure(services, tenant, "llm", settings=llm_settings(llm))
    # when: the other tenant runs "llm" under its own name
    response = await client.post(
        f"/api/{other.slug}/agents/llm/run",
        json={"input": {"message": "hello"}},
        headers=secret(other),
    )
    # then: its own agent is not enabled
    assert response.status_code == 409
    assert llm.requests == []
