"""Social login as GraphQL sees it."""

from __future__ import annotations

from datetime import datetime

import strawberry
from strawberry.types import Info

from tenantry.models.social import SocialIdentity
from tenantry.resolvers import social
from tenantry.schema.context import GraphQLContext

GQLInfo = Info[GraphQLContext, None]


@strawberry.type(description="A provider members of the site can sign in with.")
class SocialProvider:
    provider: str
    name: str

    @classmethod
    def from_listing(cls, listing: social.ProviderListing) -> SocialProvider:
        return cls(provider=listing.provider, name=listing.name)


@strawberry.type(description="Where to send the browser, and the state the callback returns.")
class SocialAuthorization:
    url: str
    state: str


@strawberry.type(description="A provider account connected to the signed-in member.")
class SocialAccount:
    provider: str
    email: str | None
    email_verified: bool
    connected_at: datetime
    last_used_at: datetime | None

    @classmethod
    def from_model(cls, identity: SocialIdentity) -> SocialAccount:
        return cls(
            provider=identity.provider,
            email=identity.email,
            email_verified=identity.email_verified,
            connected_at=identity.created_at,
            last_used_at=identity.last_used_at,
        )


@strawberry.type(description="A social login provider's configuration for staff: secret masked.")
class SocialProviderConfig:
    provider: str
    name: str
    client_id: str
    client_secret: str
    redirect_uris: list[str]
    issuer: str | None
    authorization_endpoint: str | None
    token_endpoint: str | None
    userinfo_endpoint: str | None
    jwks_uri: str | None
    enabled: bool
    updated_at: datetime

    @classmethod
    def from_view(cls, view: social.ProviderView) -> SocialProviderConfig:
        endpoints = view.endpoints
        return cls(
            provider=view.provider,
            name=view.name,
            client_id=view.client_id,
            client_secret=view.client_secret,
            redirect_uris=view.redirect_uris,
            issuer=view.issuer,
            authorization_endpoint=endpoints.get("authorization_endpoint"),
            token_endpoint=endpoints.get("token_endpoint"),
            userinfo_endpoint=endpoints.get("userinfo_endpoint"),
            jwks_uri=endpoints.get("jwks_uri"),
            enabled=view.enabled,
            updated_at=view.updated_at,
        )


@strawberry.input(
    description="One of: code and state (the web flow's callback; error and state when the "
    "user refused), idToken (with the nonce the app sent, if any), or accessToken."
)
class SocialCredentialInput:
    code: str | None = strawberry.UNSET
    state: str | None = strawberry.UNSET
    redirect_uri: str | None = strawberry.UNSET
    error: str | None = strawberry.UNSET
    id_token: str | None = strawberry.UNSET
    access_token: str | None = strawberry.UNSET
    nonce: str | None = strawberry.UNSET


@strawberry.input(
    description="A preset (google, github, kakao, naver) or any key with an OpenID Connect "
    "issuer; endpoints given replace the preset's or the discovered ones."
)
class ConfigureSocialProviderInput:
    provider: str
    client_id: str
    client_secret: str
    redirect_uris: list[str] = strawberry.field(default_factory=list)
    issuer: str | None = strawberry.UNSET
    authorization_endpoint: str | None = strawberry.UNSET
    token_endpoint: str | None = strawberry.UNSET
    userinfo_endpoint: str | None = strawberry.UNSET
    jwks_uri: str | None = strawberry.UNSET
    enabled: bool = True
