from __future__ import annotations

import httpx

from tests.conftest import Factory
from tests.rest.platform.auth_support import register
from tests.support import bearer, error_of, graphql

LOGOUT = "mutation { logout }"


async def test_logout_revokes_the_token_at_once(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    # given
    tenant = await factory.tenant()
    registered = await register(client, tenant)

    # when
    body = await graphql(client, LOGOUT, tenant=tenant.slug, bearer=registered["token"])

    # then
    assert body == {"data": {"logout": True}}
    me = await client.get(f"/api/{tenant.slug}/auth/me", headers=bearer(registered["token"]))
    assert me.status_code == 401


async def test_logout_without_a_token_is_unauthenticated(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    tenant = await factory.tenant()

    body = await graphql(client, LOGOUT, tenant=tenant.slug)

    assert body["data"] is None
    assert error_of(body) == (
        "Unauthenticated.",
        {"code": "UNAUTHENTICATED", "reason": "unauthenticated"},
    )
