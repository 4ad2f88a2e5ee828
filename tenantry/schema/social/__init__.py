"""Social login: `socialProviders`, `socialAuthorizationUrl`, `socialSignIn`; for members
`socialAccounts`, `connectSocialAccount`, `disconnectSocialAccount`; for staff
`socialProviderConfigs`, `configureSocialProvider`."""

from __future__ import annotations

import strawberry

from tenantry.core.inputs import parse_input
from tenantry.resolvers import social
from tenantry.schema.auth.types import AuthPayload
from tenantry.schema.inputs import input_data
from tenantry.schema.social.types import (
    ConfigureSocialProviderInput,
    GQLInfo,
    SocialAccount,
    SocialAuthorization,
    SocialCredentialInput,
    SocialProvider,
    SocialProviderConfig,
)


@strawberry.type
class Query:
    @strawberry.field(description="The providers members can sign in with.")
    async def social_providers(self, info: GQLInfo) -> list[SocialProvider]:
        context = info.context
        found = await social.list_social_providers(context.session, ctx=context.ctx)
        return [SocialProvider.from_listing(listing) for listing in found]

    @strawberry.field(
        description="Starts a sign-in (or, for a signed-in member, a connect) at the provider: "
        "the URL to send the browser to (code flow with PKCE) and its single-use state."
    )
    async def social_authorization_url(
        self, info: GQLInfo, provider: str, redirect_uri: str | None = None
    ) -> SocialAuthorization:
        context = info.context
        data = parse_input(social.AuthorizationIn, {"redirect_uri": redirect_uri})
        started = await social.start_authorization(
            context.session, ctx=context.ctx, provider=provider, data=data
        )
        return SocialAuthorization(url=started.url, state=started.state)

    @strawberry.field(description="The provider accounts connected to the signed-in member.")
    async def social_accounts(self, info: GQLInfo) -> list[SocialAccount]:
        context = info.context
        found = await social.list_social_accounts(context.session, ctx=context.ctx)
        return [SocialAccount.from_model(identity) for identity in found]

    @strawberry.field(description="Staff: every configured provider, client secrets masked.")
    async def social_provider_configs(self, info: GQLInfo) -> list[SocialProviderConfig]:
        context = info.context
        found = await social.list_social_provider_configs(context.session, ctx=context.ctx)
        return [SocialProviderConfig.from_view(view) for view in found]


@strawberry.type
class Mutation:
    @strawberry.mutation(
        description="Signs in with a provider account (creating the member on first sign-in) "
        "and returns a token pair, as login does."
    )
    async def social_sign_in(
        self, info: GQLInfo, provider: str, input: SocialCredentialInput
    ) -> AuthPayload:
        context = info.context
        data = parse_input(social.SocialCredentialIn, input_data(input))
        signed_in = await social.social_sign_in(
            context.session, ctx=context.ctx, provider=provider, data=data
        )
        return AuthPayload.from_session(signed_in)

    @strawberry.mutation(description="Connects a provider account to the signed-in member.")
    async def connect_social_account(
        self, info: GQLInfo, provider: str, input: SocialCredentialInput
    ) -> SocialAccount:
        context = info.context
        data = parse_input(social.SocialCredentialIn, input_data(input))
        identity = await social.connect_social_account(
            context.session, ctx=context.ctx, provider=provider, data=data
        )
        return SocialAccount.from_model(identity)

    @strawberry.mutation(
        description="Disconnects a provider account; refused when it is the member's last way "
        "to sign in."
    )
    async def disconnect_social_account(self, info: GQLInfo, provider: str) -> list[SocialAccount]:
        context = info.context
        data = parse_input(social.DisconnectIn, {"provider": provider})
        await social.disconnect_social_account(context.session, ctx=context.ctx, data=data)
        found = await social.list_social_accounts(context.session, ctx=context.ctx)
        return [SocialAccount.from_model(identity) for identity in found]

    @strawberry.mutation(description="Staff: sets a social login provider (secret sealed).")
    async def configure_social_provider(
        self, info: GQLInfo, input: ConfigureSocialProviderInput
    ) -> SocialProviderConfig:
        context = info.context
        data = parse_input(social.SocialProviderIn, input_data(input))
        view = await social.configure_social_provider(context.session, ctx=context.ctx, data=data)
        return SocialProviderConfig.from_view(view)
