from __future__ import annotations

import pytest
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import select

from tenantry.core.errors import Forbidden, NotFound, ValidationFailed
from tenantry.core.inputs import parse_input
from tenantry.models.social import SocialProvider
from tenantry.resolvers import social
from tenantry.secrets import is_sealed
from tenantry.serving.services import Services
from tests.conftest import Factory
from tests.fake_oauth import CLIENT_SECRET, FakeOAuth
from tests.resolvers.social.support import attempt, configure, sign_in, start
from tests.support import make_ctx, member_principal, staff_principal


async def test_a_provider_of_tenant_a_is_not_found_for_tenant_b(
    services: Services, factory: Factory, oauth: FakeOAuth
) -> None:
    tenant_a, tenant_b = await factory.tenant(), await factory.tenant()
    await configure(services, tenant_a, "google")

    with pytest.raises(NotFound) as at_start:
        await start(services, tenant_b)
    with pytest.raises(NotFound) as at_sign_in:
        await sign_in(services, tenant_b, id_token=oauth.id_token())

    assert at_start.value.code == at_sign_in.value.code == "provider_not_found"
    listed = await attempt(
        services,
        tenant_b,
        lambda s: social.list_social_providers(s, ctx=make_ctx(services, tenant_b)),
    )
    assert listed == []


async def test_a_disabled_provider_is_neither_listed_nor_usable(
    services: Services, factory: Factory, oauth: FakeOAuth
) -> None:
    tenant = await factory.tenant()
    await configure(services, tenant, "google", enabled=False)
    await configure(services, tenant, "naver")

    listed = await attempt(
        services, tenant, lambda s: social.list_social_providers(s, ctx=make_ctx(services, tenant))
    )

    assert [(p.provider, p.name) for p in listed] == [("naver", "Naver")]
    with pytest.raises(NotFound):
        await start(services, tenant, "google")


async def test_the_client_secret_is_stored_sealed_and_shown_masked(
    services: Services, factory: Factory
) -> None:
    tenant = await factory.tenant()
    staff_id, _ = await factory.staff(tenant)
    ctx = make_ctx(services, tenant, staff_principal(staff_id))
    data = social.SocialProviderIn(
        provider="google", client_id="cid", client_secret=CLIENT_SECRET, redirect_uris=[]
    )

    view = await attempt(
        services, tenant, lambda s: social.configure_social_provider(s, ctx=ctx, data=data)
    )

    assert view.client_secret == "****" + CLIENT_SECRET[-4:]
    async with services.db.unit(tenant.id) as uow:
        row = await uow.session.scalar(select(SocialProvider))
    assert row is not None
    assert is_sealed(row.client_secret)
    assert CLIENT_SECRET not in row.client_secret


async def test_only_admins_configure_providers(services: Services, factory: Factory) -> None:
    tenant = await factory.tenant()
    ctx = make_ctx(services, tenant, member_principal(1))
    data = social.SocialProviderIn(provider="google", client_id="c", client_secret="s")

    with pytest.raises(Forbidden):
        await attempt(
            services, tenant, lambda s: social.configure_social_provider(s, ctx=ctx, data=data)
        )


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"provider": "acme"}, "issuer"),
        ({"provider": "providers"}, "provider"),
        ({"provider": "google", "redirect_uris": ["javascript:alert(1)"]}, "redirect_uris"),
    ],
)
async def test_a_provider_configuration_is_checked(
    services: Services, factory: Factory, values: dict[str, object], field: str
) -> None:
    tenant = await factory.tenant()
    ctx = make_ctx(services, tenant, staff_principal((await factory.staff(tenant))[0]))

    async def configure(session: AsyncSession) -> social.ProviderView:
        data = parse_input(
            social.SocialProviderIn, {"client_id": "c", "client_secret": "s", **values}
        )
        return await social.configure_social_provider(session, ctx=ctx, data=data)

    with pytest.raises(ValidationFailed) as refused:
        await attempt(services, tenant, configure)

    assert field in refused.value.fields


async def test_stored_endpoints_replace_the_presets(
    services: Services, factory: Factory, oauth: FakeOAuth
) -> None:
    # given: the preset's host unreachable, its user-info endpoint stored for the tenant
    tenant = await factory.tenant()
    services.settings = services.settings.model_copy(
        update={"oauth_base_overrides": {"kakao": "http://127.0.0.1:9"}}
    )
    await configure(services, tenant, "kakao", userinfo_endpoint=f"{oauth.base_url}/v2/user/me")

    # when
    signed_in = await sign_in(services, tenant, "kakao", access_token=oauth.access_token())

    # then
    assert signed_in.member.email == oauth.account.email
