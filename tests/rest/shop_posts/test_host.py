"""Dialect C finds the shop from the Host header."""

from __future__ import annotations

import httpx
import pytest

from tenantry.models.tenant import TenantStatus
from tenantry.resolvers import tenants
from tenantry.serving.services import Services
from tests.conftest import Factory, TenantFixture
from tests.rest.shop_posts.shop import AUTH, PASSWORD, bearer, login, new_email, register


@pytest.fixture
async def tenant(factory: Factory) -> TenantFixture:
    return await factory.tenant()


async def test_unknown_host_is_404(client: httpx.AsyncClient) -> None:
    response = await client.post(
        f"{AUTH}/register",
        json={"email": new_email(), "password": PASSWORD},
        headers={"Host": "nobody.shops.test"},
    )
    assert response.status_code == 404
    assert response.json() == {
        "success": False,
        "error": "Tenant not found.",
        "code": "resource_missing",
    }


async def test_suspended_shop_is_403(
    client: httpx.AsyncClient, services: Services, tenant: TenantFixture
) -> None:
    # given
    user = await register(client, tenant)
    async with services.db.unit(None) as uow:
        await tenants.set_tenant_status(
            uow.session, slug=tenant.slug, status=TenantStatus.SUSPENDED
        )
        await uow.commit()
    # when
    response = await login(client, tenant, user.email)
    # then
    assert response.status_code == 403
    assert response.json() == {
        "success": False,
        "error": "Shop is not active",
        "code": "tenant_suspended",
    }


async def test_every_domain_of_a_shop_serves_the_same_users(
    client: httpx.AsyncClient, services: Services, tenant: TenantFixture
) -> None:
    # given
    second = f"www.{tenant.host}"
    async with services.db.unit(None) as uow:
        await tenants.add_domain(uow.session, tenant_id=tenant.id, host=second)
        await uow.commit()
    user = await register(client, tenant)
    # when
    response = await client.get(
        f"{AUTH}/me", headers={**bearer(tenant, user.access_token), "Host": second.upper()}
    )
    # then
    assert response.status_code == 200
    assert response.json()["data"]["user"]["id"] == user.id


async def test_host_with_a_port_finds_the_shop(
    client: httpx.AsyncClient, tenant: TenantFixture
) -> None:
    user = await register(client, tenant)
    response = await client.get(
        f"{AUTH}/me", headers={**bearer(tenant, user.access_token), "Host": f"{tenant.host}:8443"}
    )
    assert response.status_code == 200
