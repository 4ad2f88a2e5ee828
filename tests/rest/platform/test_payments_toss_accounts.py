"""POST /payments/toss/virtual-account and Toss's deposit callback, POST /payments/toss/webhook."""

from __future__ import annotations

import asyncio

import httpx

from tenantry.models.order import OrderStatus
from tenantry.models.payments import PaymentStatus
from tenantry.serving.services import Services
from tests.conftest import Factory
from tests.fake_toss import FakeToss
from tests.resolvers.orders.support import history_of
from tests.resolvers.payments.rows import payments_of
from tests.resolvers.payments.toss_support import (
    TossShop,
    issue,
    order_status,
    provider_events,
    toss_order,
    toss_path,
    toss_shop,
)
from tests.support import events_of, iso


async def callback(client: httpx.AsyncClient, shop: TossShop, body: object) -> httpx.Response:
    return await client.post(toss_path(shop, "webhook"), json=body)


async def test_an_account_is_issued_for_what_the_order_owes(
    client: httpx.AsyncClient, services: Services, factory: Factory, toss: FakeToss
) -> None:
    # given
    shop, order = await toss_order(services, factory)
    # when
    response = await issue(client, shop, order.number, valid_hours=24)
    again = await issue(client, shop, order.number, valid_hours=24)
    # then
    assert response.status_code == 201, response.text
    [payment] = await payments_of(services, shop.tenant, order.id)
    key = payment.reference
    assert key is not None
    account = toss.payments[key]["virtualAccount"]
    assert response.json() == {
        "data": {
            "id": payment.id,
            "order_number": order.number,
            "provider": "toss",
            "payment_key": key,
            "method": "virtual_account",
            "status": "pending",
            "amount": 35000,
            "amount_refunded": 0,
            "currency": "KRW",
            "card": None,
            "virtual_account": {
                "account_number": account["accountNumber"],
                "bank": "20",
                "customer_name": "홍길동",
                "due_date": "2026-12-10T10:00:00+09:00",
            },
            "receipt_url": None,
            "failure_code": None,
            "failure_message": None,
            "paid_at": None,
            "created_at": iso(payment.created_at),
        }
    }
    assert again.json() == response.json()
    [seen] = toss.calls("/virtual-accounts")
    assert seen.body == {
        "amount": 35000,
        "orderId": order.number,
        "orderName": "Mug 외 1건",
        "customerName": "홍길동",
        "bank": "20",
        "validHours": 24,
        "customerEmail": order.email,
    }
    assert toss.payments[key]["secret"] not in response.text
    assert payment.details["_secret"] == toss.payments[key]["secret"]


async def test_a_deposit_callback_with_a_wrong_secret_changes_nothing(
    client: httpx.AsyncClient, services: Services, factory: Factory, toss: FakeToss
) -> None:
    # given
    shop, order = await toss_order(services, factory)
    key = (await issue(client, shop, order.number, valid_hours=24)).json()["data"]["payment_key"]
    forged = {**toss.deposit(key), "secret": "ps_guessed"}
    # when
    response = await callback(client, shop, forged)
    # then
    assert response.status_code == 400
    assert response.json() == {
        "message": "The callback's secret is not the virtual account's; it was ignored.",
        "code": "callback_secret_mismatch",
    }
    assert await order_status(services, shop.tenant, order.number) is OrderStatus.PENDING
    assert await provider_events(services, shop.tenant) == []


async def test_a_deposit_pays_the_order_once_however_often_it_is_told(
    client: httpx.AsyncClient, services: Services, factory: Factory, toss: FakeToss
) -> None:
    # given
    shop, order = await toss_order(services, factory)
    key = (await issue(client, shop, order.number, valid_hours=24)).json()["data"]["payment_key"]
    body = toss.deposit(key)
    # when: Toss's callback, and five replays of it at once
    first = await callback(client, shop, body)
    replays = await asyncio.gather(*(callback(client, shop, body) for _ in range(5)))
    answers = [first, *replays]
    # then
    assert [answer.status_code for answer in answers] == [200] * 6
    assert answers[0].json() == {"data": {"received": True}}
    assert await order_status(services, shop.tenant, order.number) is OrderStatus.PAID
    [payment] = await payments_of(services, shop.tenant, order.id)
    assert payment.status == PaymentStatus.SUCCEEDED
    assert len(await provider_events(services, shop.tenant)) == 1
    events = await events_of(services, shop.tenant, "payment", payment.id)
    assert [event.type for event in events] == ["payment.succeeded"]
    assert await history_of(services, shop.tenant, order.id) == [
        (None, "pending"),
        ("pending", "paid"),
    ]


async def test_an_expired_account_is_closed_and_the_order_stays_unpaid(
    client: httpx.AsyncClient, services: Services, factory: Factory, toss: FakeToss
) -> None:
    shop, order = await toss_order(services, factory)
    key = (await issue(client, shop, order.number, valid_hours=24)).json()["data"]["payment_key"]

    response = await callback(client, shop, toss.deposit(key, "EXPIRED"))

    assert response.status_code == 200
    [payment] = await payments_of(services, shop.tenant, order.id)
    assert payment.status == PaymentStatus.CANCELED
    assert await order_status(services, shop.tenant, order.number) is OrderStatus.PENDING


async def test_a_callback_for_an_order_of_another_tenant_is_not_found(
    client: httpx.AsyncClient, services: Services, factory: Factory, toss: FakeToss
) -> None:
    shop, order = await toss_order(services, factory)
    elsewhere = await toss_shop(services, factory)
    key = (await issue(client, shop, order.number, valid_hours=24)).json()["data"]["payment_key"]

    response = await callback(client, elsewhere, toss.deposit(key))

    assert response.status_code == 404
    assert await order_status(services, shop.tenant, order.number) is OrderStatus.PENDING
