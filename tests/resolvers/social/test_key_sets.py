"""Key sets and discovery documents are kept per process; an unknown key id refreshes a key set
at most once per JWKS_REFRESH_FLOOR_SECONDS."""

from __future__ import annotations

import pytest

from tenantry.core.errors import Unauthenticated
from tenantry.resolvers.social import calls
from tenantry.serving.services import Services
from tests.conftest import Factory
from tests.fake_oauth import FakeOAuth, new_key
from tests.resolvers.social.support import configure, sign_in


async def test_unknown_key_ids_do_not_refetch_the_key_set_within_the_floor(
    services: Services, factory: Factory, oauth: FakeOAuth
) -> None:
    # given
    tenant = await factory.tenant()
    await configure(services, tenant, "google")
    await sign_in(services, tenant, id_token=oauth.id_token())
    assert oauth.jwks_fetches == 1

    # when: tokens naming made-up keys
    for number in range(5):
        token = oauth.id_token(key=new_key(), kid=f"made-up-{number}")
        with pytest.raises(Unauthenticated):
            await sign_in(services, tenant, id_token=token)

    # then
    assert oauth.jwks_fetches == 1


async def test_a_rotated_key_is_fetched_once_the_floor_has_passed(
    services: Services, factory: Factory, oauth: FakeOAuth, monkeypatch: pytest.MonkeyPatch
) -> None:
    tenant = await factory.tenant()
    await configure(services, tenant, "google")
    await sign_in(services, tenant, id_token=oauth.id_token())
    monkeypatch.setattr(calls, "JWKS_REFRESH_FLOOR_SECONDS", 0.0)
    oauth.rotate()

    signed_in = await sign_in(services, tenant, id_token=oauth.id_token())

    assert signed_in.member.email == oauth.account.email
    assert oauth.jwks_fetches == 2


async def test_discovery_is_fetched_once(
    services: Services, factory: Factory, oauth: FakeOAuth
) -> None:
    tenant = await factory.tenant()
    await configure(services, tenant, "acme-sso", issuer=oauth.base_url)

    for _ in range(3):
        await sign_in(services, tenant, "acme-sso", id_token=oauth.id_token())

    assert (oauth.discoveries, oauth.jwks_fetches) == (1, 1)
