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
from tests.conftest import Factory
from tests.resolvers.orders.support import load_order
from tests.resolvers.payments.rows import payments_of, refunds_of
from tests.resolvers.payments.stripe_front import StripeFront, silent_server
from tests.resolvers.payments.stripe_support import (
    SUCCESS_URL,
    admin_headers,
    paid_order,
    post_stripe,
    shop_and_buyer,
    silent_settings,
)

pytestmark = pytest.mark.usefixtures("app")

REUSED = (
    "Keys for idempotent requests can only be used with the same parameters they were first "
    "used with."
)


async def test_a_repeated_checkout_replays_the_first_session(
    stripe_http: httpx.AsyncClient, stripe_services: Services, factory: Factory
) -> None:
    tenant, who = await shop_and_buyer(stripe_services, factory)
    body = who.checkout
    headers = {**who.headers, "Idempotency-Key": "checkout-1"}

    first = await post_stripe(stripe_http, tenant, "checkout", body, headers)
    again = await post_stripe(stripe_http, tenant, "checkout", body, headers)
    other = await post_stripe(
        stripe_http, tenant, "checkout", {**body, "cancel_url": SUCCESS_URL}, headers
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
    tenant, who = await shop_and_buyer(stripe_services, factory)
    await paid_order(stripe_http, stripe_emulator, tenant, who)
    headers = {**admin_headers(tenant), "Idempotency-Key": "refund-1"}
    body = {"order_number": who.number, "amount": 400}

    first = await post_stripe(stripe_http, tenant, "refund", body, headers)
    again = await post_stripe(stripe_http, tenant, "refund", body, headers)

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
        settings = silent_settings(stripe_services, silent)
        app = create_app(settings, services=replace(stripe_services, settings=settings))
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
            yield http


async def test_stripe_not_answering_keeps_the_payment_unknown_and_answers_503(
    silent_http: httpx.AsyncClient, stripe_services: Services, factory: Factory
) -> None:
    tenant, who = await shop_and_buyer(stripe_services, factory)

    response = await post_stripe(silent_http, tenant, "intent", who.by_number, who.headers)

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
