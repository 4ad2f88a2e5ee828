from __future__ import annotations

import httpx

from tests.conftest import Factory
from tests.rest.platform.auth_support import register
from tests.support import error_of, graphql

REFRESH = """
mutation Refresh($refreshToken: String!) {
  refreshToken(refreshToken: $refreshToken) { token refreshToken tokenType expiresIn }
}
"""


async def test_refresh_token_returns_a_new_pair(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    # given
    tenant = await factory.tenant()
    registered = await register(client, tenant)

    # when
    body = await graphql(
        client, REFRESH, {"refreshToken": registered["refresh_token"]}, tenant=tenant.slug
    )

    # then
    pair = body["data"]["refreshToken"]
    assert pair["refreshToken"] != registered["refresh_token"]
    assert (pair["tokenType"], pair["expiresIn"]) == ("Bearer", 3600)
    me = await graphql(client, "{ me { id } }", bearer=pair["token"])
    assert me["data"]["me"]["id"] == str(registered["member"]["id"])


async def test_reusing_a_refresh_token_is_unauthenticated_and_ends_the_session(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    # given
    tenant = await factory.tenant()
    registered = await register(client, tenant)
    first = await graphql(
        client, REFRESH, {"refreshToken": registered["refresh_token"]}, tenant=tenant.slug
    )
    newest = first["data"]["refreshToken"]["refreshToken"]

    # when
    reused = await graphql(
        client, REFRESH, {"refreshToken": registered["refresh_token"]}, tenant=tenant.slug
    )

    # then
    assert error_of(reused) == (
        "Refresh token reuse detected; the session has been revoked.",
        {"code": "UNAUTHENTICATED", "reason": "refresh_token_reused"},
    )
    after = await graphql(client, REFRESH, {"refreshToken": newest}, tenant=tenant.slug)
    assert error_of(after)[1] == {"code": "UNAUTHENTICATED", "reason": "refresh_token_reused"}
