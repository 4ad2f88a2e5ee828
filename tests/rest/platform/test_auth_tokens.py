from __future__ import annotations

import time
from typing import Any

import httpx
import jwt

from tenantry.serving.services import Services
from tests.conftest import Factory
from tests.rest.platform.auth_support import register
from tests.support import bearer

INVALID_TOKEN = {"message": "Invalid or expired token.", "code": "invalid_token"}


def _claims(token: str) -> dict[str, Any]:
    claims: dict[str, Any] = jwt.decode(token, options={"verify_signature": False})
    return claims


async def test_me_answers_the_signed_in_member(client: httpx.AsyncClient, factory: Factory) -> None:
    # given
    tenant = await factory.tenant()
    registered = await register(client, tenant, name="Ann")

    # when
    response = await client.get(f"/api/{tenant.slug}/auth/me", headers=bearer(registered["token"]))

    # then
    assert response.status_code == 200
    assert response.json() == {"data": registered["member"]}


async def test_me_without_a_token_is_401(client: httpx.AsyncClient, factory: Factory) -> None:
    tenant = await factory.tenant()

    response = await client.get(f"/api/{tenant.slug}/auth/me")

    assert response.status_code == 401
    assert response.json() == {"message": "Unauthenticated.", "code": "unauthenticated"}


async def test_me_with_a_publishable_key_only_is_401(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    tenant = await factory.tenant()

    response = await client.get(
        f"/api/{tenant.slug}/auth/me", headers={"X-API-Key": tenant.publishable_key}
    )

    assert response.status_code == 401


async def test_a_token_of_another_tenant_is_401(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    # given
    first, second = await factory.tenant(), await factory.tenant()
    registered = await register(client, first)

    # when
    response = await client.get(f"/api/{second.slug}/auth/me", headers=bearer(registered["token"]))

    # then
    assert response.status_code == 401
    assert response.json() == INVALID_TOKEN


async def test_an_expired_token_is_401(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    registered = await register(client, tenant)
    claims = _claims(registered["token"])
    claims.update(iat=int(time.time()) - 7200, exp=int(time.time()) - 60)
    expired = jwt.encode(claims, services.settings.secret_key, algorithm="HS256")

    # when
    response = await client.get(f"/api/{tenant.slug}/auth/me", headers=bearer(expired))

    # then
    assert response.status_code == 401
    assert response.json() == INVALID_TOKEN


async def test_an_unsigned_alg_none_token_is_401(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    # given
    tenant = await factory.tenant()
    registered = await register(client, tenant)
    unsigned = jwt.encode(_claims(registered["token"]), None, algorithm="none")

    # when
    response = await client.get(f"/api/{tenant.slug}/auth/me", headers=bearer(unsigned))

    # then
    assert response.status_code == 401
    assert response.json() == INVALID_TOKEN


async def test_a_token_signed_with_another_key_is_401(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    # given
    tenant = await factory.tenant()
    registered = await register(client, tenant)
    forged = jwt.encode(
        _claims(registered["token"]), "another-secret-key-0123456789abcdef", algorithm="HS256"
    )

    # when
    response = await client.get(f"/api/{tenant.slug}/auth/me", headers=bearer(forged))

    # then
    assert response.status_code == 401
    assert response.json() == INVALID_TOKEN


async def test_a_refresh_token_is_not_an_access_token(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    tenant = await factory.tenant()
    registered = await register(client, tenant)

    response = await client.get(
        f"/api/{tenant.slug}/auth/me", headers=bearer(registered["refresh_token"])
    )

    assert response.status_code == 401


async def test_logout_revokes_the_access_token_at_once(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    # given
    tenant = await factory.tenant()
    registered = await register(client, tenant)
    headers = bearer(registered["token"])

    # when
    response = await client.post(f"/api/{tenant.slug}/auth/logout", headers=headers)

    # then
    assert response.status_code == 200
    assert response.json() == {"message": "Successfully logged out."}
    me = await client.get(f"/api/{tenant.slug}/auth/me", headers=headers)
    assert me.status_code == 401
    assert me.json() == {"message": "Token has been revoked.", "code": "token_revoked"}


async def test_logout_revokes_the_refresh_tokens_of_the_session(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    # given
    tenant = await factory.tenant()
    registered = await register(client, tenant)

    # when
    await client.post(f"/api/{tenant.slug}/auth/logout", headers=bearer(registered["token"]))

    # then
    response = await client.post(
        f"/api/{tenant.slug}/auth/refresh", json={"refresh_token": registered["refresh_token"]}
    )
    assert response.status_code == 401


async def test_logout_without_a_token_is_401(client: httpx.AsyncClient, factory: Factory) -> None:
    tenant = await factory.tenant()

    response = await client.post(f"/api/{tenant.slug}/auth/logout")

    assert response.status_code == 401
    assert response.json() == {"message": "Unauthenticated.", "code": "unauthenticated"}
