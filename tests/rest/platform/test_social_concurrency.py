"""One state posted by ten requests at once signs in once."""

from __future__ import annotations

import asyncio

import httpx

from tenantry.models.member import Member
from tenantry.serving.services import Services
from tests.conftest import Factory
from tests.fake_oauth import FakeOAuth
from tests.resolvers.social.support import REDIRECT, configure
from tests.support import count


async def test_ten_requests_with_one_state_sign_in_once(
    client: httpx.AsyncClient, services: Services, factory: Factory, oauth: FakeOAuth
) -> None:
    # given
    tenant = await factory.tenant()
    await configure(services, tenant, "google")
    started = await client.get(
        f"/api/{tenant.slug}/auth/social/google", params={"redirect_uri": REDIRECT}
    )
    back = await oauth.authorize(started.json()["data"]["url"])
    body = {"code": back["code"], "state": back["state"]}

    # when
    answers = await asyncio.gather(
        *(client.post(f"/api/{tenant.slug}/auth/social/google/token", json=body) for _ in range(10))
    )

    # then
    statuses = sorted(answer.status_code for answer in answers)
    assert statuses == [200] + [400] * 9, [a.text for a in answers]
    assert {a.json()["code"] for a in answers if a.status_code == 400} == {"state_used"}
    assert oauth.exchanges == 1
    assert await count(services, tenant, Member) == 1
