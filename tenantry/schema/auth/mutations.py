from __future__ import annotations

import strawberry
from strawberry.types import Info

from tenantry.core.inputs import parse_input
from tenantry.mail import Mailer
from tenantry.resolvers import members, password_reset
from tenantry.resolvers.cart import merge_guest_cart
from tenantry.schema.auth.types import (
    AuthPayload,
    LoginInput,
    Member,
    RegisterInput,
    ResetPasswordInput,
    TokenPair,
    UpdateProfileInput,
    input_dict,
)
from tenantry.schema.cart.types import token_from
from tenantry.schema.context import GraphQLContext


@strawberry.type
class Mutation:
    @strawberry.mutation(description="Creates a member account and signs it in.")
    async def register(self, info: Info[GraphQLContext, None], input: RegisterInput) -> AuthPayload:
        context = info.context
        data = parse_input(members.RegisterIn, input_dict(input))
        signed_in = await members.sign_up_member(context.session, ctx=context.ctx, data=data)
        return AuthPayload.from_session(signed_in)

    @strawberry.mutation(description="Signs a member in and returns a token pair.")
    async def login(
        self, info: Info[GraphQLContext, None], input: LoginInput, cart_token: str | None = None
    ) -> AuthPayload:
        context = info.context
        data = parse_input(members.LoginIn, input_dict(input))
        signed_in = await members.log_in_member(context.session, ctx=context.ctx, data=data)
        token = token_from(context, cart_token)
        if token and signed_in.member.id is not None:
            await merge_guest_cart(context.session, member_id=signed_in.member.id, cart_token=token)
        return AuthPayload.from_session(signed_in)

    @strawberry.mutation(description="Spends a refresh token for a new token pair.")
    async def refresh_token(
        self, info: Info[GraphQLContext, None], refresh_token: str
    ) -> TokenPair:
        context = info.context
        data = parse_input(members.RefreshIn, {"refresh_token": refresh_token})
        signed_in = await members.refresh_member_session(
            context.session, ctx=context.ctx, data=data
        )
        return TokenPair.from_tokens(signed_in.tokens)

    @strawberry.mutation(description="Revokes the access token in use and its refresh tokens.")
    async def logout(self, info: Info[GraphQLContext, None]) -> bool:
        context = info.context
        await members.logout(context.session, ctx=context.ctx)
        return True

    @strawberry.mutation(
        description="Mails a password reset link if the address is registered; always true."
    )
    async def forgot_password(self, info: Info[GraphQLContext, None], email: str) -> bool:
        context = info.context
        data = parse_input(password_reset.ForgotPasswordIn, {"email": email})
        mailer = Mailer(context.services.db, context.services.settings)
        await password_reset.request_password_reset(
            context.session, ctx=context.ctx, data=data, mailer=mailer
        )
        return True

    @strawberry.mutation(description="Sets a new password with a reset token from the mail.")
    async def reset_password(
        self, info: Info[GraphQLContext, None], input: ResetPasswordInput
    ) -> bool:
        context = info.context
        data = parse_input(password_reset.ResetPasswordIn, input_dict(input))
        await password_reset.reset_password(context.session, ctx=context.ctx, data=data)
        return True

    @strawberry.mutation(description="The masked email of the account with this name and phone.")
    async def find_email(self, info: Info[GraphQLContext, None], name: str, phone: str) -> str:
        context = info.context
        data = parse_input(members.FindEmailIn, {"name": name, "phone": phone})
        return await members.find_member_email(context.session, ctx=context.ctx, data=data)

    @strawberry.mutation(description="Updates the signed-in member's profile or password.")
    async def update_profile(
        self, info: Info[GraphQLContext, None], input: UpdateProfileInput
    ) -> Member:
        context = info.context
        data = parse_input(members.UpdateProfileIn, input_dict(input))
        member = await members.update_profile(context.session, ctx=context.ctx, data=data)
        return Member.from_model(member)
