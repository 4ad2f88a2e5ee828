from __future__ import annotations

import httpx

from tests.conftest import Factory


async def test_healthz_answers_without_a_tenant(client: httpx.AsyncClient) -> None:
    response = await client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


async def test_readyz_checks_the_database(client: httpx.AsyncClient) -> None:
    response = await client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


async def test_graphql_viewer_for_publishable_key(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    tenant = await factory.tenant()
    response = await client.post(
        "/graphql",
        json={"query": "{ viewer { kind tenantSlug } }"},
        headers={"X-API-Key": tenant.publishable_key},
    )
    assert response.status_code == 200
    assert response.json() == {"data": {"viewer": {"kind": "api_key", "tenantSlug": tenant.slug}}}
