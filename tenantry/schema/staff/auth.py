from __future__ import annotations

import strawberry
from strawberry.types import Info

from tenantry.core.inputs import parse_input
from tenantry.resolvers import staff_auth
from tenantry.resolvers.members import RefreshIn
from tenantry.resolvers.sessions import SessionKind, issue_tokens
from tenantry.schema.context import GraphQLContext
from tenantry.schema.staff.types import Staff, StaffAuthPayload, StaffLoginInput, StaffTokenPair


@strawberry.type
class Query:
    @strawberry.field(description="The signed-in staff account.")
    async def staff_me(self, info: Info[GraphQLContext, None]) -> Staff:
        context = info.context
        staff = await staff_auth.current_staff(context.session, ctx=context.ctx)
        return Staff.from_model(staff)


@strawberry.type
class Mutation:
    @strawberry.mutation(description="Signs a staff account in and returns a token pair.")
    async def staff_login(
        self, info: Info[GraphQLContext, None], input: StaffLoginInput
    ) -> StaffAuthPayload:
        context = info.context
        ctx = context.ctx
        data = parse_input(
            staff_auth.StaffLoginIn, {"email": input.email, "password": input.password}
        )
        staff = await staff_auth.authenticate_staff(context.session, ctx=ctx, data=data)
        assert staff.id is not None
        tokens = await issue_tokens(
            context.session, ctx=ctx, kind=SessionKind.STAFF, subject_id=staff.id
        )
        return StaffAuthPayload.build(staff, tokens)

    @strawberry.mutation(description="Spends a staff refresh token for a new pair.")
    async def refresh_staff_token(
        self, info: Info[GraphQLContext, None], refresh_token: str
    ) -> StaffTokenPair:
        context = info.context
        data = parse_input(RefreshIn, {"refresh_token": refresh_token})
        _, tokens = await staff_auth.refresh_staff_tokens(
            context.session, ctx=context.ctx, data=data
        )
        return StaffTokenPair.from_tokens(tokens)

    @strawberry.mutation(
        description="Revokes the staff access token in use and its refresh tokens."
    )
    async def staff_logout(self, info: Info[GraphQLContext, None]) -> bool:
        context = info.context
        await staff_auth.logout_staff(context.session, ctx=context.ctx)
        return True
