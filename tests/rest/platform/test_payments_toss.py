"""POST /payments/toss/ready and /confirm against the fake Toss server."""

from __future__ import annotations

import base64

import httpx
import pytest

from tenantry.models.order import OrderStatus
from tenantry.models.payments import PaymentStatus
from tenantry.serving.services import Services
from tests.conftest import Factory
from tests.fake_toss import CLIENT_KEY, SECRET_KEY, FakeToss
from tests.resolvers.payments.rows import payments_of
from tests.resolvers.payments.toss_support import (
    TOTAL,
    URLS,
    confirm,
    confirm_body,
    order_status,
    ready,
    toss_order,
    toss_path,
)
from tests.support import events_of, iso


async def test_ready_answers_what_the_payment_window_needs(
    client: httpx.AsyncClient, services: Services, factory: Factory, toss: FakeToss
) -> None:
    # given
    shop, order = await toss_order(services, factory)
    # when
    first = await ready(client, shop, order.number)
    again = await ready(client, shop, order.number)
    # then
    assert first.status_code == 200, first.text
    body = first.json()
    payment_id = body["data"].pop("payment_id")
    assert body == {
        "data": {
            "clientKey": CLIENT_KEY,
            "orderId": order.number,
            "amount": 35000,
            "currency": "KRW",
            "orderName": "Mug 외 1건",
            "customerName": "John Doe",
            "customerEmail": order.email,
            "successUrl": URLS["success_url"],
            "failUrl": URLS["fail_url"],
        }
    }
    assert again.json()["data"]["payment_id"] == payment_id
    [payment] = await payments_of(services, shop.tenant, order.id)
    assert (payment.id, payment.status, payment.amount) == (
        payment_id,
        PaymentStatus.PENDING,
        35000,
    )
    assert toss.requests == []


async def test_ready_refuses_urls_that_are_not_http(
    client: httpx.AsyncClient, services: Services, factory: Factory, toss: FakeToss
) -> None:
    shop, order = await toss_order(services, factory)

    body = {"order_number": order.number, "success_url": "javascript:alert(1)", "fail_url": ""}
    response = await client.post(toss_path(shop, "ready"), json=body, headers=shop.buyer.headers)

    assert response.status_code == 422
    assert response.json() == {
        "message": "The given data was invalid.",
        "code": "parameter_invalid",
        "errors": {
            "success_url": ["The success url field must be a valid URL."],
            "fail_url": ["The fail url field must be at least 1 characters."],
        },
    }


async def test_confirm_pays_the_order_with_the_orders_amount_in_won(
    client: httpx.AsyncClient, services: Services, factory: Factory, toss: FakeToss
) -> None:
    # given: the buyer went through Toss's window for what the order owes
    shop, order = await toss_order(services, factory)
    await ready(client, shop, order.number)
    key = toss.authorize(order.number, TOTAL)
    # when
    response = await confirm(client, shop, key, order.number)
    # then
    assert response.status_code == 200, response.text
    data = response.json()["data"]
    [payment] = await payments_of(services, shop.tenant, order.id)
    assert data == {
        "id": payment.id,
        "order_number": order.number,
        "provider": "toss",
        "payment_key": key,
        "method": "card",
        "status": "succeeded",
        "amount": 35000,
        "amount_refunded": 0,
        "currency": "KRW",
        "card": {"brand": "현대", "last4": "1234"},
        "virtual_account": None,
        "receipt_url": f"https://dashboard.tosspayments.test/receipt/{key}",
        "failure_code": None,
        "failure_message": None,
        "paid_at": iso(payment.succeeded_at),
        "created_at": iso(payment.created_at),
    }
    assert await order_status(services, shop.tenant, order.number) is OrderStatus.PAID
    [seen] = toss.calls("/confirm")
    token = base64.b64encode(f"{SECRET_KEY}:".encode()).decode()
    assert seen.authorization == f"Basic {token}"
    assert seen.body == {"paymentKey": key, "orderId": order.number, "amount": 35000}
    events = await events_of(services, shop.tenant, "payment", payment.id)
    assert [event.type for event in events] == ["payment.succeeded"]


async def test_a_confirm_of_another_amount_never_reaches_toss(
    client: httpx.AsyncClient, services: Services, factory: Factory, toss: FakeToss
) -> None:
    # given
    shop, order = await toss_order(services, factory)
    key = toss.authorize(order.number, 100)
    # when
    response = await confirm(client, shop, key, order.number, 100)
    # then
    assert response.status_code == 422
    assert response.json() == {
        "message": "The given data was invalid.",
        "code": "amount_mismatch",
        "errors": {"amount": ["The amount must equal what the order owes (35000)."]},
    }
    assert toss.requests == []
    assert await order_status(services, shop.tenant, order.number) is OrderStatus.PENDING


async def test_won_have_no_fraction(
    client: httpx.AsyncClient, services: Services, factory: Factory, toss: FakeToss
) -> None:
    shop, order = await toss_order(services, factory)

    body = {**confirm_body("tgen_x", order.number), "amount": 35000.5}
    response = await client.post(toss_path(shop, "confirm"), json=body, headers=shop.buyer.headers)

    assert response.status_code == 422
    assert response.json()["errors"] == {"amount": ["The amount field must be an integer."]}
    assert toss.requests == []


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        ("REJECT_CARD_COMPANY", "card_declined"),
        ("INVALID_CARD_NUMBER", "incorrect_number"),
        ("PROVIDER_ERROR", "provider_error"),
    ],
)
async def test_tosss_refusals_become_reasons_and_a_failed_payment(
    client: httpx.AsyncClient,
    services: Services,
    factory: Factory,
    toss: FakeToss,
    code: str,
    reason: str,
) -> None:
    # given
    shop, order = await toss_order(services, factory)
    key = toss.authorize(order.number, TOTAL)
    toss.fail_next(code)
    # when
    response = await confirm(client, shop, key, order.number)
    # then
    assert response.status_code == 402
    assert response.json() == {"message": f"Failure {code} as asked. ({code})", "code": reason}
    [payment] = await payments_of(services, shop.tenant, order.id)
    assert (payment.status, payment.failure_code, payment.decline_code) == (
        PaymentStatus.FAILED,
        reason,
        code,
    )
    assert await order_status(services, shop.tenant, order.number) is OrderStatus.PENDING


async def test_a_toss_timeout_leaves_the_payment_unknown_and_a_retry_settles_it(
    client: httpx.AsyncClient, services: Services, factory: Factory, toss: FakeToss
) -> None:
    # given: Toss confirms, but its answer comes after our timeout
    shop, order = await toss_order(services, factory)
    key = toss.authorize(order.number, TOTAL)
    toss.hang()
    # when
    lost = await confirm(client, shop, key, order.number)
    # then: nothing lost, nothing guessed
    assert lost.status_code == 503
    assert lost.json() == {
        "message": "Toss Payments did not answer in time; the payment will be checked again.",
        "code": "provider_unavailable",
    }
    [payment] = await payments_of(services, shop.tenant, order.id)
    assert (payment.status, payment.reference) == (PaymentStatus.UNKNOWN, key)
    assert await order_status(services, shop.tenant, order.number) is OrderStatus.PENDING
    # when: the buyer's page retries
    retried = await confirm(client, shop, key, order.number)
    # then: Toss is asked, not confirmed twice
    assert retried.status_code == 200, retried.text
    assert retried.json()["data"]["status"] == "succeeded"
    assert await order_status(services, shop.tenant, order.number) is OrderStatus.PAID
    assert [seen.method for seen in toss.requests] == ["POST", "GET"]


async def test_a_confirm_toss_never_saw_is_confirmed_on_retry(
    client: httpx.AsyncClient, services: Services, factory: Factory, toss: FakeToss
) -> None:
    shop, order = await toss_order(services, factory)
    key = toss.authorize(order.number, TOTAL)
    toss.hang(before=True)

    lost = await confirm(client, shop, key, order.number)
    retried = await confirm(client, shop, key, order.number)

    assert lost.status_code == 503
    assert retried.status_code == 200, (retried.text, toss.requests)
    assert [(seen.method, seen.path) for seen in toss.requests] == [
        ("POST", "/v1/payments/confirm"),
        ("GET", f"/v1/payments/{key}"),
        ("POST", "/v1/payments/confirm"),
    ]
    assert await order_status(services, shop.tenant, order.number) is OrderStatus.PAID


async def test_confirming_again_with_the_same_key_answers_the_payment(
    client: httpx.AsyncClient, services: Services, factory: Factory, toss: FakeToss
) -> None:
    # given: the order paid with key
    shop, order = await toss_order(services, factory)
    key = toss.authorize(order.number, TOTAL)
    await confirm(client, shop, key, order.number)
    other = toss.authorize(order.number, TOTAL)
    # when
    reload = await confirm(client, shop, key, order.number)
    second = await confirm(client, shop, other, order.number)
    # then
    assert reload.status_code == 200
    assert reload.json()["data"]["payment_key"] == key
    assert second.status_code == 409
    assert second.json() == {"message": "This order has already been paid.", "code": "already_paid"}
    assert len(toss.calls("/confirm")) == 1


async def test_an_idempotency_key_replays_the_confirm(
    client: httpx.AsyncClient, services: Services, factory: Factory, toss: FakeToss
) -> None:
    shop, order = await toss_order(services, factory)
    key = toss.authorize(order.number, TOTAL)
    headers = {**shop.buyer.headers, "Idempotency-Key": "confirm-1"}

    first = await confirm(client, shop, key, order.number, headers=headers)
    replay = await confirm(client, shop, key, order.number, headers=headers)

    assert first.status_code == replay.status_code == 200
    assert replay.headers["Idempotent-Replayed"] == "true"
    assert replay.json() == first.json()
    assert len(toss.requests) == 1
