"""AI agent object types. Settings come out with their secrets masked."""

from __future__ import annotations

from datetime import datetime

import strawberry
from strawberry.scalars import JSON
from strawberry.types import Info

from tenantry.models import agents as rows
from tenantry.resolvers import agents
from tenantry.schema.context import GraphQLContext
from tenantry.schema.pagination import PageInfo

# Registered in place: the Python enum itself is the GraphQL enum, so fields annotate with it.
strawberry.enum(rows.ExecutionStatus, name="AgentExecutionStatus")
AgentExecutionStatus = rows.ExecutionStatus

GQLInfo = Info[GraphQLContext, None]


@strawberry.type(description="An agent kind of the registry, with this tenant's configuration.")
class Agent:
    slug: str
    name: str
    description: str
    enabled: bool
    configured: bool
    prompt: str
    settings: JSON = strawberry.field(description="Effective settings; secrets as ****1234.")

    @classmethod
    def from_view(cls, view: agents.AgentView) -> Agent:
        return cls(
            slug=view.kind.slug,
            name=view.kind.name,
            description=view.kind.description,
            enabled=view.enabled,
            configured=view.configured,
            prompt=view.prompt,
            settings=JSON(view.settings),
        )


@strawberry.type
class AgentExecution:
    id: strawberry.ID
    agent_slug: str
    status: AgentExecutionStatus
    input: JSON
    output: JSON | None
    error: str | None
    duration_ms: int | None
    prompt_tokens: int
    completion_tokens: int
    started_at: datetime | None
    finished_at: datetime | None
    created_at: datetime

    @classmethod
    def from_model(cls, execution: rows.AgentExecution) -> AgentExecution:
        return cls(
            id=strawberry.ID(str(execution.id)),
            agent_slug=execution.agent_slug,
            status=rows.ExecutionStatus(execution.status),
            input=JSON(execution.input),
            output=None if execution.output is None else JSON(execution.output),
            error=execution.error,
            duration_ms=execution.duration_ms,
            prompt_tokens=execution.prompt_tokens,
            completion_tokens=execution.completion_tokens,
            started_at=execution.started_at,
            finished_at=execution.finished_at,
            created_at=execution.created_at,
        )


@strawberry.type
class AgentExecutionPage:
    items: list[AgentExecution]
    page_info: PageInfo


@strawberry.type
class AgentStats:
    runs: int
    succeeded: int
    failed: int
    average_duration_ms: int | None = strawberry.field(description="Over finished runs.")
    prompt_tokens: int
    completion_tokens: int
    last_run_at: datetime | None

    @classmethod
    def from_stats(cls, stats: agents.AgentStats) -> AgentStats:
        return cls(
            runs=stats.runs,
            succeeded=stats.succeeded,
            failed=stats.failed,
            average_duration_ms=stats.average_duration_ms,
            prompt_tokens=stats.prompt_tokens,
            completion_tokens=stats.completion_tokens,
            last_run_at=stats.last_run_at,
        )


@strawberry.type(description="A question and answer the FAQ auto-responder answers from.")
class FaqEntry:
    id: strawberry.ID
    question: str
    answer: str
    keywords: list[str]
    position: int
    is_active: bool
    created_at: datetime
    updated_at: datetime

    @classmethod
    def from_model(cls, entry: rows.FaqEntry) -> FaqEntry:
        return cls(
            id=strawberry.ID(str(entry.id)),
            question=entry.question,
            answer=entry.answer,
            keywords=list(entry.keywords or []),
            position=entry.position,
            is_active=entry.is_active,
            created_at=entry.created_at,
            updated_at=entry.updated_at,
        )
