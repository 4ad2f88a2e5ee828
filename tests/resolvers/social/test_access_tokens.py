from __future__ import annotations

import pytest

from tenantry.core.errors import Unauthenticated, Unavailable
from tenantry.serving.services import Services
from tests.conftest import Factory
from tests.fake_oauth import OTHER_CLIENT_ID, FakeOAuth
from tests.resolvers.social.support import configure, sign_in


@pytest.mark.parametrize("provider", ["google", "github", "kakao", "naver"])
async def test_an_access_token_signs_in_after_the_provider_vouches_for_it(
    services: Services, factory: Factory, oauth: FakeOAuth, provider: str
) -> None:
    tenant = await factory.tenant()
    await configure(services, tenant, provider)

    signed_in = await sign_in(services, tenant, provider, access_token=oauth.access_token())

    assert signed_in.member.email == oauth.account.email


async def test_an_access_token_the_provider_does_not_know_is_refused(
    services: Services, factory: Factory, oauth: FakeOAuth
) -> None:
    tenant = await factory.tenant()
    await configure(services, tenant, "kakao")

    with pytest.raises(Unauthenticated) as refused:
        await sign_in(services, tenant, "kakao", access_token="at-made-up")

    assert refused.value.code == "access_token_invalid"


async def test_a_google_access_token_of_another_client_is_refused(
    services: Services, factory: Factory, oauth: FakeOAuth
) -> None:
    tenant = await factory.tenant()
    await configure(services, tenant, "google")
    token = oauth.access_token(client_id=OTHER_CLIENT_ID)

    with pytest.raises(Unauthenticated) as refused:
        await sign_in(services, tenant, "google", access_token=token)

    assert refused.value.code == "access_token_audience"


async def test_a_github_access_token_of_another_app_is_refused(
    services: Services, factory: Factory, oauth: FakeOAuth
) -> None:
    tenant = await factory.tenant()
    await configure(services, tenant, "github")
    token = oauth.access_token(client_id=OTHER_CLIENT_ID)

    with pytest.raises(Unauthenticated) as refused:
        await sign_in(services, tenant, "github", access_token=token)

    assert refused.value.code == "access_token_invalid"


async def test_an_unreachable_provider_is_a_clear_error(
    services: Services, factory: Factory, oauth: FakeOAuth
) -> None:
    tenant = await factory.tenant()
    await configure(services, tenant, "google")
    services.settings = services.settings.model_copy(
        update={"oauth_base_overrides": {"google": "http://127.0.0.1:9"}}
    )

    with pytest.raises(Unavailable) as refused:
        await sign_in(services, tenant, "google", access_token=oauth.access_token())

    assert refused.value.code == "provider_unreachable"


async def test_private_endpoints_are_refused_unless_allowed(
    services: Services, factory: Factory, oauth: FakeOAuth
) -> None:
    tenant = await factory.tenant()
    await configure(services, tenant, "google")
    services.settings = services.settings.model_copy(
        update={"oauth_allow_private_endpoints": False}
    )

    with pytest.raises(Unavailable) as refused:
        await sign_in(services, tenant, "google", access_token=oauth.access_token())

    assert refused.value.code == "provider_unreachable"
    assert "non-public" in refused.value.message
