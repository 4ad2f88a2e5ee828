"""Executions a dead process left queued or running are failed, so nobody waits on them forever.

A run never outlasts `agent_run_timeout_seconds` (the runner cancels it), so an execution still
queued or running a minute past that was abandoned by a process that crashed or was killed:
no live instance can be working on it, whichever instance looks.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime, timedelta

from sqlalchemy import func
from sqlmodel import col, select

from tenantry.agents.runner import publish_status
from tenantry.clock import utcnow
from tenantry.config import Settings
from tenantry.db.database import Database
from tenantry.models.agents import AgentExecution, ExecutionStatus

log = logging.getLogger(__name__)

ABANDONED = "The run was abandoned: the server running it stopped unexpectedly."
MARGIN = timedelta(seconds=60)


async def fail_abandoned(db: Database, settings: Settings, *, now: datetime) -> list[int]:
    """Fails every tenant's abandoned executions; their ids."""
    deadline = now - timedelta(seconds=settings.agent_run_timeout_seconds) - MARGIN
    async with db.unit(None) as unit:
        session = unit.session
        abandoned = list(
            await session.scalars(
                select(AgentExecution)
                .where(
                    col(AgentExecution.status).in_(
                        [ExecutionStatus.QUEUED, ExecutionStatus.RUNNING]
                    ),
                    func.coalesce(AgentExecution.started_at, AgentExecution.created_at) < deadline,
                )
                .with_for_update(skip_locked=True)
            )
        )
        for execution in abandoned:
            execution.status = ExecutionStatus.FAILED
            execution.error = ABANDONED
            execution.finished_at = now
        await session.flush()
        for execution in abandoned:
            publish_status(session, execution)
        await unit.commit()
    return [execution.id for execution in abandoned if execution.id is not None]


async def keep_failing_abandoned(db: Database, settings: Settings) -> None:
    """For the app's lifespan: looks at start-up, then once per run timeout."""
    while True:
        try:
            failed = await fail_abandoned(db, settings, now=utcnow())
            if failed:
                log.warning("failed %d abandoned agent executions: %s", len(failed), failed)
        except Exception:
            log.exception("could not fail abandoned agent executions")
        await asyncio.sleep(settings.agent_run_timeout_seconds)
