"""The runner: status transitions, what a run stores, what it publishes, and shutdown."""

from __future__ import annotations

import asyncio

import pytest

from tenantry.agents import runner
from tenantry.agents.runner import INTERRUPTED, NOT_ENABLED, Runner, timed_out
from tenantry.models.agents import AgentConfig, ExecutionStatus
from tenantry.realtime import channels
from tenantry.realtime.events import decode_event
from tenantry.serving.services import Services
from tests.agents.support import (
    add_execution,
    add_faq,
    configure,
    llm_settings,
    load_execution,
)
from tests.conftest import Factory
from tests.fake_llm import FakeLLM

pytestmark = pytest.mark.usefixtures("app")  # the app's lifespan connects the broadcast


async def test_a_run_succeeds_with_output_tokens_and_duration(
    services: Services, factory: Factory, llm: FakeLLM
) -> None:
    # given
    tenant = await factory.tenant()
    await configure(services, tenant, "llm", prompt="Be brief.", settings=llm_settings(llm))
    queued = await add_execution(services, tenant, "llm", {"message": "hello"})
    assert queued.id is not None
    # when
    done = await Runner(services.db, services.settings).run(
        tenant_id=tenant.id, execution_id=queued.id
    )
    # then
    assert done is not None
    stored = await load_execution(services, tenant, queued.id)
    assert stored.status == ExecutionStatus.SUCCEEDED
    assert stored.output == {"content": "Echo: hello", "model": "echo", "finish_reason": "stop"}
    assert stored.error is None
    assert (stored.prompt_tokens, stored.completion_tokens) == (3, 2)
    assert stored.duration_ms is not None
    assert stored.duration_ms >= 0
    assert stored.started_at is not None
    assert stored.finished_at is not None
    assert stored.started_at <= stored.finished_at


async def test_an_endpoint_error_ends_as_a_failed_run(
    services: Services, factory: Factory, llm: FakeLLM
) -> None:
    # given
    tenant = await factory.tenant()
    await configure(services, tenant, "llm", settings=llm_settings(llm, "fail-500"))
    queued = await add_execution(services, tenant, "llm", {"message": "hello"})
    assert queued.id is not None
    # when
    await Runner(services.db, services.settings).run(tenant_id=tenant.id, execution_id=queued.id)
    # then
    stored = await load_execution(services, tenant, queued.id)
    assert stored.status == ExecutionStatus.FAILED
    assert stored.error is not None
    assert stored.error.startswith("The model endpoint answered HTTP 500")
    assert stored.output is None
    assert stored.duration_ms is not None


async def test_a_malformed_answer_ends_as_a_failed_run(
    services: Services, factory: Factory, llm: FakeLLM
) -> None:
    # given
    tenant = await factory.tenant()
    await configure(services, tenant, "llm", settings=llm_settings(llm, "malformed"))
    queued = await add_execution(services, tenant, "llm", {"message": "hello"})
    assert queued.id is not None
    # when
    await Runner(services.db, services.settings).run(tenant_id=tenant.id, execution_id=queued.id)
    # then
    stored = await load_execution(services, tenant, queued.id)
    assert (stored.status, stored.error) == (
        ExecutionStatus.FAILED,
        "The model endpoint's answer is not valid JSON.",
    )


async def test_an_execution_not_queued_is_left_alone(
    services: Services, factory: Factory, llm: FakeLLM
) -> None:
    # given: an execution another runner already took
    tenant = await factory.tenant()
    await configure(services, tenant, "llm", settings=llm_settings(llm))
    taken = await add_execution(
        services, tenant, "llm", {"message": "hello"}, status=ExecutionStatus.RUNNING
    )
    assert taken.id is not None
    # when
    done = await Runner(services.db, services.settings).run(
        tenant_id=tenant.id, execution_id=taken.id
    )
    # then
    assert done is None
    assert (await load_execution(services, tenant, taken.id)).status == ExecutionStatus.RUNNING
    assert llm.requests == []


async def test_an_agent_disabled_before_its_run_fails_it(
    services: Services, factory: Factory, llm: FakeLLM
) -> None:
    # given
    tenant = await factory.tenant()
    await configure(services, tenant, "llm", settings=llm_settings(llm))
    queued = await add_execution(services, tenant, "llm", {"message": "hello"})
    await configure(services, tenant, "llm", enabled=False)
    assert queued.id is not None
    # when
    await Runner(services.db, services.settings).run(tenant_id=tenant.id, execution_id=queued.id)
    # then
    stored = await load_execution(services, tenant, queued.id)
    assert (stored.status, stored.error) == (ExecutionStatus.FAILED, NOT_ENABLED)


async def test_stored_settings_the_kind_rejects_fail_the_run(
    services: Services, factory: Factory
) -> None:
    # given: a row written without the configure validation
    tenant = await factory.tenant()
    async with services.db.unit(tenant.id) as unit:
        unit.session.add(AgentConfig(slug="llm", enabled=True, settings={"model": "m"}))
        await unit.commit()
    queued = await add_execution(services, tenant, "llm", {"message": "hello"})
    assert queued.id is not None
    # when
    await Runner(services.db, services.settings).run(tenant_id=tenant.id, execution_id=queued.id)
    # then
    stored = await load_execution(services, tenant, queued.id)
    assert (stored.status, stored.error) == (
        ExecutionStatus.FAILED,
        "The agent's settings are invalid: The base url field is required.",
    )


async def test_the_faq_responder_answers_from_active_entries(
    services: Services, factory: Factory
) -> None:
    # given
    tenant = await factory.tenant()
    await configure(services, tenant, "faq-responder")
    entry = await add_faq(services, tenant, "What are your opening hours?", "9 to 5.")
    await add_faq(services, tenant, "Opening hours?", "Closed for good.", is_active=False)
    queued = await add_execution(services, tenant, "faq-responder", {"message": "opening hours"})
    assert queued.id is not None
    # when
    await Runner(services.db, services.settings).run(tenant_id=tenant.id, execution_id=queued.id)
    # then
    stored = await load_execution(services, tenant, queued.id)
    assert stored.output == {"answer": "9 to 5.", "faq_id": entry.id, "score": 1.0}


async def test_the_faq_of_another_tenant_is_not_used(services: Services, factory: Factory) -> None:
    # given
    tenant, other = await factory.tenant(), await factory.tenant()
    await configure(services, tenant, "faq-responder")
    await add_faq(services, other, "What are your opening hours?", "Theirs.")
    queued = await add_execution(services, tenant, "faq-responder", {"message": "opening hours"})
    assert queued.id is not None
    # when
    await Runner(services.db, services.settings).run(tenant_id=tenant.id, execution_id=queued.id)
    # then
    stored = await load_execution(services, tenant, queued.id)
    assert (stored.status, stored.output) == (ExecutionStatus.SUCCEEDED, {"answer": None})


async def test_each_status_change_is_published(
    services: Services, factory: Factory, llm: FakeLLM
) -> None:
    # given
    tenant = await factory.tenant()
    await configure(services, tenant, "llm", settings=llm_settings(llm))
    queued = await add_execution(services, tenant, "llm", {"message": "hello"})
    assert queued.id is not None
    channel = channels.agent_execution(tenant.id, queued.id)
    heard: list[tuple[str, dict[str, object]]] = []
    async with services.broadcast.subscribe(channel=channel) as subscriber:
        # when
        await Runner(services.db, services.settings).run(
            tenant_id=tenant.id, execution_id=queued.id
        )
        async with asyncio.timeout(5):
            async for message in subscriber:  # type: ignore[union-attr]
                heard.append(decode_event(message.message))
                if len(heard) == 2:
                    break
    # then
    assert heard == [
        ("agent.execution_status", {"id": queued.id, "status": "running"}),
        ("agent.execution_status", {"id": queued.id, "status": "succeeded"}),
    ]


async def test_shutdown_interrupts_a_run_that_outlasts_the_grace(
    services: Services, factory: Factory, llm: FakeLLM
) -> None:
    # given: a run started after a commit, waiting on a slow endpoint
    tenant = await factory.tenant()
    await configure(services, tenant, "llm", settings=llm_settings(llm, "slow"))
    queued = await add_execution(services, tenant, "llm", {"message": "hello"})
    assert queued.id is not None
    async with services.db.unit(tenant.id) as unit:
        Runner(services.db, services.settings).run_after_commit(
            unit.session, tenant_id=tenant.id, execution_id=queued.id
        )
        await unit.commit()
    async with asyncio.timeout(5):
        while True:
            if (await load_execution(services, tenant, queued.id)).status == "running":
                break
            await asyncio.sleep(0.01)
    # when
    async with asyncio.timeout(5):
        await runner.shutdown(grace=0.05)
    # then
    stored = await load_execution(services, tenant, queued.id)
    assert (stored.status, stored.error) == (ExecutionStatus.FAILED, INTERRUPTED)


async def test_a_run_that_outlasts_the_run_timeout_fails(
    services: Services, factory: Factory, llm: FakeLLM
) -> None:
    # given: a slow endpoint and a run timeout far below its delay
    tenant = await factory.tenant()
    await configure(services, tenant, "llm", settings=llm_settings(llm, "slow"))
    queued = await add_execution(services, tenant, "llm", {"message": "hello"})
    assert queued.id is not None
    settings = services.settings.model_copy(update={"agent_run_timeout_seconds": 0.2})
    # when
    async with asyncio.timeout(5):
        done = await Runner(services.db, settings).run(tenant_id=tenant.id, execution_id=queued.id)
    # then
    assert done is not None
    stored = await load_execution(services, tenant, queued.id)
    assert (stored.status, stored.error) == (ExecutionStatus.FAILED, timed_out(0.2))
