"""POST /payments/toss/cancel: a merchant's full or partial cancel, through the refund path."""

from __future__ import annotations

from typing import Any

import httpx

from tenantry.models.order import OrderStatus
from tenantry.models.payments import PaymentStatus
from tenantry.serving.services import Services
from tests.conftest import Factory
from tests.fake_toss import FakeToss
from tests.resolvers.payments.rows import payments_of, refunds_of
from tests.resolvers.payments.toss_support import (
    TossShop,
    issue,
    order_row,
    order_status,
    paid,
    toss_order,
    toss_path,
)
from tests.support import events_of, iso


async def paid_order(
    client: httpx.AsyncClient, services: Services, factory: Factory, toss: FakeToss
) -> tuple[TossShop, str, str]:
    """A Toss shop whose buyer's order is paid: the shop, the order's number and paymentKey."""
    shop, order = await toss_order(services, factory)
    return shop, order.number, await paid(client, shop, toss, order)


async def cancel(
    client: httpx.AsyncClient,
    shop: TossShop,
    body: dict[str, Any],
    headers: dict[str, str] | None = None,
) -> httpx.Response:
    return await client.post(toss_path(shop, "cancel"), json=body, headers=headers or shop.admin)


async def test_a_partial_then_a_full_cancel_refund_the_order(
    client: httpx.AsyncClient, services: Services, factory: Factory, toss: FakeToss
) -> None:
    # given
    shop, number, key = await paid_order(client, services, factory, toss)
    # when: 10,000 won by order number, then the rest by payment key
    part = await cancel(
        client, shop, {"order_number": number, "cancel_reason": "Broken", "cancel_amount": 10000}
    )
    status_after_part = await order_status(services, shop.tenant, number)
    rest = await cancel(client, shop, {"payment_key": key, "cancel_reason": "Returned"})
    # then
    assert part.status_code == rest.status_code == 200, (part.text, rest.text)
    order = await order_status(services, shop.tenant, number)
    assert (status_after_part, order) == (OrderStatus.PAID, OrderStatus.REFUNDED)
    cancels = toss.payments[key]["cancels"]
    order_id = (await order_row(services, shop.tenant, number)).id
    [first, second] = await refunds_of(services, shop.tenant, order_id)
    assert part.json()["data"]["refund"] == {
        "id": first.id,
        "amount": 10000,
        "currency": "KRW",
        "reason": "Broken",
        "status": "succeeded",
        "transaction_key": cancels[0]["transactionKey"],
        "created_at": iso(first.created_at),
    }
    assert part.json()["data"]["payment"]["amount_refunded"] == 10000
    assert rest.json()["data"]["payment"]["amount_refunded"] == 35000
    assert (second.amount, second.reference) == (25000, cancels[1]["transactionKey"])
    assert [seen.body for seen in toss.calls("/cancel")] == [
        {"cancelReason": "Broken", "cancelAmount": 10000},
        {"cancelReason": "Returned", "cancelAmount": 25000},
    ]
    assert all(seen.idempotency_key for seen in toss.calls("/cancel"))
    for refund in (first, second):
        events = await events_of(services, shop.tenant, "refund", refund.id)
        assert [event.type for event in events] == ["refund.processed"]


async def test_a_member_cannot_cancel(
    client: httpx.AsyncClient, services: Services, factory: Factory, toss: FakeToss
) -> None:
    shop, number, _ = await paid_order(client, services, factory, toss)

    response = await cancel(
        client, shop, {"order_number": number, "cancel_reason": "mine"}, shop.buyer.headers
    )

    assert response.status_code == 403
    assert response.json() == {"message": "This action is unauthorized.", "code": "forbidden"}
    assert toss.calls("/cancel") == []


async def test_more_than_is_left_is_refused_before_toss_is_asked(
    client: httpx.AsyncClient, services: Services, factory: Factory, toss: FakeToss
) -> None:
    shop, number, _ = await paid_order(client, services, factory, toss)

    response = await cancel(
        client, shop, {"order_number": number, "cancel_reason": "x", "cancel_amount": 35001}
    )

    assert response.status_code == 422
    assert response.json() == {
        "message": "The given data was invalid.",
        "code": "amount_too_large",
        "errors": {
            "cancel_amount": ["The refund must not be greater than what is left to refund (35000)."]
        },
    }
    assert toss.calls("/cancel") == []


async def test_a_refused_cancel_records_nothing(
    client: httpx.AsyncClient, services: Services, factory: Factory, toss: FakeToss
) -> None:
    shop, number, _ = await paid_order(client, services, factory, toss)
    toss.fail_next("NOT_CANCELABLE_PAYMENT", 403)

    response = await cancel(client, shop, {"order_number": number, "cancel_reason": "x"})

    assert response.status_code == 402
    assert response.json() == {
        "message": "Failure NOT_CANCELABLE_PAYMENT as asked. (NOT_CANCELABLE_PAYMENT)",
        "code": "provider_error",
    }
    order_id = (await order_row(services, shop.tenant, number)).id
    assert await refunds_of(services, shop.tenant, order_id) == []
    assert await order_status(services, shop.tenant, number) is OrderStatus.PAID


async def test_an_idempotency_key_cancels_once(
    client: httpx.AsyncClient, services: Services, factory: Factory, toss: FakeToss
) -> None:
    shop, number, _ = await paid_order(client, services, factory, toss)
    body = {"order_number": number, "cancel_reason": "x", "cancel_amount": 5000}
    headers = {**shop.admin, "Idempotency-Key": "cancel-1"}

    first = await cancel(client, shop, body, headers)
    replay = await cancel(client, shop, body, headers)

    assert first.status_code == replay.status_code == 200
    assert replay.headers["Idempotent-Replayed"] == "true"
    assert replay.json() == first.json()
    assert len(toss.calls("/cancel")) == 1


async def test_cancelling_an_account_awaiting_its_deposit_closes_it(
    client: httpx.AsyncClient, services: Services, factory: Factory, toss: FakeToss
) -> None:
    # given
    shop, order = await toss_order(services, factory)
    issued = await issue(client, shop, order.number)
    key = issued.json()["data"]["payment_key"]
    # when
    response = await cancel(client, shop, {"order_number": order.number, "cancel_reason": "Late"})
    # then
    assert response.status_code == 200, response.text
    data = response.json()["data"]
    assert (data["payment"]["status"], data["refund"]) == ("canceled", None)
    [payment] = await payments_of(services, shop.tenant, order.id)
    assert payment.status == PaymentStatus.CANCELED
    assert toss.payments[key]["status"] == "CANCELED"
    assert await order_status(services, shop.tenant, order.number) is OrderStatus.PENDING
