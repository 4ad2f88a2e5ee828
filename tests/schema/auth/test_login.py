from __future__ import annotations

import httpx

from tenantry.serving.services import Services
from tests.conftest import Factory
from tests.support import PASSWORD, create_member, error_of, frozen_clock, graphql, load_member

LOGIN = """
mutation Login($input: LoginInput!) {
  login(input: $input) { token refreshToken member { id email } }
}
"""


async def test_login_returns_the_member_and_tokens(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    member = await create_member(services, tenant)

    # when
    body = await graphql(
        client, LOGIN, {"input": {"email": member.email, "password": PASSWORD}}, tenant=tenant.slug
    )

    # then
    payload = body["data"]["login"]
    assert payload["member"] == {"id": str(member.id), "email": member.email}
    assert payload["token"]
    assert payload["refreshToken"]


async def test_wrong_password_is_unauthenticated_and_counted(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    member = await create_member(services, tenant)

    # when
    body = await graphql(
        client,
        LOGIN,
        {"input": {"email": member.email, "password": "wrong-pass-1"}},
        tenant=tenant.slug,
    )

    # then
    assert body["data"] is None
    assert error_of(body) == (
        "These credentials do not match our records.",
        {"code": "UNAUTHENTICATED", "reason": "invalid_credentials"},
    )
    assert (await load_member(services, tenant, member.id or 0)).failed_logins == 1


async def test_a_locked_account_is_rate_limited(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    member = await create_member(services, tenant)
    wrong = {"input": {"email": member.email, "password": "wrong-pass-1"}}
    with frozen_clock(services):
        for _ in range(services.settings.login_max_failures):
            await graphql(client, LOGIN, wrong, tenant=tenant.slug)

        # when
        body = await graphql(
            client,
            LOGIN,
            {"input": {"email": member.email, "password": PASSWORD}},
            tenant=tenant.slug,
        )

    # then
    seconds = services.settings.login_lockout_seconds
    assert error_of(body) == (
        f"Too many login attempts. Please try again in {seconds} seconds.",
        {"code": "RATE_LIMITED", "reason": "rate_limit_exceeded", "retryAfter": seconds},
    )
