from __future__ import annotations

import pytest
from sqlmodel import col, select

from tenantry.core.errors import BadRequest, Conflict, Unauthenticated
from tenantry.models.member import Member
from tenantry.models.social import SocialIdentity
from tenantry.resolvers import members
from tenantry.serving.services import Services
from tests.conftest import Factory
from tests.fake_oauth import Account, FakeOAuth
from tests.resolvers.social.support import callback, configure, sign_in, web_sign_in
from tests.support import PASSWORD, count, create_member, make_ctx, run


async def test_first_sign_in_creates_a_member_without_a_password(
    services: Services, factory: Factory, oauth: FakeOAuth
) -> None:
    # given
    tenant = await factory.tenant()
    await configure(services, tenant, "google")
    oauth.account = Account(name="Kim")

    # when
    signed_in = await web_sign_in(services, tenant, oauth)

    # then
    member = signed_in.member
    assert (member.email, member.name, member.password_hash) == (oauth.account.email, "Kim", "")
    assert signed_in.tokens.access_token
    assert signed_in.tokens.refresh_token
    assert await count(services, tenant, SocialIdentity) == 1


async def test_second_sign_in_finds_the_same_member(
    services: Services, factory: Factory, oauth: FakeOAuth
) -> None:
    tenant = await factory.tenant()
    await configure(services, tenant, "google")
    first = await web_sign_in(services, tenant, oauth)

    second = await web_sign_in(services, tenant, oauth)

    assert second.member.id == first.member.id
    assert await count(services, tenant, Member) == 1


async def test_a_verified_email_links_the_existing_member(
    services: Services, factory: Factory, oauth: FakeOAuth
) -> None:
    tenant = await factory.tenant()
    await configure(services, tenant, "google")
    existing = await create_member(services, tenant)
    oauth.account = Account(email=existing.email, email_verified=True)

    signed_in = await web_sign_in(services, tenant, oauth)

    assert signed_in.member.id == existing.id


async def test_an_unverified_email_never_links(
    services: Services, factory: Factory, oauth: FakeOAuth
) -> None:
    # given
    tenant = await factory.tenant()
    await configure(services, tenant, "google")
    existing = await create_member(services, tenant)
    oauth.account = Account(email=existing.email.upper(), email_verified=False)

    back = await callback(services, tenant, oauth)

    # when
    with pytest.raises(Conflict) as refused:
        await sign_in(services, tenant, code=back["code"], state=back["state"])

    # then
    assert refused.value.code == "email_in_use"
    assert await count(services, tenant, SocialIdentity) == 0
    assert await count(services, tenant, Member) == 1
    with pytest.raises(BadRequest) as again:  # the refusal spent the state
        await sign_in(services, tenant, code=back["code"], state=back["state"])
    assert again.value.code == "state_used"


@pytest.mark.parametrize("provider", ["naver", "kakao"])
async def test_oauth2_presets_never_link_an_unverified_email(
    services: Services, factory: Factory, oauth: FakeOAuth, provider: str
) -> None:
    tenant = await factory.tenant()
    await configure(services, tenant, provider)
    existing = await create_member(services, tenant)
    # Naver states nothing about verification: its address is never taken as verified.
    oauth.account = Account(email=existing.email, email_verified=provider == "naver")

    with pytest.raises(Conflict) as refused:
        await web_sign_in(services, tenant, oauth, provider)

    assert refused.value.code == "email_in_use"
    assert await count(services, tenant, SocialIdentity) == 0


async def test_github_uses_only_a_verified_address(
    services: Services, factory: Factory, oauth: FakeOAuth
) -> None:
    # given: the primary address is another member's, unverified; a second one is verified
    tenant = await factory.tenant()
    await configure(services, tenant, "github")
    existing = await create_member(services, tenant)
    oauth.account = Account(email=existing.email, email_verified=False)

    # when
    signed_in = await web_sign_in(services, tenant, oauth, "github")

    # then
    assert signed_in.member.id != existing.id
    assert signed_in.member.email == "noreply@users.github.test"


@pytest.mark.parametrize("provider", ["github", "kakao", "naver"])
async def test_oauth2_presets_sign_in_through_their_user_apis(
    services: Services, factory: Factory, oauth: FakeOAuth, provider: str
) -> None:
    tenant = await factory.tenant()
    await configure(services, tenant, provider)

    first = await web_sign_in(services, tenant, oauth, provider)
    second = await web_sign_in(services, tenant, oauth, provider)

    assert first.member.id == second.member.id
    assert first.member.email == oauth.account.email


async def test_a_member_without_a_password_cannot_log_in_with_one(
    services: Services, factory: Factory, oauth: FakeOAuth
) -> None:
    tenant = await factory.tenant()
    await configure(services, tenant, "google")
    signed_in = await web_sign_in(services, tenant, oauth)
    data = members.LoginIn(email=signed_in.member.email, password=PASSWORD)

    with pytest.raises(Unauthenticated) as refused:
        await run(
            services,
            tenant,
            lambda s: members.log_in_member(s, ctx=make_ctx(services, tenant), data=data),
        )

    assert refused.value.code == "invalid_credentials"


async def test_no_email_from_the_provider_creates_no_member(
    services: Services, factory: Factory, oauth: FakeOAuth
) -> None:
    tenant = await factory.tenant()
    await configure(services, tenant, "google")
    oauth.account = Account(email=None)

    with pytest.raises(BadRequest) as refused:
        await web_sign_in(services, tenant, oauth)

    assert refused.value.code == "email_required"
    async with services.db.unit(tenant.id) as uow:
        assert (await uow.session.scalars(select(Member).where(col(Member.id) > 0))).all() == []
