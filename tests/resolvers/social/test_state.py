from __future__ import annotations

import asyncio

import httpx
import pytest
from sqlmodel import col, select

from tenantry.core.errors import BadRequest, DomainError, Forbidden
from tenantry.models.member import Member
from tenantry.models.social import SocialState
from tenantry.serving.services import Services
from tests.conftest import Factory
from tests.fake_oauth import OTHER_CLIENT_ID, OTHER_CLIENT_SECRET, FakeOAuth
from tests.resolvers.social.support import REDIRECT, callback, configure, sign_in, start
from tests.support import count, frozen_clock


async def test_the_authorization_url_asks_for_a_code_with_pkce(
    services: Services, factory: Factory, oauth: FakeOAuth
) -> None:
    tenant = await factory.tenant()
    await configure(services, tenant, "google")

    started = await start(services, tenant)

    params = dict(httpx.URL(started.url).params)
    assert started.url.startswith(f"{oauth.base_url}/o/oauth2/v2/auth?")
    assert params["response_type"] == "code"
    assert params["code_challenge_method"] == "S256"
    assert params["redirect_uri"] == REDIRECT
    assert params["state"] == started.state
    assert params["nonce"]
    async with services.db.unit(tenant.id) as uow:
        row = await uow.session.scalar(select(SocialState))
    assert row is not None
    assert row.code_verifier not in started.url


async def test_a_redirect_uri_not_configured_is_refused(
    services: Services, factory: Factory, oauth: FakeOAuth
) -> None:
    tenant = await factory.tenant()
    await configure(services, tenant, "google")

    with pytest.raises(BadRequest) as refused:
        await start(services, tenant, redirect_uri="https://evil.example/steal")

    assert refused.value.code == "redirect_uri_not_allowed"


async def test_a_replayed_state_is_refused(
    services: Services, factory: Factory, oauth: FakeOAuth
) -> None:
    tenant = await factory.tenant()
    await configure(services, tenant, "google")
    back = await callback(services, tenant, oauth)
    await sign_in(services, tenant, code=back["code"], state=back["state"])

    with pytest.raises(BadRequest) as refused:
        await sign_in(services, tenant, code=back["code"], state=back["state"])

    assert refused.value.code == "state_used"


async def test_a_forged_state_is_refused(
    services: Services, factory: Factory, oauth: FakeOAuth
) -> None:
    tenant = await factory.tenant()
    await configure(services, tenant, "google")
    back = await callback(services, tenant, oauth)
    key, _, signature = back["state"].partition(".")

    forgeries = (f"{key}.{signature[:-2]}xx", key, "nothing.at-all", f"other.{signature}")
    for forged in (*forgeries, f"{key}.{signature[:-1]}é", "é.é"):
        with pytest.raises(BadRequest) as refused:
            await sign_in(services, tenant, code=back["code"], state=forged)
        assert refused.value.code == "invalid_state"
    assert oauth.exchanges == 0


async def test_a_state_of_another_tenant_is_refused(
    services: Services, factory: Factory, oauth: FakeOAuth
) -> None:
    tenant, other = await factory.tenant(), await factory.tenant()
    await configure(services, tenant, "google")
    await configure(services, other, "google")
    back = await callback(services, tenant, oauth)

    with pytest.raises(BadRequest) as refused:
        await sign_in(services, other, code=back["code"], state=back["state"])

    assert refused.value.code == "invalid_state"


async def test_a_state_lapses_after_ten_minutes(
    services: Services, factory: Factory, oauth: FakeOAuth
) -> None:
    tenant = await factory.tenant()
    await configure(services, tenant, "google")
    with frozen_clock(services) as clock:
        back = await callback(services, tenant, oauth)
        clock.advance(601)

        with pytest.raises(BadRequest) as refused:
            await sign_in(services, tenant, code=back["code"], state=back["state"])

    assert refused.value.code == "state_expired"


async def test_denied_consent_is_passed_back_and_spends_the_state(
    services: Services, factory: Factory, oauth: FakeOAuth
) -> None:
    # given
    tenant = await factory.tenant()
    await configure(services, tenant, "google")
    oauth.deny = True
    back = await callback(services, tenant, oauth)
    assert back["error"] == "access_denied"

    # when
    with pytest.raises(Forbidden) as refused:
        await sign_in(services, tenant, error=back["error"], state=back["state"])

    # then
    assert refused.value.code == "access_denied"
    with pytest.raises(BadRequest) as again:
        await sign_in(services, tenant, error=back["error"], state=back["state"])
    assert again.value.code == "state_used"


async def test_a_bad_code_is_refused_and_spends_the_state(
    services: Services, factory: Factory, oauth: FakeOAuth
) -> None:
    tenant = await factory.tenant()
    await configure(services, tenant, "google")
    back = await callback(services, tenant, oauth)

    with pytest.raises(BadRequest) as refused:
        await sign_in(services, tenant, code="made-up", state=back["state"])

    assert refused.value.code == "invalid_code"
    with pytest.raises(BadRequest) as again:
        await sign_in(services, tenant, code=back["code"], state=back["state"])
    assert again.value.code == "state_used"


async def test_a_code_issued_for_another_tenants_client_is_refused(
    services: Services, factory: Factory, oauth: FakeOAuth
) -> None:
    # given: tenant A's client got a code; tenant B has a client of its own and a state
    tenant_a, tenant_b = await factory.tenant(), await factory.tenant()
    await configure(services, tenant_a, "google")
    await configure(
        services, tenant_b, "google", client_id=OTHER_CLIENT_ID, client_secret=OTHER_CLIENT_SECRET
    )
    code_of_a = (await callback(services, tenant_a, oauth))["code"]
    state_of_b = (await callback(services, tenant_b, oauth))["state"]

    # when
    with pytest.raises(BadRequest) as refused:
        await sign_in(services, tenant_b, code=code_of_a, state=state_of_b)

    # then
    assert refused.value.code == "invalid_code"
    assert await count(services, tenant_b, Member) == 0


async def test_a_redirect_uri_other_than_the_states_is_refused(
    services: Services, factory: Factory, oauth: FakeOAuth
) -> None:
    tenant = await factory.tenant()
    await configure(services, tenant, "google")
    back = await callback(services, tenant, oauth)

    with pytest.raises(BadRequest) as refused:
        await sign_in(
            services,
            tenant,
            code=back["code"],
            state=back["state"],
            redirect_uri="https://shop.example/other",
        )

    assert refused.value.code == "invalid_state"


async def test_one_state_used_by_ten_requests_at_once_signs_in_once(
    services: Services, factory: Factory, oauth: FakeOAuth
) -> None:
    # given
    tenant = await factory.tenant()
    await configure(services, tenant, "google")
    back = await callback(services, tenant, oauth)

    # when
    outcomes = await asyncio.gather(
        *(sign_in(services, tenant, code=back["code"], state=back["state"]) for _ in range(10)),
        return_exceptions=True,
    )

    # then
    signed_in = [o for o in outcomes if not isinstance(o, BaseException)]
    refused = [o for o in outcomes if isinstance(o, BaseException)]
    assert len(signed_in) == 1, outcomes
    assert all(isinstance(o, DomainError) for o in refused), refused
    assert {o.code for o in refused if isinstance(o, DomainError)} <= {"state_used"}
    assert oauth.exchanges == 1
    async with services.db.unit(tenant.id) as uow:
        assert len((await uow.session.scalars(select(Member).where(col(Member.id) > 0))).all()) == 1


async def test_another_error_from_the_provider_is_told_apart_from_a_refusal(
    services: Services, factory: Factory, oauth: FakeOAuth
) -> None:
    tenant = await factory.tenant()
    await configure(services, tenant, "google")
    started = await start(services, tenant)

    with pytest.raises(BadRequest) as refused:
        await sign_in(services, tenant, error="server_error", state=started.state)

    assert refused.value.code == "authorization_failed"
