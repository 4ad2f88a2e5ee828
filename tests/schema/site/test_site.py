from __future__ import annotations

import httpx

from tenantry.serving.services import Services
from tests.conftest import Factory
from tests.support import error_codes, graphql, set_tenant_settings

SITE = """
query($amount: Int!) {
  site {
    name slug description locale timezone settings
    currency {
      code symbol decimals symbolPosition thousandsSeparator decimalSeparator example
    }
    formatPrice(amount: $amount)
  }
}
"""


async def test_site_with_currency_and_price_formatting(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant(currency="KRW", name="Seoul Shop")
    await set_tenant_settings(services, tenant, public={"logo": "/l.png"}, private={"k": "v"})

    # when
    body = await graphql(client, SITE, {"amount": 50000}, tenant=tenant.slug)

    # then
    assert body == {
        "data": {
            "site": {
                "name": "Seoul Shop",
                "slug": tenant.slug,
                "description": "",
                "locale": "en",
                "timezone": "UTC",
                "settings": {"logo": "/l.png"},
                "currency": {
                    "code": "KRW",
                    "symbol": "₩",
                    "decimals": 0,
                    "symbolPosition": "before",
                    "thousandsSeparator": ",",
                    "decimalSeparator": ".",
                    "example": "₩1,234,567",
                },
                "formatPrice": "₩50,000",
            }
        }
    }


async def test_format_price_in_dollars(client: httpx.AsyncClient, factory: Factory) -> None:
    tenant = await factory.tenant(currency="USD")

    body = await graphql(
        client,
        "{ site { formatPrice(amount: 2999) negative: formatPrice(amount: -2999) } }",
        api_key=tenant.publishable_key,
    )

    assert body == {"data": {"site": {"formatPrice": "$29.99", "negative": "-$29.99"}}}


async def test_site_of_unknown_tenant_is_not_found(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/graphql", json={"query": "{ site { name } }"}, headers={"X-Tenant": "no-such-tenant"}
    )

    assert response.status_code == 404
    assert error_codes(response.json()) == ["NOT_FOUND"]
