"""Runs of an agent: queued here, carried out by the runner once the request commits."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, case, func
from sqlalchemy import select as sa_select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from tenantry.agents import require_kind
from tenantry.agents.runner import NOT_ENABLED, Runner
from tenantry.core.access import require_admin, require_staff
from tenantry.core.context import Ctx
from tenantry.core.errors import Conflict, NotFound
from tenantry.core.pagination import Page, PageRequest, paginate
from tenantry.models.agents import AgentExecution, ExecutionStatus
from tenantry.resolvers.agents.configs import find_config


@dataclass(frozen=True)
class AgentStats:
    runs: int
    succeeded: int
    failed: int
    average_duration_ms: int | None
    prompt_tokens: int
    completion_tokens: int
    last_run_at: datetime | None


async def run_agent(
    session: AsyncSession, *, ctx: Ctx, slug: str, data: Any, runner: Runner
) -> AgentExecution:
    """A queued execution; it starts after the caller's transaction commits."""
    require_admin(ctx)
    kind = require_kind(slug)
    config = await find_config(session, slug)
    if config is None or not config.enabled:
        raise Conflict(NOT_ENABLED, code="agent_disabled")
    execution = AgentExecution(agent_slug=slug, input=kind.parse_input(data))
    return await queue_execution(session, ctx=ctx, execution=execution, runner=runner)


async def queue_execution(
    session: AsyncSession, *, ctx: Ctx, execution: AgentExecution, runner: Runner
) -> AgentExecution:
    session.add(execution)
    await session.flush()
    assert execution.id is not None
    runner.run_after_commit(session, tenant_id=ctx.tenant.id, execution_id=execution.id)
    return execution


async def list_executions(
    session: AsyncSession,
    *,
    ctx: Ctx,
    slug: str,
    page: PageRequest,
    status: ExecutionStatus | None = None,
) -> Page[AgentExecution]:
    """Newest first."""
    require_staff(ctx)
    require_kind(slug)
    query: Select[Any] = select(AgentExecution).where(col(AgentExecution.agent_slug) == slug)
    if status is not None:
        query = query.where(col(AgentExecution.status) == status)
    query = query.order_by(col(AgentExecution.created_at).desc(), col(AgentExecution.id).desc())
    return await paginate(session, query, page)


async def get_execution(session: AsyncSession, *, ctx: Ctx, execution_id: int) -> AgentExecution:
    require_staff(ctx)
    execution = await session.scalar(
        select(AgentExecution).where(col(AgentExecution.id) == execution_id)
    )
    if execution is None:
        raise NotFound("execution")
    return execution


async def agent_stats(session: AsyncSession, *, ctx: Ctx, slug: str) -> AgentStats:
    """Every run counts; the average duration is over finished runs. One statement."""
    require_staff(ctx)
    require_kind(slug)
    status = col(AgentExecution.status)
    row = (
        await session.execute(
            sa_select(
                func.count(),
                func.coalesce(func.sum(case((status == ExecutionStatus.SUCCEEDED, 1), else_=0)), 0),
                func.coalesce(func.sum(case((status == ExecutionStatus.FAILED, 1), else_=0)), 0),
                func.avg(col(AgentExecution.duration_ms)),
                func.coalesce(func.sum(col(AgentExecution.prompt_tokens)), 0),
                func.coalesce(func.sum(col(AgentExecution.completion_tokens)), 0),
                func.max(col(AgentExecution.created_at)),
            ).where(col(AgentExecution.agent_slug) == slug)
        )
    ).one()
    runs, succeeded, failed, average, prompt_tokens, completion_tokens, last_run_at = row
    return AgentStats(
        runs=int(runs),
        succeeded=int(succeeded),
        failed=int(failed),
        average_duration_ms=None if average is None else round(float(average)),
        prompt_tokens=int(prompt_tokens),
        completion_tokens=int(completion_tokens),
        last_run_at=last_run_at,
    )
