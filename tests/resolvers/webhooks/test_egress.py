"""Webhook URLs must be https and public, checked when registered and again at each delivery."""

from __future__ import annotations

import httpx
import pytest

from tenantry.core.errors import ValidationFailed
from tenantry.resolvers.webhooks.endpoints import check_url
from tenantry.serving.services import Services
from tests.conftest import Factory
from tests.serving.webhook_support import attempts_of, drain, new_customer, register
from tests.webhook_receiver import receiver

pytestmark = pytest.mark.usefixtures("app")

REFUSED = [
    "https://127.0.0.1/hooks",
    "https://10.0.0.1/hooks",
    "https://192.168.1.20/hooks",
    "https://169.254.169.254/latest/meta-data",
    "https://[::1]:8443/hooks",
    "https://localhost/hooks",  # a name that resolves to loopback
]


@pytest.mark.parametrize("url", REFUSED)
async def test_private_addresses_are_refused_at_registration(services: Services, url: str) -> None:
    strict = services.settings.model_copy(update={"webhook_allow_private_endpoints": False})

    with pytest.raises(ValidationFailed) as refused:
        await check_url(url, settings=strict)

    assert refused.value.param == "url"
    assert "non-public address" in refused.value.fields["url"][0]


async def test_plain_http_needs_private_endpoints_allowed(services: Services) -> None:
    strict = services.settings.model_copy(update={"webhook_allow_private_endpoints": False})

    with pytest.raises(ValidationFailed) as refused:
        await check_url("http://93.184.216.34/hooks", settings=strict)
    assert refused.value.fields == {"url": ["The url field must be an https URL."]}
    assert await check_url("https://93.184.216.34/hooks", settings=strict)
    assert await check_url("http://127.0.0.1:9/hooks", settings=services.settings)


async def test_a_private_address_is_refused_again_when_delivering(
    client: httpx.AsyncClient, services: Services, factory: Factory
) -> None:
    # given: an endpoint registered while private addresses were allowed
    tenant = await factory.tenant()
    async with receiver() as hooks:
        endpoint = await register(client, tenant, hooks.url)
        await new_customer(client, tenant, "pinned@example.com")
        # when: they are no longer allowed
        await drain(services, webhook_allow_private_endpoints=False)
    # then: nothing reached the receiver, and the attempt says why
    assert hooks.received == []
    [(_, [attempt])] = await attempts_of(services, tenant, endpoint)
    assert attempt.status_code is None
    assert attempt.error is not None
    assert "non-public address" in attempt.error
