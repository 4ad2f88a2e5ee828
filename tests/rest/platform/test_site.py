from __future__ import annotations

import httpx

from tenantry.serving.services import Services
from tests.conftest import Factory
from tests.support import set_tenant_settings


async def test_site_shows_public_information_only(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant(currency="KRW", name="Seoul Shop")
    await set_tenant_settings(
        services,
        tenant,
        public={"logo": "/media/logo.png", "theme": {"color": "#123456"}},
        smtp={"password": "hunter2"},
    )

    # when
    response = await client.get(f"/api/{tenant.slug}/site")

    # then
    assert response.status_code == 200
    assert response.json() == {
        "data": {
            "name": "Seoul Shop",
            "slug": tenant.slug,
            "description": "",
            "locale": "en",
            "timezone": "UTC",
            "currency": "KRW",
            "settings": {"logo": "/media/logo.png", "theme": {"color": "#123456"}},
        }
    }


async def test_site_without_public_settings_shows_none(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    await set_tenant_settings(services, tenant, webhook_secret="s3cret")

    response = await client.get(f"/api/{tenant.slug}/site")

    assert response.json()["data"]["settings"] == {}


async def test_site_of_unknown_tenant_is_404(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/no-such-tenant/site")

    assert response.status_code == 404
    assert response.json() == {"message": "Tenant not found.", "code": "resource_missing"}


async def test_currency_settings_for_won(client: httpx.AsyncClient, factory: Factory) -> None:
    tenant = await factory.tenant(currency="KRW")

    response = await client.get(f"/api/{tenant.slug}/site/currency")

    assert response.status_code == 200
    assert response.json() == {
        "data": {
            "code": "KRW",
            "symbol": "₩",
            "decimals": 0,
            "symbol_position": "before",
            "thousands_separator": ",",
            "decimal_separator": ".",
            "example": "₩1,234,567",
        }
    }


async def test_currency_settings_for_dollars(client: httpx.AsyncClient, factory: Factory) -> None:
    tenant = await factory.tenant(currency="USD")

    response = await client.get(f"/api/{tenant.slug}/site/currency")

    assert response.json()["data"]["example"] == "$12,345.67"
    assert response.json()["data"]["decimals"] == 2


async def test_currency_of_unknown_tenant_is_404(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/no-such-tenant/site/currency")

    assert response.status_code == 404
    assert response.json() == {"message": "Tenant not found.", "code": "resource_missing"}
