"""Queuing runs, listing them, and their stats."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tenantry.agents.runner import Runner, wait_for_runs
from tenantry.auth.principal import Principal
from tenantry.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from tenantry.core.pagination import PageRequest
from tenantry.models.agents import ExecutionStatus
from tenantry.models.tenant import StaffRole
from tenantry.resolvers import agents
from tenantry.serving.services import Services
from tests.agents.support import (
    add_execution,
    configure,
    executions_of,
    llm_settings,
    make_ctx,
    staff,
    wait_until_finished,
)
from tests.conftest import Factory, TenantFixture
from tests.fake_llm import FakeLLM

pytestmark = pytest.mark.usefixtures("app")


async def run(
    services: Services, tenant: TenantFixture, slug: str, data: object, principal: Principal
) -> int:
    async with services.db.unit(tenant.id) as unit:
        execution = await agents.run_agent(
            unit.session,
            ctx=make_ctx(services, tenant, principal),
            slug=slug,
            data=data,
            runner=Runner(services.db, services.settings),
        )
        await unit.commit()
    assert execution.id is not None
    return execution.id


async def test_a_run_is_queued_then_carried_out_after_the_commit(
    services: Services, factory: Factory, llm: FakeLLM
) -> None:
    # given
    tenant = await factory.tenant()
    await configure(services, tenant, "llm", settings=llm_settings(llm))
    # when
    async with services.db.unit(tenant.id) as unit:
        execution = await agents.run_agent(
            unit.session,
            ctx=make_ctx(services, tenant, staff()),
            slug="llm",
            data={"message": "hi", "ignored": 1},
            runner=Runner(services.db, services.settings),
        )
        # then: nothing starts before the commit
        assert execution.status == ExecutionStatus.QUEUED
        assert execution.input == {"message": "hi"}
        await unit.commit()
    done = await wait_until_finished(services, tenant, execution.id)
    assert done.status == ExecutionStatus.SUCCEEDED


async def test_a_rolled_back_run_never_starts(
    services: Services, factory: Factory, llm: FakeLLM
) -> None:
    # given
    tenant = await factory.tenant()
    await configure(services, tenant, "llm", settings=llm_settings(llm))
    # when
    async with services.db.unit(tenant.id) as unit:
        await agents.run_agent(
            unit.session,
            ctx=make_ctx(services, tenant),
            slug="llm",
            data={"message": "hi"},
            runner=Runner(services.db, services.settings),
        )
        await unit.rollback()
    await wait_for_runs()
    # then
    assert await executions_of(services, tenant) == []
    assert llm.requests == []


@pytest.mark.parametrize("enabled", [None, False])
async def test_an_agent_not_enabled_cannot_run(
    services: Services, factory: Factory, enabled: bool | None
) -> None:
    tenant = await factory.tenant()
    if enabled is not None:
        await configure(services, tenant, "faq-responder", enabled=enabled)
    with pytest.raises(Conflict) as refused:
        await run(services, tenant, "faq-responder", {"message": "hi"}, staff())
    assert refused.value.message == "This agent is not enabled."


async def test_the_input_is_checked_before_queuing(services: Services, factory: Factory) -> None:
    tenant = await factory.tenant()
    await configure(services, tenant, "faq-responder")
    with pytest.raises(ValidationFailed) as failed:
        await run(services, tenant, "faq-responder", {"message": ""}, staff())
    assert failed.value.fields == {
        "input.message": ["The message field must be at least 1 characters."]
    }


async def test_agents_of_the_chat_cannot_run_agents(services: Services, factory: Factory) -> None:
    tenant = await factory.tenant()
    await configure(services, tenant, "faq-responder")
    with pytest.raises(Forbidden):
        await run(services, tenant, "faq-responder", {"message": "hi"}, staff(role=StaffRole.AGENT))


async def test_executions_list_newest_first_filtered_by_status(
    services: Services, factory: Factory
) -> None:
    # given
    tenant = await factory.tenant()
    first = await add_execution(services, tenant, "llm", {"message": "1"}, status="succeeded")
    second = await add_execution(services, tenant, "llm", {"message": "2"}, status="failed")
    third = await add_execution(services, tenant, "llm", {"message": "3"}, status="succeeded")
    await add_execution(services, tenant, "faq-responder", {"message": "4"}, status="succeeded")
    ctx = make_ctx(services, tenant)
    async with services.db.unit(tenant.id) as unit:
        # when
        every = await agents.list_executions(
            unit.session, ctx=ctx, slug="llm", page=PageRequest(1, 2)
        )
        succeeded = await agents.list_executions(
            unit.session,
            ctx=ctx,
            slug="llm",
            page=PageRequest(),
            status=ExecutionStatus.SUCCEEDED,
        )
    # then
    assert [e.id for e in every.items] == [third.id, second.id]
    assert (every.total, every.last_page) == (3, 2)
    assert [e.id for e in succeeded.items] == [third.id, first.id]


async def test_stats_count_runs_tokens_and_durations(services: Services, factory: Factory) -> None:
    # given
    tenant = await factory.tenant()
    at = datetime(2030, 1, 2, 3, 4, 5, tzinfo=UTC)
    await add_execution(
        services,
        tenant,
        "llm",
        {},
        status="succeeded",
        duration_ms=100,
        prompt_tokens=10,
        completion_tokens=5,
    )
    await add_execution(services, tenant, "llm", {}, status="failed", duration_ms=201)
    await add_execution(services, tenant, "llm", {}, status="queued", created_at=at)
    await add_execution(services, tenant, "faq-responder", {}, status="failed", duration_ms=9)
    # when
    async with services.db.unit(tenant.id) as unit:
        stats = await agents.agent_stats(unit.session, ctx=make_ctx(services, tenant), slug="llm")
    # then
    assert stats == agents.AgentStats(
        runs=3,
        succeeded=1,
        failed=1,
        average_duration_ms=150,
        prompt_tokens=10,
        completion_tokens=5,
        last_run_at=at,
    )


async def test_stats_of_an_agent_never_run(services: Services, factory: Factory) -> None:
    tenant = await factory.tenant()
    other = await factory.tenant()
    await add_execution(services, other, "llm", {}, status="succeeded", duration_ms=5)
    async with services.db.unit(tenant.id) as unit:
        stats = await agents.agent_stats(unit.session, ctx=make_ctx(services, tenant), slug="llm")
    assert stats == agents.AgentStats(0, 0, 0, None, 0, 0, None)


async def test_another_tenants_execution_is_not_found(services: Services, factory: Factory) -> None:
    tenant, other = await factory.tenant(), await factory.tenant()
    theirs = await add_execution(services, other, "llm", {})
    assert theirs.id is not None
    async with services.db.unit(tenant.id) as unit:
        with pytest.raises(NotFound):
            await agents.get_execution(
                unit.session, ctx=make_ctx(services, tenant), execution_id=theirs.id
            )
