"""agents, agent, agentExecutions, agentExecution, agentStats, faqEntries."""

from __future__ import annotations

import httpx

from tenantry.serving.services import Services
from tests.agents.support import add_execution, add_faq, configure
from tests.conftest import Factory
from tests.support import error_codes, graphql

AGENTS = "{ agents { slug name enabled configured prompt settings } }"
AGENT = "query($slug: String!) { agent(slug: $slug) { slug enabled settings prompt } }"
EXECUTIONS = """
query($slug: String!, $status: AgentExecutionStatus) {
  agentExecutions(slug: $slug, perPage: 1, status: $status) {
    items { id agentSlug status input output error durationMs promptTokens completionTokens }
    pageInfo { page perPage total lastPage hasNextPage }
  }
}
"""
EXECUTION = "query($id: ID!) { agentExecution(id: $id) { id status output } }"
STATS = """
query($slug: String!) {
  agentStats(slug: $slug) {
    runs succeeded failed averageDurationMs promptTokens completionTokens lastRunAt
  }
}
"""
FAQ = "{ faqEntries { id question answer keywords position isActive } }"


async def test_agents_with_the_tenants_configuration(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    settings = {"base_url": "http://127.0.0.1:9/v1", "model": "m", "api_key": "sk-abcdefgh-9999"}
    await configure(services, tenant, "llm", prompt="P", settings=settings)
    # when
    body = await graphql(client, AGENTS, bearer=tenant.secret_key)
    # then
    assert body == {
        "data": {
            "agents": [
                {
                    "slug": "faq-responder",
                    "name": "FAQ auto-responder",
                    "enabled": False,
                    "configured": False,
                    "prompt": "",
                    "settings": {
                        "min_score": 0.5,
                        "typing_seconds": 1.0,
                        "fallback": False,
                        "fallback_message": "An agent will be with you shortly.",
                    },
                },
                {
                    "slug": "llm",
                    "name": "LLM agent",
                    "enabled": True,
                    "configured": True,
                    "prompt": "P",
                    "settings": {
                        "base_url": "http://127.0.0.1:9/v1",
                        "model": "m",
                        "api_key": "****9999",
                        "temperature": 0.7,
                        "max_tokens": 1024,
                    },
                },
            ]
        }
    }


async def test_an_unknown_agent_is_not_found(client: httpx.AsyncClient, factory: Factory) -> None:
    tenant = await factory.tenant()
    body = await graphql(client, AGENT, {"slug": "nope"}, bearer=tenant.secret_key)
    assert error_codes(body) == ["NOT_FOUND"]


async def test_anonymous_callers_are_unauthenticated(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    tenant = await factory.tenant()
    body = await graphql(client, AGENTS, tenant=tenant.slug)
    assert error_codes(body) == ["UNAUTHENTICATED"]


async def test_executions_page_and_filter(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    await add_execution(services, tenant, "llm", {"message": "1"}, status="failed", error="E")
    done = await add_execution(
        services,
        tenant,
        "llm",
        {"message": "2"},
        status="succeeded",
        output={"content": "x"},
        duration_ms=12,
        prompt_tokens=3,
        completion_tokens=4,
    )
    # when
    body = await graphql(
        client, EXECUTIONS, {"slug": "llm", "status": "SUCCEEDED"}, bearer=tenant.secret_key
    )
    # then
    assert body == {
        "data": {
            "agentExecutions": {
                "items": [
                    {
                        "id": str(done.id),
                        "agentSlug": "llm",
                        "status": "SUCCEEDED",
                        "input": {"message": "2"},
                        "output": {"content": "x"},
                        "error": None,
                        "durationMs": 12,
                        "promptTokens": 3,
                        "completionTokens": 4,
                    }
                ],
                "pageInfo": {
                    "page": 1,
                    "perPage": 1,
                    "total": 1,
                    "lastPage": 1,
                    "hasNextPage": False,
                },
            }
        }
    }


async def test_another_tenants_execution_is_not_found(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant, other = await factory.tenant(), await factory.tenant()
    theirs = await add_execution(services, other, "llm", {})
    body = await graphql(client, EXECUTION, {"id": str(theirs.id)}, bearer=tenant.secret_key)
    assert error_codes(body) == ["NOT_FOUND"]


async def test_stats(client: httpx.AsyncClient, factory: Factory, services: Services) -> None:
    tenant = await factory.tenant()
    await add_execution(services, tenant, "faq-responder", {}, status="succeeded", duration_ms=7)
    body = await graphql(client, STATS, {"slug": "faq-responder"}, bearer=tenant.secret_key)
    stats = body["data"]["agentStats"]
    assert stats == {
        "runs": 1,
        "succeeded": 1,
        "failed": 0,
        "averageDurationMs": 7,
        "promptTokens": 0,
        "completionTokens": 0,
        "lastRunAt": stats["lastRunAt"],
    }
    assert stats["lastRunAt"] is not None


async def test_faq_entries_in_answer_order(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    second = await add_faq(services, tenant, "Q2", "A2", position=5, is_active=False)
    first = await add_faq(services, tenant, "Q1", "A1", keywords=["k"])
    body = await graphql(client, FAQ, bearer=tenant.secret_key)
    assert body == {
        "data": {
            "faqEntries": [
                {
                    "id": str(first.id),
                    "question": "Q1",
                    "answer": "A1",
                    "keywords": ["k"],
                    "position": 0,
                    "isActive": True,
                },
                {
                    "id": str(second.id),
                    "question": "Q2",
                    "answer": "A2",
                    "keywords": [],
                    "position": 5,
                    "isActive": False,
                },
            ]
        }
    }
