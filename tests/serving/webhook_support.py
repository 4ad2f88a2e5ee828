"""Endpoints, events and a worker for webhook tests."""

from __future__ import annotations

from typing import Any

import httpx
from sqlmodel import col, select

from tenantry.models.webhooks import WebhookAttempt, WebhookDelivery, WebhookEndpoint
from tenantry.serving.services import Services
from tenantry.serving.webhook_worker import WebhookWorker
from tests.conftest import TenantFixture
from tests.support import FixedClock, bearer


async def register(
    client: httpx.AsyncClient, tenant: TenantFixture, url: str, events: list[str] | None = None
) -> dict[str, Any]:
    response = await client.post(
        "/v1/webhook_endpoints",
        json={"url": url, "enabled_events": events or ["*"]},
        headers=bearer(tenant.secret_key),
    )
    assert response.status_code == 200, response.text
    found: dict[str, Any] = response.json()
    return found


async def new_customer(client: httpx.AsyncClient, tenant: TenantFixture, email: str) -> str:
    """A customer.created event; answers the customer's id."""
    response = await client.post(
        "/v1/customers", json={"email": email}, headers=bearer(tenant.secret_key)
    )
    assert response.status_code == 200, response.text
    return str(response.json()["id"])


def worker(services: Services, clock: FixedClock | None = None, **settings: Any) -> WebhookWorker:
    changed = services.settings.model_copy(update=settings)
    if clock is None:
        return WebhookWorker(services.db, changed)
    return WebhookWorker(services.db, changed, clock=clock.now)


async def attempts_of(
    services: Services, tenant: TenantFixture, endpoint: dict[str, Any]
) -> list[tuple[WebhookDelivery, list[WebhookAttempt]]]:
    endpoint_id = int(str(endpoint["id"]).removeprefix("we_"))
    async with services.db.unit(tenant.id) as uow:
        deliveries = list(
            await uow.session.scalars(
                select(WebhookDelivery)
                .where(col(WebhookDelivery.endpoint_id) == endpoint_id)
                .order_by(col(WebhookDelivery.id))
            )
        )
        found = []
        for delivery in deliveries:
            attempts = await uow.session.scalars(
                select(WebhookAttempt)
                .where(col(WebhookAttempt.delivery_id) == delivery.id)
                .order_by(col(WebhookAttempt.id))
            )
            found.append((delivery, list(attempts)))
        return found


async def endpoint_row(
    services: Services, tenant: TenantFixture, endpoint: dict[str, Any]
) -> WebhookEndpoint:
    async with services.db.unit(tenant.id) as uow:
        row = await uow.session.get(WebhookEndpoint, int(str(endpoint["id"]).removeprefix("we_")))
    assert row is not None
    return row


async def drain(services: Services, clock: FixedClock | None = None, **settings: Any) -> None:
    """Delivers everything due now, with a worker of its own."""
    async with worker(services, clock, **settings) as once:
        await once.drain()
