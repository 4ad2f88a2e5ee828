from __future__ import annotations

import strawberry
from strawberry.types import Info

from tenantry.resolvers import members
from tenantry.schema.auth.types import Member
from tenantry.schema.context import GraphQLContext


@strawberry.type
class Query:
    @strawberry.field(description="The signed-in member.")
    async def me(self, info: Info[GraphQLContext, None]) -> Member:
        context = info.context
        member = await members.current_member(context.session, ctx=context.ctx)
        return Member.from_model(member)
