from __future__ import annotations

from collections.abc import AsyncGenerator

import strawberry

from tenantry.agents.runner import STATUS_CHANGED, TERMINAL
from tenantry.core.ids import parse_id
from tenantry.models import agents as rows
from tenantry.realtime import channels
from tenantry.realtime.broadcast import events
from tenantry.realtime.events import decode_event
from tenantry.resolvers import agents
from tenantry.schema.agents.types import AgentExecution, GQLInfo
from tenantry.schema.context import GraphQLContext


async def _load(context: GraphQLContext, execution_id: int) -> rows.AgentExecution:
    # A short unit per read: no session is held while waiting for the next change.
    async with context.open_unit() as unit:
        return await agents.get_execution(unit.session, ctx=context.ctx, execution_id=execution_id)


@strawberry.type
class Subscription:
    @strawberry.subscription(
        description="The execution as it is now, then at each status change; the stream ends "
        "after it succeeds or fails. Staff or a secret key."
    )
    async def agent_execution(
        self, info: GQLInfo, id: strawberry.ID
    ) -> AsyncGenerator[AgentExecution, None]:
        context = info.context
        execution_id = parse_id(id, "execution")
        await _load(context, execution_id)  # refuse before listening
        channel = channels.agent_execution(context.ctx.tenant.id, execution_id)
        async with context.services.broadcast.subscribe(channel=channel) as subscriber:
            # Read after subscribing, so that no change falls between the read and the listen.
            execution = await _load(context, execution_id)
            yield AgentExecution.from_model(execution)
            last = rows.ExecutionStatus(execution.status)
            if last in TERMINAL:
                return
            async for message in events(subscriber):
                event, _ = decode_event(message.message)
                if event != STATUS_CHANGED:
                    continue
                execution = await _load(context, execution_id)
                status = rows.ExecutionStatus(execution.status)
                if status == last:
                    continue
                yield AgentExecution.from_model(execution)
                last = status
                if last in TERMINAL:
                    return
