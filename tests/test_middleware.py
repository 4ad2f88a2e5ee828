"""Tenant and principal resolution, body limits, and each dialect's answer when they fail."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from tenantry.models.tenant import TenantStatus
from tenantry.resolvers import tenants
from tenantry.serving.services import Services
from tests.conftest import Factory, TenantFixture

VIEWER = {"query": "{ viewer { kind tenantSlug } }"}


async def _suspend(services: Services, tenant: TenantFixture) -> None:
    async with services.db.unit(None) as uow:
        await tenants.set_tenant_status(
            uow.session, slug=tenant.slug, status=TenantStatus.SUSPENDED
        )
        await uow.commit()


@pytest.fixture
async def tenant(factory: Factory) -> TenantFixture:
    return await factory.tenant()


async def test_platform_unknown_tenant_is_404(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/no-such-tenant/site")
    assert response.status_code == 404
    assert response.json() == {"message": "Tenant not found.", "code": "resource_missing"}


async def test_platform_unknown_path_is_404_in_the_platform_envelope(
    client: httpx.AsyncClient, tenant: TenantFixture
) -> None:
    response = await client.get(f"/api/{tenant.slug}/no/such/path")
    assert response.status_code == 404
    assert response.json() == {"message": "Not found.", "code": "resource_missing"}


async def test_shop_unknown_host_is_404(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/shop_auth/me", headers={"Host": "nobody.shops.test"})
    assert response.status_code == 404
    assert response.json() == {
        "success": False,
        "error": "Tenant not found.",
        "code": "resource_missing",
    }


async def test_suspended_tenant_is_403_in_each_dialect(
    client: httpx.AsyncClient, services: Services, tenant: TenantFixture
) -> None:
    # given
    await _suspend(services, tenant)
    # when
    platform = await client.get(f"/api/{tenant.slug}/site")
    shop = await client.get("/api/shop_auth/me", headers={"Host": tenant.host})
    commerce = await client.get(
        "/v1/products", headers={"Authorization": f"Bearer {tenant.secret_key}"}
    )
    graphql = await client.post("/graphql", json=VIEWER, headers={"X-Tenant": tenant.slug})
    # then
    assert (platform.status_code, platform.json()) == (
        403,
        {"message": "Site is not active.", "code": "tenant_suspended"},
    )
    assert (shop.status_code, shop.json()) == (
        403,
        {"success": False, "error": "Shop is not active", "code": "tenant_suspended"},
    )
    assert commerce.status_code == 403
    assert commerce.json()["error"]["type"] == "permission_error"
    assert graphql.status_code == 403
    assert graphql.json()["errors"][0]["extensions"] == {
        "code": "FORBIDDEN",
        "reason": "tenant_suspended",
    }


async def test_commerce_without_a_key_is_401(client: httpx.AsyncClient) -> None:
    response = await client.get("/v1/products")
    assert response.status_code == 401
    assert response.json() == {
        "error": {
            "type": "authentication_error",
            "message": "No valid API key provided.",
            "param": None,
            "code": "invalid_api_key",
        }
    }


async def test_commerce_refuses_a_publishable_or_wrong_key(
    client: httpx.AsyncClient, tenant: TenantFixture
) -> None:
    for key in (tenant.publishable_key, "sk_" + "x" * 32):
        response = await client.get("/v1/products", headers={"Authorization": f"Bearer {key}"})
        assert response.status_code == 401
        assert response.json()["error"]["code"] == "invalid_api_key"


async def test_commerce_unknown_path_with_a_valid_key_is_404(
    client: httpx.AsyncClient, tenant: TenantFixture
) -> None:
    response = await client.get(
        "/v1/nothing-here", headers={"Authorization": f"Bearer {tenant.secret_key}"}
    )
    assert response.status_code == 404
    assert response.json() == {
        "error": {
            "type": "invalid_request_error",
            "message": "Not found.",
            "param": None,
            "code": "resource_missing",
        }
    }


async def test_graphql_tenant_from_header_key_or_path(
    client: httpx.AsyncClient, tenant: TenantFixture
) -> None:
    by_header = await client.post("/graphql", json=VIEWER, headers={"X-Tenant": tenant.slug})
    by_key = await client.post("/graphql", json=VIEWER, headers={"X-API-Key": tenant.secret_key})
    by_path = await client.post(f"/api/{tenant.slug}/graphql", json=VIEWER)
    by_host = await client.post("/graphql", json=VIEWER, headers={"Host": tenant.host})
    kinds = [r.json()["data"]["viewer"] for r in (by_header, by_key, by_path, by_host)]
    assert kinds == [
        {"kind": "anonymous", "tenantSlug": tenant.slug},
        {"kind": "api_key", "tenantSlug": tenant.slug},
        {"kind": "anonymous", "tenantSlug": tenant.slug},
        {"kind": "anonymous", "tenantSlug": tenant.slug},
    ]


async def test_graphql_unknown_tenant_is_404(client: httpx.AsyncClient) -> None:
    response = await client.post("/graphql", json=VIEWER, headers={"X-Tenant": "missing-one"})
    assert response.status_code == 404
    assert response.json() == {
        "data": None,
        "errors": [
            {
                "message": "Tenant not found.",
                "extensions": {"code": "NOT_FOUND", "reason": "resource_missing"},
            }
        ],
    }


async def test_graphql_without_any_tenant_answers_not_found_in_the_field(
    client: httpx.AsyncClient,
) -> None:
    response = await client.post("/graphql", json=VIEWER)
    assert response.status_code == 200
    error = response.json()["errors"][0]
    assert error["extensions"] == {"code": "NOT_FOUND", "reason": "resource_missing"}


async def test_a_key_of_another_tenant_is_401(
    client: httpx.AsyncClient, factory: Factory, tenant: TenantFixture
) -> None:
    other = await factory.tenant()
    response = await client.post(
        f"/api/{tenant.slug}/graphql", json=VIEWER, headers={"X-API-Key": other.publishable_key}
    )
    assert response.status_code == 401
    assert response.json()["errors"][0]["extensions"] == {
        "code": "UNAUTHENTICATED",
        "reason": "invalid_api_key",
    }


async def test_a_revoked_key_is_401(
    client: httpx.AsyncClient, services: Services, tenant: TenantFixture
) -> None:
    # given
    from sqlmodel import col, select

    from tenantry.models.tenant import ApiKey

    async with services.db.unit(tenant.id) as uow:
        keys = (await uow.session.scalars(select(ApiKey).where(col(ApiKey.kind) == "secret"))).all()
        for key in keys:
            assert key.id is not None
            await tenants.revoke_api_key(uow.session, tenant_id=tenant.id, key_id=key.id)
        await uow.commit()
    # when
    response = await client.get(
        "/v1/products", headers={"Authorization": f"Bearer {tenant.secret_key}"}
    )
    # then
    assert response.status_code == 401


async def test_a_body_over_the_limit_is_413_before_any_handler(
    client: httpx.AsyncClient, services: Services, tenant: TenantFixture
) -> None:
    big = b"x" * (services.settings.max_body_bytes + 1)
    response = await client.post(
        f"/api/{tenant.slug}/graphql", content=big, headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 413
    assert response.json()["errors"][0]["extensions"] == {
        "code": "PAYLOAD_TOO_LARGE",
        "reason": "payload_too_large",
    }


async def test_a_streamed_body_over_the_limit_is_413(
    client: httpx.AsyncClient, services: Services, tenant: TenantFixture
) -> None:
    chunk = b"x" * 65536
    chunks = services.settings.max_body_bytes // len(chunk) + 2

    async def stream() -> AsyncIterator[bytes]:
        for _ in range(chunks):
            yield chunk

    response = await client.post(
        f"/api/{tenant.slug}/auth/login",
        content=stream(),
        headers={"Content-Type": "application/json"},
    )
    assert response.status_code == 413
    assert response.json() == {
        "message": "The request body is too large.",
        "code": "payload_too_large",
    }
