from __future__ import annotations

import pytest

from tenantry.core.errors import BadRequest, Conflict, NotFound
from tenantry.models.social import SocialIdentity
from tenantry.serving.services import Services
from tests.conftest import Factory
from tests.fake_oauth import Account, FakeOAuth
from tests.resolvers.social.support import (
    callback,
    configure,
    connect,
    disconnect,
    web_sign_in,
)
from tests.support import count, create_member, member_ctx


async def test_a_member_connects_an_account_and_signs_in_with_it(
    services: Services, factory: Factory, oauth: FakeOAuth
) -> None:
    # given: a member with a password, and a provider account with another address
    tenant = await factory.tenant()
    await configure(services, tenant, "github")
    member = await create_member(services, tenant)
    assert member.id is not None
    oauth.account = Account(email="elsewhere@example.com", email_verified=False)
    back = await callback(
        services, tenant, oauth, "github", ctx=member_ctx(services, tenant, member.id)
    )

    # when
    identity = await connect(
        services, tenant, member.id, "github", code=back["code"], state=back["state"]
    )

    # then
    assert (identity.member_id, identity.provider) == (member.id, "github")
    signed_in = await web_sign_in(services, tenant, oauth, "github")
    assert signed_in.member.id == member.id


async def test_connect_needs_a_state_the_member_started(
    services: Services, factory: Factory, oauth: FakeOAuth
) -> None:
    # given: the state of an anonymous start (an attacker's own sign-in)
    tenant = await factory.tenant()
    await configure(services, tenant, "google")
    member = await create_member(services, tenant)
    assert member.id is not None
    back = await callback(services, tenant, oauth)

    # when
    with pytest.raises(BadRequest) as refused:
        await connect(services, tenant, member.id, "google", code=back["code"], state=back["state"])

    # then
    assert refused.value.code == "invalid_state"
    assert await count(services, tenant, SocialIdentity) == 0


async def test_an_account_linked_to_another_member_is_refused(
    services: Services, factory: Factory, oauth: FakeOAuth
) -> None:
    tenant = await factory.tenant()
    await configure(services, tenant, "google")
    await web_sign_in(services, tenant, oauth)  # the account now belongs to a new member
    member = await create_member(services, tenant)
    assert member.id is not None

    with pytest.raises(Conflict) as refused:
        await connect(services, tenant, member.id, "google", id_token=oauth.id_token())

    assert refused.value.code == "identity_in_use"


async def test_disconnecting_the_last_way_to_sign_in_is_refused(
    services: Services, factory: Factory, oauth: FakeOAuth
) -> None:
    # given: a member created by social sign-in, without a password
    tenant = await factory.tenant()
    await configure(services, tenant, "google")
    await configure(services, tenant, "kakao")
    signed_in = await web_sign_in(services, tenant, oauth)
    member_id = signed_in.member.id
    assert member_id is not None

    # when
    with pytest.raises(Conflict) as refused:
        await disconnect(services, tenant, member_id, "google")

    # then
    assert refused.value.code == "last_sign_in_method"
    assert await count(services, tenant, SocialIdentity) == 1

    # and with a second provider connected, either one may go
    oauth.account = Account()
    await connect(services, tenant, member_id, "kakao", access_token=oauth.access_token())
    await disconnect(services, tenant, member_id, "google")
    with pytest.raises(Conflict):
        await disconnect(services, tenant, member_id, "kakao")
    assert await count(services, tenant, SocialIdentity) == 1


async def test_a_member_with_a_password_disconnects_freely(
    services: Services, factory: Factory, oauth: FakeOAuth
) -> None:
    tenant = await factory.tenant()
    await configure(services, tenant, "google")
    member = await create_member(services, tenant)
    assert member.id is not None
    await connect(services, tenant, member.id, "google", id_token=oauth.id_token())

    await disconnect(services, tenant, member.id, "google")

    assert await count(services, tenant, SocialIdentity) == 0
    with pytest.raises(NotFound) as missing:
        await disconnect(services, tenant, member.id, "google")
    assert missing.value.code == "social_account_not_found"
