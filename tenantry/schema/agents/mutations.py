from __future__ import annotations

import strawberry
from strawberry.scalars import JSON

from tenantry.agents.runner import Runner
from tenantry.core.ids import parse_id
from tenantry.core.inputs import parse_input
from tenantry.resolvers import agents
from tenantry.schema.agents.inputs import (
    ConfigureAgentInput,
    CreateFaqEntryInput,
    UpdateFaqEntryInput,
)
from tenantry.schema.agents.types import Agent, AgentExecution, FaqEntry, GQLInfo
from tenantry.schema.inputs import input_data


@strawberry.type
class Mutation:
    @strawberry.mutation(description="Owner/admin staff or a secret key.")
    async def configure_agent(self, info: GQLInfo, slug: str, input: ConfigureAgentInput) -> Agent:
        context = info.context
        data = parse_input(agents.ConfigureIn, input_data(input))
        view = await agents.configure_agent(context.session, ctx=context.ctx, slug=slug, data=data)
        return Agent.from_view(view)

    @strawberry.mutation(
        description="Queues a run and returns at once; follow it with the agentExecution "
        "subscription or query."
    )
    async def run_agent(self, info: GQLInfo, slug: str, input: JSON) -> AgentExecution:
        context = info.context
        services = context.services
        execution = await agents.run_agent(
            context.session,
            ctx=context.ctx,
            slug=slug,
            data=input,
            runner=Runner(services.db, services.settings),
        )
        return AgentExecution.from_model(execution)

    @strawberry.mutation
    async def create_faq_entry(self, info: GQLInfo, input: CreateFaqEntryInput) -> FaqEntry:
        context = info.context
        data = parse_input(agents.FaqEntryIn, input_data(input))
        entry = await agents.create_faq_entry(context.session, ctx=context.ctx, data=data)
        return FaqEntry.from_model(entry)

    @strawberry.mutation
    async def update_faq_entry(
        self, info: GQLInfo, id: strawberry.ID, input: UpdateFaqEntryInput
    ) -> FaqEntry:
        context = info.context
        data = parse_input(agents.FaqEntryUpdate, input_data(input))
        entry = await agents.update_faq_entry(
            context.session, ctx=context.ctx, entry_id=parse_id(id, "FAQ entry"), data=data
        )
        return FaqEntry.from_model(entry)

    @strawberry.mutation
    async def delete_faq_entry(self, info: GQLInfo, id: strawberry.ID) -> bool:
        context = info.context
        await agents.delete_faq_entry(
            context.session, ctx=context.ctx, entry_id=parse_id(id, "FAQ entry")
        )
        return True
