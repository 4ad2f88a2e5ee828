"""Guesses sent at once are counted as they come: exactly the limit are checked, the rest are
refused unchecked, and the right password then finds the account locked."""

from __future__ import annotations

import asyncio
from collections import Counter

import httpx

from tenantry.serving.services import Services
from tests.conftest import Factory
from tests.rest.platform.auth_support import register
from tests.support import PASSWORD, load_member


async def test_forty_parallel_wrong_guesses_check_exactly_the_limit(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    registered = await register(client, tenant)
    email = registered["member"]["email"]
    url = f"/api/{tenant.slug}/auth/login"
    limit = services.settings.login_max_failures

    # when: forty wrong guesses at once, then the right password
    guesses = await asyncio.gather(
        *(client.post(url, json={"email": email, "password": f"wrong-{n}"}) for n in range(40))
    )
    right = await client.post(url, json={"email": email, "password": PASSWORD})

    # then
    assert Counter(answer.status_code for answer in guesses) == {401: limit, 429: 40 - limit}
    assert right.status_code == 429
    member = await load_member(services, tenant, registered["member"]["id"])
    assert member.failed_logins == limit
    assert member.locked_until is not None


async def test_a_right_password_among_parallel_guesses_signs_in_without_locking(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given: fewer wrong guesses than the limit, sent with the right one
    tenant = await factory.tenant()
    registered = await register(client, tenant)
    email = registered["member"]["email"]
    url = f"/api/{tenant.slug}/auth/login"
    wrong = services.settings.login_max_failures - 2

    # when
    answers = await asyncio.gather(
        client.post(url, json={"email": email, "password": PASSWORD}),
        *(client.post(url, json={"email": email, "password": f"wrong-{n}"}) for n in range(wrong)),
    )

    # then
    assert answers[0].status_code == 200, answers[0].text
    assert [answer.status_code for answer in answers[1:]] == [401] * wrong
    member = await load_member(services, tenant, registered["member"]["id"])
    assert member.locked_until is None
