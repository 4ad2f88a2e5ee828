from __future__ import annotations

import asyncio

import httpx
from sqlmodel import col, select

from tenantry.models.member import Member
from tenantry.serving.services import Services
from tests.conftest import Factory
from tests.rest.platform.auth_support import register
from tests.support import bearer

REUSED = {
    "message": "Refresh token reuse detected; the session has been revoked.",
    "code": "refresh_token_reused",
}


async def _refresh(
    client: httpx.AsyncClient, slug: str, refresh_token: str | None
) -> httpx.Response:
    return await client.post(f"/api/{slug}/auth/refresh", json={"refresh_token": refresh_token})


async def test_refresh_answers_a_new_token_pair(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    # given
    tenant = await factory.tenant()
    registered = await register(client, tenant)

    # when
    response = await _refresh(client, tenant.slug, registered["refresh_token"])

    # then
    assert response.status_code == 200
    data = response.json()["data"]
    assert data == {
        "token": data["token"],
        "refresh_token": data["refresh_token"],
        "token_type": "Bearer",
        "expires_in": 3600,
    }
    assert data["refresh_token"] != registered["refresh_token"]
    me = await client.get(f"/api/{tenant.slug}/auth/me", headers=bearer(data["token"]))
    assert me.json()["data"]["id"] == registered["member"]["id"]


async def test_refresh_requires_the_refresh_token(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    tenant = await factory.tenant()

    response = await client.post(f"/api/{tenant.slug}/auth/refresh", json={})

    assert response.status_code == 422
    assert response.json() == {
        "message": "The given data was invalid.",
        "code": "parameter_missing",
        "errors": {"refresh_token": ["The refresh token field is required."]},
    }


async def test_an_access_token_cannot_be_used_to_refresh(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    tenant = await factory.tenant()
    registered = await register(client, tenant)

    response = await _refresh(client, tenant.slug, registered["token"])

    assert response.status_code == 401
    assert response.json() == {
        "message": "Invalid or expired refresh token.",
        "code": "invalid_refresh_token",
    }


async def test_reusing_a_rotated_refresh_token_revokes_the_whole_family(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    # given
    tenant = await factory.tenant()
    registered = await register(client, tenant)
    rotated = await _refresh(client, tenant.slug, registered["refresh_token"])
    newest = rotated.json()["data"]["refresh_token"]

    # when
    reused = await _refresh(client, tenant.slug, registered["refresh_token"])

    # then
    assert reused.status_code == 401
    assert reused.json() == REUSED
    after = await _refresh(client, tenant.slug, newest)
    assert after.status_code == 401
    # and the access tokens of the family stop working at once, not when they expire
    for access in (registered["token"], rotated.json()["data"]["token"]):
        me = await client.get(f"/api/{tenant.slug}/auth/me", headers=bearer(access))
        assert (me.status_code, me.json()["code"]) == (401, "token_revoked")


async def test_of_concurrent_refreshes_with_one_token_exactly_one_succeeds(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    # given
    tenant = await factory.tenant()
    registered = await register(client, tenant)

    # when
    responses = await asyncio.gather(
        *(_refresh(client, tenant.slug, registered["refresh_token"]) for _ in range(20))
    )

    # then
    statuses = sorted(response.status_code for response in responses)
    assert statuses == [200] + [401] * 19


async def test_refresh_for_a_deactivated_member_is_401(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    registered = await register(client, tenant)
    async with services.db.unit(tenant.id) as uow:
        member = await uow.session.scalar(
            select(Member).where(col(Member.id) == registered["member"]["id"])
        )
        assert member is not None
        member.is_active = False
        await uow.commit()

    # when
    response = await _refresh(client, tenant.slug, registered["refresh_token"])

    # then
    assert response.status_code == 401
    assert response.json() == {
        "message": "Invalid or expired refresh token.",
        "code": "invalid_refresh_token",
    }


async def test_a_refresh_token_of_another_tenant_is_401(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    first, second = await factory.tenant(), await factory.tenant()
    registered = await register(client, first)

    response = await _refresh(client, second.slug, registered["refresh_token"])

    assert response.status_code == 401
