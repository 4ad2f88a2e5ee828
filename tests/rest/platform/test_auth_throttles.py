"""The account operations anyone may call are throttled per tenant and client address (and
mail per address): bursts that used to queue 30 mails or try 200 guesses are cut at the rule."""

from __future__ import annotations

import asyncio
from collections import Counter

import httpx
import pytest
from sqlmodel import col, func, select

from tenantry.config import Settings
from tenantry.mail import wait_for_deliveries
from tenantry.models.mail import MailOutbox
from tenantry.serving.ratelimit import RateLimiter
from tenantry.serving.services import Services
from tests.conftest import REDIS_URL, Factory
from tests.rest.platform.auth_support import register
from tests.support import PASSWORD, new_email

TOO_MANY = "rate_limit_exceeded"


async def mails(services: Services, tenant_id: int) -> int:
    async with services.db.unit(tenant_id) as uow:
        return int(await uow.session.scalar(select(func.count(col(MailOutbox.id)))) or 0)


async def test_thirty_forgot_password_requests_for_one_address_mail_three_times(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    registered = await register(client, tenant)
    url = f"/api/{tenant.slug}/auth/forgot-password"
    body = {"email": registered["member"]["email"]}

    # when
    answers = await asyncio.gather(*(client.post(url, json=body) for _ in range(30)))
    await wait_for_deliveries()

    # then: three links, the rest told when to try again
    assert Counter(answer.status_code for answer in answers) == {200: 3, 429: 27}
    refused = next(answer for answer in answers if answer.status_code == 429)
    assert refused.json()["code"] == TOO_MANY
    assert 0 < int(refused.headers["Retry-After"]) <= 3600
    assert await mails(services, tenant.id) == 3


async def test_find_email_guesses_from_one_address_stop_at_the_rule(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    # given
    tenant = await factory.tenant()
    url = f"/api/{tenant.slug}/auth/find-email"

    # when: 200 guesses
    answers = await asyncio.gather(
        *(client.post(url, json={"name": "John", "phone": f"010-{n:04d}"}) for n in range(200))
    )

    # then: ten answered (no such account), the rest refused unchecked
    assert Counter(answer.status_code for answer in answers) == {404: 10, 429: 190}


async def test_logins_across_many_accounts_and_mass_registration_are_cut(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    # given
    tenant = await factory.tenant()
    base = f"/api/{tenant.slug}/auth"

    # when
    signups = [
        await client.post(
            f"{base}/register",
            json={
                "email": new_email(),
                "password": PASSWORD,
                "password_confirmation": PASSWORD,
                "name": "Someone",
            },
        )
        for _ in range(12)
    ]
    logins = await asyncio.gather(
        *(
            client.post(f"{base}/login", json={"email": new_email(), "password": PASSWORD})
            for _ in range(35)
        )
    )

    # then
    assert [answer.status_code for answer in signups] == [201] * 10 + [429] * 2
    assert Counter(answer.status_code for answer in logins) == {401: 30, 429: 5}


async def test_a_tenant_s_throttle_leaves_other_tenants_alone(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    # given: one tenant's find-email exhausted
    first, second = await factory.tenant(), await factory.tenant()
    guess = {"name": "John", "phone": "010-0000"}
    for _ in range(10):
        await client.post(f"/api/{first.slug}/auth/find-email", json=guess)

    # when
    there = await client.post(f"/api/{first.slug}/auth/find-email", json=guess)
    elsewhere = await client.post(f"/api/{second.slug}/auth/find-email", json=guess)

    # then
    assert (there.status_code, elsewhere.status_code) == (429, 404)


async def test_instances_on_one_redis_share_their_counts() -> None:
    # given: two instances' limiters on the same Redis
    bucket, key = "login", f"test:{new_email()}"
    one, other = RateLimiter(REDIS_URL), RateLimiter(REDIS_URL)
    try:
        # when
        waits = [await one.attempt(bucket, key, rule="3 per hour") for _ in range(3)]
        fourth = await other.attempt(bucket, key, rule="3 per hour")
    finally:
        await one.close()
        await other.close()

    # then
    assert waits == [None, None, None]
    assert fourth is not None
    assert 0 < fourth <= 3600


def test_a_rule_that_does_not_parse_is_a_configuration_error() -> None:
    with pytest.raises(ValueError, match="throttle_login"):
        Settings(throttle_login="often")
