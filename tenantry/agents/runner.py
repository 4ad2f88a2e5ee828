"""Runs executions in background tasks that start after the request that queued them commits.

Each status change is committed in its own short unit and published after that commit, and no
session is held while an agent works. A run that fails for any reason ends as a failed
execution with an error; nothing escapes the task. shutdown() lets runs finish for a grace
period, then cancels the rest, which record themselves as interrupted.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Coroutine
from dataclasses import dataclass
from typing import Any

from sqlalchemy import CursorResult, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from tenantry.agents.base import AgentContext, AgentFailed, AgentResult, RunConfig
from tenantry.agents.registry import get_kind
from tenantry.clock import utcnow
from tenantry.config import Settings
from tenantry.core.errors import ValidationFailed
from tenantry.db.database import Database
from tenantry.db.unit_of_work import on_commit
from tenantry.models.agents import AgentConfig, AgentExecution, ExecutionStatus
from tenantry.realtime import channels
from tenantry.realtime.events import publish_after_commit
from tenantry.secrets import SecretBox, SecretUnreadable

log = logging.getLogger(__name__)

STATUS_CHANGED = "agent.execution_status"
TERMINAL = frozenset({ExecutionStatus.SUCCEEDED, ExecutionStatus.FAILED})
MAX_ERROR_CHARS = 2000
NOT_ENABLED = "This agent is not enabled."
INTERRUPTED = "The run was interrupted: the server shut down."


def timed_out(seconds: float) -> str:
    return f"The run took longer than {seconds:g} seconds."


_tasks: set[asyncio.Task[None]] = set()


def spawn(work: Coroutine[Any, Any, None]) -> asyncio.Task[None]:
    """A background task that shutdown() waits for."""
    task = asyncio.create_task(work)
    _tasks.add(task)
    task.add_done_callback(_tasks.discard)
    return task


async def wait_for_runs() -> None:
    """Waits until every task started so far has finished (for tests)."""
    while _tasks:
        await asyncio.gather(*_tasks, return_exceptions=True)


async def shutdown(grace: float = 5.0) -> None:
    """For the app's lifespan: waits up to grace seconds, then cancels what still runs."""
    if not _tasks:
        return
    _, pending = await asyncio.wait(set(_tasks), timeout=grace)
    for task in pending:
        task.cancel()
    while _tasks:
        await asyncio.gather(*_tasks, return_exceptions=True)


def publish_status(session: AsyncSession, execution: AgentExecution) -> None:
    assert execution.id is not None
    assert execution.tenant_id is not None
    publish_after_commit(
        session,
        channel=channels.agent_execution(execution.tenant_id, execution.id),
        event=STATUS_CHANGED,
        data={"id": execution.id, "status": ExecutionStatus(execution.status).value},
    )


@dataclass(frozen=True)
class _Claimed:
    execution: AgentExecution
    config: AgentConfig | None


@dataclass(frozen=True)
class Runner:
    db: Database
    settings: Settings

    def run_after_commit(self, session: AsyncSession, *, tenant_id: int, execution_id: int) -> None:
        async def start() -> None:
            spawn(self._run_logged(tenant_id=tenant_id, execution_id=execution_id))

        on_commit(session, start)

    async def _run_logged(self, *, tenant_id: int, execution_id: int) -> None:
        try:
            await self.run(tenant_id=tenant_id, execution_id=execution_id)
        except Exception:
            log.exception("agent execution %s of tenant %s failed", execution_id, tenant_id)

    async def run(self, *, tenant_id: int, execution_id: int) -> AgentExecution | None:
        """Runs a queued execution to its end; None when it was not queued (already taken)."""
        claimed = await self._claim(tenant_id, execution_id)
        if claimed is None:
            return None
        started = time.monotonic()
        result: AgentResult | None = None
        error: str | None = None
        limit = self.settings.agent_run_timeout_seconds
        try:
            async with asyncio.timeout(limit):
                result = await self._invoke(tenant_id, claimed)
        except AgentFailed as exc:
            error = exc.message
        except TimeoutError:
            error = timed_out(limit)
        except asyncio.CancelledError:
            await self._finish(tenant_id, execution_id, started, None, INTERRUPTED)
            raise
        except Exception as exc:
            log.exception(
                "agent %s crashed in execution %s", claimed.execution.agent_slug, execution_id
            )
            error = f"The agent failed unexpectedly ({type(exc).__name__})."
        return await self._finish(tenant_id, execution_id, started, result, error)

    async def _claim(self, tenant_id: int, execution_id: int) -> _Claimed | None:
        async with self.db.unit(tenant_id) as unit:
            session = unit.session
            taken = await session.execute(
                update(AgentExecution)
                .where(
                    col(AgentExecution.id) == execution_id,
                    col(AgentExecution.status) == ExecutionStatus.QUEUED,
                )
                .values(status=ExecutionStatus.RUNNING, started_at=utcnow())
                .execution_options(synchronize_session=False)
            )
            assert isinstance(taken, CursorResult)
            if taken.rowcount != 1:
                return None
            execution = await session.scalar(
                select(AgentExecution).where(col(AgentExecution.id) == execution_id)
            )
            assert execution is not None
            config = await session.scalar(
                select(AgentConfig).where(col(AgentConfig.slug) == execution.agent_slug)
            )
            publish_status(session, execution)
            await unit.commit()
        return _Claimed(execution, config)

    async def _invoke(self, tenant_id: int, claimed: _Claimed) -> AgentResult:
        kind = get_kind(claimed.execution.agent_slug)
        if kind is None:
            raise AgentFailed(f"Unknown agent kind {claimed.execution.agent_slug!r}.")
        config = claimed.config
        if config is None or not config.enabled:
            raise AgentFailed(NOT_ENABLED)
        try:
            box = SecretBox.from_settings(self.settings)
            settings = kind.parse_settings(kind.open_secrets(dict(config.settings or {}), box))
        except SecretUnreadable as exc:
            raise AgentFailed(str(exc)) from None
        except ValidationFailed as exc:
            problems = "; ".join(m for messages in exc.fields.values() for m in messages)
            raise AgentFailed(f"The agent's settings are invalid: {problems}") from None
        context = AgentContext(tenant_id=tenant_id, db=self.db, settings=self.settings)
        return await kind.run(
            dict(claimed.execution.input or {}), RunConfig(config.prompt, settings), context
        )

    async def _finish(
        self,
        tenant_id: int,
        execution_id: int,
        started: float,
        result: AgentResult | None,
        error: str | None,
    ) -> AgentExecution:
        async with self.db.unit(tenant_id) as unit:
            session = unit.session
            execution = await session.scalar(
                select(AgentExecution).where(col(AgentExecution.id) == execution_id)
            )
            assert execution is not None
            execution.duration_ms = round((time.monotonic() - started) * 1000)
            execution.finished_at = utcnow()
            if error is None and result is not None:
                execution.status = ExecutionStatus.SUCCEEDED
                execution.output = result.output
                execution.prompt_tokens = result.prompt_tokens
                execution.completion_tokens = result.completion_tokens
            else:
                execution.status = ExecutionStatus.FAILED
                execution.error = (error or "The agent returned nothing.")[:MAX_ERROR_CHARS]
            await session.flush()
            publish_status(session, execution)
            await unit.commit()
        return execution
