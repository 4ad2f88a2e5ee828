"""Executions a dead process left queued or running are failed once no run can still be alive."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from tenantry.agents.reaper import ABANDONED, MARGIN, fail_abandoned
from tenantry.clock import utcnow
from tenantry.models.agents import ExecutionStatus
from tenantry.realtime import channels
from tenantry.realtime.events import decode_event
from tenantry.serving.services import Services
from tests.agents.support import add_execution, load_execution
from tests.conftest import Factory

pytestmark = pytest.mark.usefixtures("app")  # the app's lifespan connects the broadcast


async def test_only_executions_older_than_any_live_run_are_failed(
    services: Services, factory: Factory
) -> None:
    # given: runs of two tenants, some older than the run timeout allows, some recent or done
    now = utcnow()
    old = now - timedelta(seconds=services.settings.agent_run_timeout_seconds) - MARGIN * 2
    recent = now - timedelta(seconds=5)
    mine, theirs = await factory.tenant(), await factory.tenant()
    stuck_running = await add_execution(
        services, mine, "llm", {}, status=ExecutionStatus.RUNNING, started_at=old, created_at=old
    )
    stuck_queued = await add_execution(services, theirs, "llm", {}, created_at=old)
    live = await add_execution(
        services, mine, "llm", {}, status=ExecutionStatus.RUNNING, started_at=recent,
        created_at=old,
    )  # fmt: skip
    fresh = await add_execution(services, mine, "llm", {}, created_at=recent)
    finished = await add_execution(
        services, mine, "llm", {}, status=ExecutionStatus.SUCCEEDED, created_at=old
    )
    assert stuck_running.id is not None
    channel = channels.agent_execution(mine.id, stuck_running.id)
    # when
    async with services.broadcast.subscribe(channel=channel) as subscriber, asyncio.timeout(5):
        failed = await fail_abandoned(services.db, services.settings, now=now)
        event = await subscriber.get()
    # then
    assert sorted(failed) == sorted([stuck_running.id, stuck_queued.id])
    for execution, tenant in ((stuck_running, mine), (stuck_queued, theirs)):
        stored = await load_execution(services, tenant, execution.id)
        assert (stored.status, stored.error, stored.finished_at) == (
            ExecutionStatus.FAILED,
            ABANDONED,
            now,
        )
    assert (await load_execution(services, mine, live.id)).status == ExecutionStatus.RUNNING
    assert (await load_execution(services, mine, fresh.id)).status == ExecutionStatus.QUEUED
    assert (await load_execution(services, mine, finished.id)).status == ExecutionStatus.SUCCEEDED
    assert decode_event(event.message) == (
        "agent.execution_status",
        {"id": stuck_running.id, "status": "failed"},
    )
    # and a second look finds nothing left
    assert await fail_abandoned(services.db, services.settings, now=now) == []
