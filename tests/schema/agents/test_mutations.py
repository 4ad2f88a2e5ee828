"""configureAgent, runAgent and the FAQ mutations."""

from __future__ import annotations

import httpx

from tenantry.models.tenant import StaffRole
from tenantry.resolvers.sessions import SessionKind
from tenantry.serving.services import Services
from tests.agents.support import configure, executions_of, llm_settings, wait_until_finished
from tests.conftest import Factory
from tests.fake_llm import FakeLLM
from tests.live import access_token
from tests.support import error_codes, graphql

CONFIGURE = """
mutation($slug: String!, $input: ConfigureAgentInput!) {
  configureAgent(slug: $slug, input: $input) { slug enabled configured prompt settings }
}
"""
RUN = """
mutation($slug: String!, $input: JSON!) {
  runAgent(slug: $slug, input: $input) { id status agentSlug input }
}
"""
CREATE_FAQ = """
mutation($input: CreateFaqEntryInput!) {
  createFaqEntry(input: $input) { id question answer keywords position isActive }
}
"""
UPDATE_FAQ = """
mutation($id: ID!, $input: UpdateFaqEntryInput!) {
  updateFaqEntry(id: $id, input: $input) { id question answer isActive }
}
"""
DELETE_FAQ = "mutation($id: ID!) { deleteFaqEntry(id: $id) }"


async def test_configure_masks_the_key(client: httpx.AsyncClient, factory: Factory) -> None:
    tenant = await factory.tenant()
    variables = {
        "slug": "llm",
        "input": {
            "enabled": True,
            "prompt": "Hi",
            "settings": {"base_url": "https://api.example/v1", "model": "m", "api_key": "k" * 20},
        },
    }
    body = await graphql(client, CONFIGURE, variables, bearer=tenant.secret_key)
    assert body == {
        "data": {
            "configureAgent": {
                "slug": "llm",
                "enabled": True,
                "configured": True,
                "prompt": "Hi",
                "settings": {
                    "base_url": "https://api.example/v1",
                    "model": "m",
                    "api_key": "****kkkk",
                    "temperature": 0.7,
                    "max_tokens": 1024,
                },
            }
        }
    }


async def test_configure_names_bad_settings(client: httpx.AsyncClient, factory: Factory) -> None:
    tenant = await factory.tenant()
    variables = {"slug": "faq-responder", "input": {"settings": {"min_score": -1}}}
    body = await graphql(client, CONFIGURE, variables, bearer=tenant.secret_key)
    assert error_codes(body) == ["BAD_USER_INPUT"]
    assert body["errors"][0]["extensions"]["fields"] == {
        "settings.min_score": ["The min score field must be at least 0.0."]
    }


async def test_run_returns_the_queued_execution(
    client: httpx.AsyncClient, factory: Factory, services: Services, llm: FakeLLM
) -> None:
    # given
    tenant = await factory.tenant()
    await configure(services, tenant, "llm", settings=llm_settings(llm))
    # when
    body = await graphql(
        client, RUN, {"slug": "llm", "input": {"message": "hi"}}, bearer=tenant.secret_key
    )
    # then
    run = body["data"]["runAgent"]
    assert run == {
        "id": run["id"],
        "status": "QUEUED",
        "agentSlug": "llm",
        "input": {"message": "hi"},
    }
    done = await wait_until_finished(services, tenant, int(run["id"]))
    assert done.status == "succeeded"


async def test_a_disabled_agent_does_not_run(client: httpx.AsyncClient, factory: Factory) -> None:
    tenant = await factory.tenant()
    body = await graphql(
        client, RUN, {"slug": "llm", "input": {"message": "hi"}}, bearer=tenant.secret_key
    )
    assert error_codes(body) == ["CONFLICT"]
    assert body["errors"][0]["message"] == "This agent is not enabled."


async def test_a_chat_agent_cannot_run_agents(
    client: httpx.AsyncClient, factory: Factory, services: Services, llm: FakeLLM
) -> None:
    # given
    tenant = await factory.tenant()
    await configure(services, tenant, "llm", settings=llm_settings(llm))
    staff_id, _ = await factory.staff(tenant, role=StaffRole.AGENT)
    token = await access_token(services, tenant.info, kind=SessionKind.STAFF, subject_id=staff_id)
    # when
    body = await graphql(client, RUN, {"slug": "llm", "input": {"message": "hi"}}, bearer=token)
    # then
    assert error_codes(body) == ["FORBIDDEN"]
    assert await executions_of(services, tenant) == []


async def test_faq_entries_are_created_updated_and_deleted(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    tenant = await factory.tenant()
    key = tenant.secret_key
    created = await graphql(
        client,
        CREATE_FAQ,
        {"input": {"question": "Q?", "answer": "A.", "keywords": ["Ship"]}},
        bearer=key,
    )
    entry = created["data"]["createFaqEntry"]
    assert entry == {
        "id": entry["id"],
        "question": "Q?",
        "answer": "A.",
        "keywords": ["ship"],
        "position": 0,
        "isActive": True,
    }
    updated = await graphql(
        client, UPDATE_FAQ, {"id": entry["id"], "input": {"isActive": False}}, bearer=key
    )
    assert updated["data"]["updateFaqEntry"] == {
        "id": entry["id"],
        "question": "Q?",
        "answer": "A.",
        "isActive": False,
    }
    deleted = await graphql(client, DELETE_FAQ, {"id": entry["id"]}, bearer=key)
    assert deleted == {"data": {"deleteFaqEntry": True}}
    again = await graphql(client, DELETE_FAQ, {"id": entry["id"]}, bearer=key)
    assert error_codes(again) == ["NOT_FOUND"]


async def test_a_faq_entry_needs_a_question(client: httpx.AsyncClient, factory: Factory) -> None:
    tenant = await factory.tenant()
    body = await graphql(
        client,
        CREATE_FAQ,
        {"input": {"question": " ", "answer": "A."}},
        bearer=tenant.secret_key,
    )
    assert body["errors"][0]["extensions"]["fields"] == {
        "question": ["The question field is required."]
    }
