"""A member who signed up through a provider has no password: login refuses any, the profile
cannot set one, and a reset link (proving the mailbox) gives the account one."""

from __future__ import annotations

import pytest

from tenantry.core.errors import ValidationFailed
from tenantry.resolvers import members
from tenantry.serving.services import Services
from tests.conftest import Factory
from tests.fake_oauth import FakeOAuth
from tests.resolvers.social.support import configure, disconnect, web_sign_in
from tests.resolvers.test_password_reset import NEW_PASSWORD, _request_reset, _reset
from tests.support import FixedClock, make_ctx, member_ctx, run


async def test_the_profile_cannot_set_a_first_password(
    services: Services, factory: Factory, oauth: FakeOAuth
) -> None:
    tenant = await factory.tenant()
    await configure(services, tenant, "google")
    member = (await web_sign_in(services, tenant, oauth)).member
    assert member.id is not None
    data = members.UpdateProfileIn(
        current_password="", password=NEW_PASSWORD, password_confirmation=NEW_PASSWORD
    )

    with pytest.raises(ValidationFailed) as refused:
        await run(
            services,
            tenant,
            lambda s: members.update_profile(
                s, ctx=member_ctx(services, tenant, member.id), data=data
            ),
        )

    assert refused.value.fields["current_password"] == [members.NO_PASSWORD_YET]


async def test_a_reset_link_gives_a_password_and_frees_the_last_provider(
    services: Services, factory: Factory, oauth: FakeOAuth
) -> None:
    # given
    tenant = await factory.tenant()
    await configure(services, tenant, "google")
    member = (await web_sign_in(services, tenant, oauth)).member
    assert member.id is not None
    clock = FixedClock()

    # when
    await _reset(
        services, tenant, member, await _request_reset(services, tenant, member, clock), clock
    )

    # then
    login = members.LoginIn(email=member.email, password=NEW_PASSWORD)
    signed_in = await run(
        services,
        tenant,
        lambda s: members.log_in_member(s, ctx=make_ctx(services, tenant), data=login),
    )
    assert signed_in.member.id == member.id
    await disconnect(services, tenant, member.id, "google")
