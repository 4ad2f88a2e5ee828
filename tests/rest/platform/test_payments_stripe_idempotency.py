"""Idempotency-Key on /payments/stripe/checkout and /refund, and a Stripe that does not answer:
the payment kept as unknown, the order still pending, 503."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import httpx
import pytest

from tenantry.app import create_app
from tenantry.models.order import OrderStatus
from tenantry.models.payments import PaymentStatus
from tenantry.serving.services import Services
from tests.conftest import Factory, TenantFixture
from tests.resolvers.orders.support import load_order
from tests.resolvers.payments.stripe_front import StripeFront, silent_server
from tests.resolvers.payments.stripe_support import (
    CANCEL_URL,
    SUCCESS_URL,
    Buyer,
    admin_headers,
    buyer,
    pay_in_browser,
    payments_of,
    refunds_of,
    stripe_shop,
)

pytestmark = pytest.mark.usefixtures("app")

REUSED = (
    "Keys for idempotent requests can only be used with the same parameters they were first "
    "used with."
)


def url(tenant: TenantFixture, path: str) -> str:
    return f"/api/{tenant.slug}/payments/stripe/{path}"


async def paid(
    http: httpx.AsyncClient, front: StripeFront, tenant: TenantFixture, who: Buyer
) -> None:
    made = await http.post(
        url(tenant, "intent"), json={"order_number": who.number}, headers=who.headers
    )
    intent_id = made.json()["data"]["payment_intent_id"]
    await pay_in_browser(front, intent_id)
    confirm = {"order_number": who.number, "payment_intent_id": intent_id}
    await http.post(url(tenant, "confirm"), json=confirm, headers=who.headers)


async def test_a_repeated_checkout_replays_the_first_session(
    stripe_http: httpx.AsyncClient, stripe_services: Services, factory: Factory
) -> None:
    tenant = await stripe_shop(stripe_services, factory)
    who = await buyer(stripe_services, tenant)
    body = {"order_number": who.number, "success_url": SUCCESS_URL, "cancel_url": CANCEL_URL}
    headers = {**who.headers, "Idempotency-Key": "checkout-1"}

    first = await stripe_http.post(url(tenant, "checkout"), json=body, headers=headers)
    again = await stripe_http.post(url(tenant, "checkout"), json=body, headers=headers)
    other = await stripe_http.post(
        url(tenant, "checkout"), json={**body, "cancel_url": SUCCESS_URL}, headers=headers
    )

    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again.headers["Idempotent-Replayed"] == "true"
    assert other.status_code == 422
    assert other.json() == {
        "message": REUSED,
        "code": "idempotency_key_reused",
        "errors": {"idempotency_key": [REUSED]},
    }
    assert len(await payments_of(stripe_services, tenant, who.order.id or 0)) == 1


async def test_a_repeated_refund_refunds_once(
    stripe_http: httpx.AsyncClient,
    stripe_services: Services,
    stripe_emulator: StripeFront,
    factory: Factory,
) -> None:
    tenant = await stripe_shop(stripe_services, factory)
    who = await buyer(stripe_services, tenant)
    await paid(stripe_http, stripe_emulator, tenant, who)
    headers = {**admin_headers(tenant), "Idempotency-Key": "refund-1"}
    body = {"order_number": who.number, "amount": 400}

    first = await stripe_http.post(url(tenant, "refund"), json=body, headers=headers)
    again = await stripe_http.post(url(tenant, "refund"), json=body, headers=headers)

    assert first.status_code == again.status_code == 201, first.text
    assert again.json() == first.json()
    assert again.headers["Idempotent-Replayed"] == "true"
    assert [row.amount for row in await refunds_of(stripe_services, tenant, who.order.id or 0)] == [
        400
    ]


@pytest.fixture
async def silent_http(stripe_services: Services) -> Any:
    """The app with Stripe's base pointed at a server that never answers, and a short timeout."""
    async with silent_server() as silent:
        settings = stripe_services.settings.model_copy(
            update={"stripe_api_base": silent, "payment_timeout_seconds": 0.3}
        )
        app = create_app(settings, services=replace(stripe_services, settings=settings))
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
            yield http


async def test_stripe_not_answering_keeps_the_payment_unknown_and_answers_503(
    silent_http: httpx.AsyncClient, stripe_services: Services, factory: Factory
) -> None:
    tenant = await stripe_shop(stripe_services, factory)
    who = await buyer(stripe_services, tenant)

    response = await silent_http.post(
        url(tenant, "intent"), json={"order_number": who.number}, headers=who.headers
    )

    assert response.status_code == 503
    assert response.json() == {
        "message": "Stripe did not answer in time; the payment will be checked again.",
        "code": "provider_unavailable",
    }
    [payment] = await payments_of(stripe_services, tenant, who.order.id or 0)
    assert payment.status == PaymentStatus.UNKNOWN
    order = await load_order(stripe_services, tenant, who.number)
    assert order is not None
    assert order.status == OrderStatus.PENDING
