"""Social login tests' world: the fake provider with the presets pointed at it (the `oauth`
fixture, registered by the root conftest), a tenant's provider, and the calls an edge makes:
each in its own unit of work, committed on success or when the error keeps its changes."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from typing import TypeVar

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from tenantry.core.context import Ctx
from tenantry.core.errors import DomainError
from tenantry.models.social import SocialIdentity
from tenantry.resolvers import social
from tenantry.resolvers.members import MemberSession
from tenantry.resolvers.social.calls import forget_documents
from tenantry.serving.services import Services
from tests.conftest import TenantFixture
from tests.fake_oauth import CLIENT_ID, CLIENT_SECRET, FakeOAuth, fake_oauth_server
from tests.support import make_ctx, member_ctx

T = TypeVar("T")

PRESETS = ("google", "github", "kakao", "naver")
REDIRECT = "https://shop.example/auth/callback"


@pytest.fixture
async def oauth(services: Services) -> AsyncIterator[FakeOAuth]:
    """The fake provider, with every preset's endpoints pointing at it for the test's length."""
    forget_documents()
    async with fake_oauth_server() as fake:
        original = services.settings
        overrides = dict.fromkeys(PRESETS, fake.base_url)
        services.settings = original.model_copy(update={"oauth_base_overrides": overrides})
        try:
            yield fake
        finally:
            services.settings = original
            forget_documents()


async def configure(
    services: Services,
    tenant: TenantFixture,
    provider: str = "google",
    *,
    client_id: str = CLIENT_ID,
    client_secret: str = CLIENT_SECRET,
    issuer: str | None = None,
    redirect_uris: tuple[str, ...] = (REDIRECT,),
    enabled: bool = True,
    **endpoints: str,
) -> None:
    data = social.SocialProviderIn(
        provider=provider,
        client_id=client_id,
        client_secret=client_secret,
        redirect_uris=list(redirect_uris),
        issuer=issuer,
        enabled=enabled,
        **endpoints,
    )
    async with services.db.unit(None) as uow:
        await social.set_social_provider(
            uow.session, tenant_id=tenant.id, data=data, settings=services.settings
        )
        await uow.commit()


async def attempt(
    services: Services, tenant: TenantFixture, call: Callable[[AsyncSession], Awaitable[T]]
) -> T:
    """call in a unit of work, ended as the edges end it."""
    async with services.db.unit(tenant.id) as uow:
        try:
            result = await call(uow.session)
        except DomainError as exc:
            await (uow.commit() if exc.keep_changes else uow.rollback())
            raise
        await uow.commit()
    return result


async def start(
    services: Services,
    tenant: TenantFixture,
    provider: str = "google",
    *,
    ctx: Ctx | None = None,
    redirect_uri: str | None = REDIRECT,
) -> social.Authorization:
    data = social.AuthorizationIn(redirect_uri=redirect_uri)
    context = ctx or make_ctx(services, tenant)
    return await attempt(
        services,
        tenant,
        lambda s: social.start_authorization(s, ctx=context, provider=provider, data=data),
    )


async def callback(
    services: Services,
    tenant: TenantFixture,
    oauth: FakeOAuth,
    provider: str = "google",
    *,
    ctx: Ctx | None = None,
) -> dict[str, str]:
    """The query the provider sends the browser back with: code (or error) and state."""
    started = await start(services, tenant, provider, ctx=ctx)
    return await oauth.authorize(started.url)


async def sign_in(
    services: Services,
    tenant: TenantFixture,
    provider: str = "google",
    *,
    ctx: Ctx | None = None,
    **credential: str,
) -> MemberSession:
    data = social.SocialCredentialIn(**credential)
    context = ctx or make_ctx(services, tenant)
    return await attempt(
        services,
        tenant,
        lambda s: social.social_sign_in(s, ctx=context, provider=provider, data=data),
    )


async def web_sign_in(
    services: Services, tenant: TenantFixture, oauth: FakeOAuth, provider: str = "google"
) -> MemberSession:
    back = await callback(services, tenant, oauth, provider)
    return await sign_in(services, tenant, provider, code=back["code"], state=back["state"])


async def connect(
    services: Services, tenant: TenantFixture, member_id: int, provider: str, **credential: str
) -> SocialIdentity:
    data = social.SocialCredentialIn(**credential)
    context = member_ctx(services, tenant, member_id)
    return await attempt(
        services,
        tenant,
        lambda s: social.connect_social_account(s, ctx=context, provider=provider, data=data),
    )


async def disconnect(
    services: Services, tenant: TenantFixture, member_id: int, provider: str
) -> None:
    data = social.DisconnectIn(provider=provider)
    context = member_ctx(services, tenant, member_id)
    await attempt(
        services,
        tenant,
        lambda s: social.disconnect_social_account(s, ctx=context, data=data),
    )
