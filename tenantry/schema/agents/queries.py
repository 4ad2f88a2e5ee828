from __future__ import annotations

import strawberry

from tenantry.core.ids import parse_id
from tenantry.core.pagination import DEFAULT_PER_PAGE, PageRequest
from tenantry.resolvers import agents
from tenantry.schema.agents.types import (
    Agent,
    AgentExecution,
    AgentExecutionPage,
    AgentExecutionStatus,
    AgentStats,
    FaqEntry,
    GQLInfo,
)
from tenantry.schema.pagination import PageInfo


@strawberry.type
class Query:
    @strawberry.field(description="Every agent kind, with this tenant's configuration. Staff.")
    async def agents(self, info: GQLInfo) -> list[Agent]:
        context = info.context
        found = await agents.list_agents(context.session, ctx=context.ctx)
        return [Agent.from_view(view) for view in found]

    @strawberry.field
    async def agent(self, info: GQLInfo, slug: str) -> Agent:
        context = info.context
        view = await agents.get_agent(context.session, ctx=context.ctx, slug=slug)
        return Agent.from_view(view)

    @strawberry.field(description="Runs of one agent, newest first.")
    async def agent_executions(
        self,
        info: GQLInfo,
        slug: str,
        page: int = 1,
        per_page: int = DEFAULT_PER_PAGE,
        status: AgentExecutionStatus | None = None,
    ) -> AgentExecutionPage:
        context = info.context
        found = await agents.list_executions(
            context.session,
            ctx=context.ctx,
            slug=slug,
            page=PageRequest.parse(page, per_page),
            status=status,
        )
        return AgentExecutionPage(
            items=[AgentExecution.from_model(execution) for execution in found.items],
            page_info=PageInfo.from_page(found),
        )

    @strawberry.field
    async def agent_execution(self, info: GQLInfo, id: strawberry.ID) -> AgentExecution:
        context = info.context
        execution = await agents.get_execution(
            context.session, ctx=context.ctx, execution_id=parse_id(id, "execution")
        )
        return AgentExecution.from_model(execution)

    @strawberry.field
    async def agent_stats(self, info: GQLInfo, slug: str) -> AgentStats:
        context = info.context
        stats = await agents.agent_stats(context.session, ctx=context.ctx, slug=slug)
        return AgentStats.from_stats(stats)

    @strawberry.field(description="The FAQ, inactive entries included, in answer order. Staff.")
    async def faq_entries(self, info: GQLInfo) -> list[FaqEntry]:
        context = info.context
        found = await agents.list_faq_entries(context.session, ctx=context.ctx)
        return [FaqEntry.from_model(entry) for entry in found]
