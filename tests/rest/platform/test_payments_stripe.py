"""POST /payments/stripe/intent · /confirm · /checkout · /verify: envelopes, access, refusals."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tenantry.models.order import OrderStatus
from tenantry.models.payments import Payment
from tenantry.serving.services import Services
from tests.conftest import Factory
from tests.resolvers.orders.support import load_order, move
from tests.resolvers.payments.rows import payments_of
from tests.resolvers.payments.stripe_front import StripeFront
from tests.resolvers.payments.stripe_support import (
    PUBLISHABLE_KEY,
    buyer,
    intent_of,
    pay_checkout,
    pay_in_browser,
    post_stripe,
    session_of,
    shop_and_buyer,
)
from tests.support import iso, member_headers

pytestmark = pytest.mark.usefixtures("app")


def payment_json(row: Payment) -> dict[str, Any]:
    return {
        "id": row.id,
        "provider": "stripe",
        "method": row.method,
        "status": str(row.status),
        "amount": row.amount,
        "amount_refunded": row.amount_refunded,
        "currency": row.currency,
        "payment_intent_id": row.reference,
        "session_id": row.session_reference,
        "failure_code": row.failure_code,
        "decline_code": row.decline_code,
        "failure_message": row.failure_message,
        "paid_at": iso(row.succeeded_at),
        "created_at": iso(row.created_at),
    }


async def test_intent_answers_the_client_secret_and_the_pending_payment(
    stripe_http: httpx.AsyncClient, stripe_services: Services, factory: Factory
) -> None:
    # given
    tenant, who = await shop_and_buyer(stripe_services, factory)
    # when
    response = await post_stripe(stripe_http, tenant, "intent", who.by_number, who.headers)
    # then
    assert response.status_code == 201, response.text
    [payment] = await payments_of(stripe_services, tenant, who.order.id or 0)
    intent_id = payment.reference
    assert intent_id is not None
    data = response.json()["data"]
    assert data["client_secret"].startswith(f"{intent_id}_secret_")
    assert response.json() == {
        "data": {
            "client_secret": data["client_secret"],
            "payment_intent_id": intent_id,
            "amount": who.order.total,
            "currency": "usd",
            "publishable_key": PUBLISHABLE_KEY,
            "order_number": who.number,
            "order_status": "pending",
            "status": "pending",
            "payment": {
                "id": payment.id,
                "provider": "stripe",
                "method": "card",
                "status": "pending",
                "amount": who.order.total,
                "amount_refunded": 0,
                "currency": "USD",
                "payment_intent_id": intent_id,
                "session_id": None,
                "failure_code": None,
                "decline_code": None,
                "failure_message": None,
                "paid_at": None,
                "created_at": iso(payment.created_at),
            },
        }
    }


async def test_an_idempotency_key_replays_the_intent(
    stripe_http: httpx.AsyncClient, stripe_services: Services, factory: Factory
) -> None:
    tenant, who = await shop_and_buyer(stripe_services, factory)
    headers = {**who.headers, "Idempotency-Key": "intent-1"}

    first = await post_stripe(stripe_http, tenant, "intent", who.by_number, headers)
    again = await post_stripe(stripe_http, tenant, "intent", who.by_number, headers)

    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again.headers["Idempotent-Replayed"] == "true"


async def test_confirm_after_the_browser_paid_marks_the_order_paid(
    stripe_http: httpx.AsyncClient,
    stripe_services: Services,
    stripe_emulator: StripeFront,
    factory: Factory,
) -> None:
    tenant, who = await shop_and_buyer(stripe_services, factory)
    intent_id = await intent_of(stripe_http, tenant, who)
    await pay_in_browser(stripe_emulator, intent_id)

    response = await post_stripe(
        stripe_http, tenant, "confirm", who.confirm(intent_id), who.headers
    )

    assert response.status_code == 200, response.text
    [payment] = await payments_of(stripe_services, tenant, who.order.id or 0)
    assert payment.succeeded_at is not None
    assert response.json() == {
        "data": {
            "order_number": who.number,
            "order_status": "paid",
            "status": "succeeded",
            "payment": payment_json(payment),
        }
    }


async def test_confirm_before_paying_answers_the_payment_still_pending(
    stripe_http: httpx.AsyncClient, stripe_services: Services, factory: Factory
) -> None:
    tenant, who = await shop_and_buyer(stripe_services, factory)
    intent_id = await intent_of(stripe_http, tenant, who)

    response = await post_stripe(
        stripe_http, tenant, "confirm", who.confirm(intent_id), who.headers
    )

    assert response.status_code == 200
    assert (response.json()["data"]["status"], response.json()["data"]["order_status"]) == (
        "pending",
        "pending",
    )


async def test_confirm_of_an_intent_of_another_order_is_not_found(
    stripe_http: httpx.AsyncClient,
    stripe_services: Services,
    stripe_emulator: StripeFront,
    factory: Factory,
) -> None:
    tenant, who = await shop_and_buyer(stripe_services, factory)
    other = await buyer(stripe_services, tenant)
    intent_id = await intent_of(stripe_http, tenant, other)
    await pay_in_browser(stripe_emulator, intent_id)

    response = await post_stripe(
        stripe_http, tenant, "confirm", who.confirm(intent_id), who.headers
    )

    assert response.status_code == 404
    assert response.json() == {"message": "Payment not found.", "code": "resource_missing"}
    order = await load_order(stripe_services, tenant, who.number)
    assert order is not None
    assert order.status == OrderStatus.PENDING


async def test_checkout_answers_the_url_and_verify_settles_the_paid_session(
    stripe_http: httpx.AsyncClient,
    stripe_services: Services,
    stripe_emulator: StripeFront,
    factory: Factory,
) -> None:
    # given
    tenant, who = await shop_and_buyer(stripe_services, factory)
    made = await post_stripe(stripe_http, tenant, "checkout", who.checkout, who.headers)
    assert made.status_code == 201, made.text
    session_id = made.json()["data"]["session_id"]
    [opened] = await payments_of(stripe_services, tenant, who.order.id or 0)
    assert made.json() == {
        "data": {
            "url": f"{stripe_emulator.url}/pay/{session_id}",
            "session_id": session_id,
            "order_number": who.number,
            "order_status": "pending",
            "status": "pending",
            "payment": payment_json(opened),
        }
    }
    assert (opened.method, opened.session_reference, opened.reference) == (
        "checkout",
        session_id,
        None,
    )
    # when: the buyer pays on Stripe's page and comes back
    paid = await pay_checkout(stripe_emulator, session_id)
    response = await post_stripe(
        stripe_http, tenant, "verify", {"session_id": session_id}, who.headers
    )
    # then
    assert response.status_code == 200, response.text
    [payment] = await payments_of(stripe_services, tenant, who.order.id or 0)
    assert payment.reference == paid["payment_intent"]
    assert response.json() == {
        "data": {
            "order_number": who.number,
            "order_status": "paid",
            "status": "succeeded",
            "payment": payment_json(payment),
        }
    }


async def test_verify_of_an_unpaid_session_changes_nothing(
    stripe_http: httpx.AsyncClient, stripe_services: Services, factory: Factory
) -> None:
    tenant, who = await shop_and_buyer(stripe_services, factory)
    session_id = await session_of(stripe_http, tenant, who)

    response = await post_stripe(
        stripe_http, tenant, "verify", {"session_id": session_id}, who.headers
    )

    assert (response.json()["data"]["status"], response.json()["data"]["order_status"]) == (
        "pending",
        "pending",
    )


@pytest.mark.parametrize("field", ["success_url", "cancel_url"])
@pytest.mark.parametrize("url", ["javascript:alert(1)", "ftp://shop.example/x", "not a url"])
async def test_checkout_urls_must_be_http(
    stripe_http: httpx.AsyncClient,
    stripe_services: Services,
    factory: Factory,
    field: str,
    url: str,
) -> None:
    tenant, who = await shop_and_buyer(stripe_services, factory)
    body = {**who.checkout, field: url}

    response = await post_stripe(stripe_http, tenant, "checkout", body, who.headers)

    assert response.status_code == 422
    assert response.json()["code"] == "parameter_invalid"
    assert list(response.json()["errors"]) == [field]
    assert await payments_of(stripe_services, tenant, who.order.id or 0) == []


@pytest.mark.parametrize("path", ["intent", "checkout"])
@pytest.mark.parametrize(
    ("status", "code"),
    [(OrderStatus.PAID, "already_paid"), (OrderStatus.CANCELLED, "order_not_payable")],
)
async def test_a_paid_or_cancelled_order_is_refused(
    stripe_http: httpx.AsyncClient,
    stripe_services: Services,
    factory: Factory,
    path: str,
    status: OrderStatus,
    code: str,
) -> None:
    tenant, who = await shop_and_buyer(stripe_services, factory)
    await move(stripe_services, tenant, who.number, status)

    response = await post_stripe(stripe_http, tenant, path, who.checkout, who.headers)

    assert response.status_code == 409
    assert response.json()["code"] == code
    assert await payments_of(stripe_services, tenant, who.order.id or 0) == []


async def test_every_route_answers_another_members_or_tenants_order_as_not_found(
    stripe_http: httpx.AsyncClient,
    stripe_services: Services,
    stripe_emulator: StripeFront,
    factory: Factory,
) -> None:
    # given: an order with an intent and a checkout session, and two strangers to it
    tenant, who = await shop_and_buyer(stripe_services, factory)
    intent_id = await intent_of(stripe_http, tenant, who)
    session_id = await session_of(stripe_http, tenant, who)
    await pay_in_browser(stripe_emulator, intent_id)
    _, stranger = await member_headers(stripe_services, tenant)
    elsewhere, outsider = await shop_and_buyer(stripe_services, factory)
    bodies = {
        "intent": who.by_number,
        "confirm": who.confirm(intent_id),
        "checkout": who.checkout,
        "verify": {"session_id": session_id},
    }
    # when
    answers = [
        await post_stripe(stripe_http, shop, path, body, headers)
        for path, body in bodies.items()
        for shop, headers in ((tenant, stranger), (elsewhere, outsider.headers))
    ]
    # then
    assert [answer.status_code for answer in answers] == [404] * 8
    assert {answer.json()["code"] for answer in answers} == {"resource_missing"}
    order = await load_order(stripe_services, tenant, who.number)
    assert order is not None
    assert order.status == OrderStatus.PENDING
    assert len(await payments_of(stripe_services, tenant, who.order.id or 0)) == 2


async def test_without_credentials_the_intent_is_401(
    stripe_http: httpx.AsyncClient, stripe_services: Services, factory: Factory
) -> None:
    tenant, who = await shop_and_buyer(stripe_services, factory)

    response = await post_stripe(stripe_http, tenant, "intent", who.by_number, {})

    assert response.status_code == 401
    assert response.json() == {"message": "Unauthenticated.", "code": "unauthenticated"}


async def test_a_shop_without_stripe_answers_400(
    stripe_http: httpx.AsyncClient, stripe_services: Services, factory: Factory
) -> None:
    tenant = await factory.tenant()
    who = await buyer(stripe_services, tenant)

    response = await post_stripe(stripe_http, tenant, "intent", who.by_number, who.headers)

    assert response.status_code == 400
    assert response.json() == {
        "message": "This site does not take payments through Stripe.",
        "code": "provider_not_configured",
    }
