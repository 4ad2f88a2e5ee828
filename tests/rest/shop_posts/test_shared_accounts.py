"""Shop users are the tenant's members: one account signs in through either REST API."""

from __future__ import annotations

import httpx
import pytest

from tests.conftest import Factory, TenantFixture
from tests.rest.shop_posts.shop import PASSWORD, login, new_email, register


@pytest.fixture
async def tenant(factory: Factory) -> TenantFixture:
    return await factory.tenant()


async def test_a_shop_user_signs_in_through_the_platform_api(
    client: httpx.AsyncClient, tenant: TenantFixture
) -> None:
    # given
    user = await register(client, tenant)
    # when
    response = await client.post(
        f"/api/{tenant.slug}/auth/login", json={"email": user.email, "password": PASSWORD}
    )
    # then
    assert response.status_code == 200
    assert response.json()["data"]["member"]["id"] == user.id


async def test_a_platform_member_signs_in_through_the_shop_api(
    client: httpx.AsyncClient, tenant: TenantFixture
) -> None:
    # given
    email = new_email()
    registered = await client.post(
        f"/api/{tenant.slug}/auth/register", json={"email": email, "password": PASSWORD}
    )
    assert registered.status_code == 201
    # when
    response = await login(client, tenant, email)
    # then
    assert response.status_code == 200
    assert response.json()["data"]["user"]["id"] == registered.json()["data"]["member"]["id"]
