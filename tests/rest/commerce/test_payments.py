"""Dialect B /v1/payments: the test card processor, Stripe's card errors, reads."""

from __future__ import annotations

import asyncio
import re

import httpx
import pytest

from tenantry.serving.services import Services
from tests.conftest import Factory
from tests.rest.commerce.payment_support import GOOD_CARD, b_order, card_body, key, pay
from tests.support import events_of

pytestmark = pytest.mark.usefixtures("app")

TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")


def order_id_of(order: dict[str, object]) -> int:
    return int(str(order["id"]).removeprefix("ord_"))


async def test_a_good_card_pays_the_order_and_answers_the_payment_object(
    client: httpx.AsyncClient, services: Services, factory: Factory
) -> None:
    # given
    tenant = await factory.tenant()
    order = await b_order(client, services, tenant)
    # when
    response = await pay(client, tenant, order)
    # then
    assert response.status_code == 200, response.text
    body = response.json()
    assert re.fullmatch(r"pay_\d+", body["id"])
    assert TIME.fullmatch(body["created_at"])
    assert TIME.fullmatch(body["succeeded_at"])
    assert body == {
        "id": body["id"],
        "object": "payment",
        "order_id": order["id"],
        "amount": 5998,
        "amount_refunded": 0,
        "currency": "usd",
        "status": "succeeded",
        "payment_method": "card",
        "card": {"brand": "visa", "last4": "4242", "exp_month": 12, "exp_year": 2099},
        "provider": "test_card",
        "failure_code": None,
        "decline_code": None,
        "failure_message": None,
        "created_at": body["created_at"],
        "succeeded_at": body["succeeded_at"],
    }
    paid = (await client.get(f"/v1/orders/{order['id']}", headers=key(tenant))).json()
    assert paid["status"] == "paid"
    [event] = await events_of(services, tenant, "payment", int(body["id"][4:]))
    assert (event.type, event.data) == ("payment.succeeded", body)
    order_events = await events_of(services, tenant, "order", order_id_of(order))
    assert [e.type for e in order_events] == ["order.created", "order.updated"]
    assert order_events[-1].data["status"] == "paid"


@pytest.mark.parametrize(
    ("number", "code", "decline_code", "message", "param"),
    [
        ("4000000000000002", "card_declined", "generic_decline", "Your card was declined.", None),
        (
            "4000000000009995",
            "card_declined",
            "insufficient_funds",
            "Your card has insufficient funds.",
            None,
        ),
        ("4000000000000069", "expired_card", "expired_card", "Your card has expired.", None),
        (
            "4000000000000127",
            "incorrect_cvc",
            "incorrect_cvc",
            "Your card's security code is incorrect.",
            "card[cvc]",
        ),
        ("4242424242424241", "incorrect_number", None, "Your card number is incorrect.", None),
    ],
)
async def test_a_declined_card_is_a_402_card_error_and_a_failed_payment(
    client: httpx.AsyncClient,
    services: Services,
    factory: Factory,
    number: str,
    code: str,
    decline_code: str | None,
    message: str,
    param: str | None,
) -> None:
    tenant = await factory.tenant()
    order = await b_order(client, services, tenant)

    response = await pay(client, tenant, order, {**GOOD_CARD, "number": number})

    assert response.status_code == 402, response.text
    error = response.json()["error"]
    expected_param = "card[number]" if code == "incorrect_number" else param
    assert error == {
        "type": "card_error",
        "code": code,
        "decline_code": decline_code,
        "message": message,
        "param": expected_param,
        "payment": error["payment"],
    }
    failed = (await client.get(f"/v1/payments/{error['payment']}", headers=key(tenant))).json()
    assert (failed["status"], failed["failure_code"], failed["decline_code"]) == (
        "failed",
        code,
        decline_code,
    )
    assert failed["card"]["last4"] == number[-4:]
    [event] = await events_of(services, tenant, "payment", int(error["payment"][4:]))
    assert event.type == "payment.failed"
    still = (await client.get(f"/v1/orders/{order['id']}", headers=key(tenant))).json()
    assert still["status"] == "pending"


async def test_a_past_expiry_is_expired_card(
    client: httpx.AsyncClient, services: Services, factory: Factory
) -> None:
    tenant = await factory.tenant()
    order = await b_order(client, services, tenant)

    response = await pay(client, tenant, order, {**GOOD_CARD, "exp_year": 2020})

    assert response.status_code == 402
    error = response.json()["error"]
    assert (error["code"], error["decline_code"], error["param"]) == (
        "expired_card",
        "expired_card",
        "card[exp_year]",
    )


async def test_a_declined_order_can_be_paid_with_another_card(
    client: httpx.AsyncClient, services: Services, factory: Factory
) -> None:
    tenant = await factory.tenant()
    order = await b_order(client, services, tenant)
    declined = await pay(client, tenant, order, {**GOOD_CARD, "number": "4000000000000002"})

    paid = await pay(client, tenant, order)

    assert (declined.status_code, paid.status_code) == (402, 200)
    listed = (await client.get(f"/v1/payments?order_id={order['id']}", headers=key(tenant))).json()
    assert [p["status"] for p in listed["data"]] == ["succeeded", "failed"]
    assert (listed["total"], listed["has_more"]) == (2, False)


@pytest.mark.parametrize(
    ("change", "param", "code"),
    [
        ({"amount": 1}, "amount", "amount_mismatch"),
        ({"currency": "eur"}, "currency", "currency_mismatch"),
    ],
)
async def test_an_amount_or_currency_other_than_the_order_s_charges_nothing(
    client: httpx.AsyncClient,
    services: Services,
    factory: Factory,
    change: dict[str, object],
    param: str,
    code: str,
) -> None:
    tenant = await factory.tenant()
    order = await b_order(client, services, tenant)

    response = await client.post(
        "/v1/payments", json={**card_body(order), **change}, headers=key(tenant)
    )

    assert response.status_code == 400
    error = response.json()["error"]
    assert (error["type"], error["code"], error["param"]) == ("invalid_request_error", code, param)
    listed = (await client.get("/v1/payments", headers=key(tenant))).json()
    assert listed == {"data": [], "has_more": False, "total": 0}


async def test_the_amount_and_currency_may_be_left_out(
    client: httpx.AsyncClient, services: Services, factory: Factory
) -> None:
    tenant = await factory.tenant()
    order = await b_order(client, services, tenant)

    body = {"order_id": order["id"], "payment_method": "card", "card": GOOD_CARD}
    response = await client.post("/v1/payments", json=body, headers=key(tenant))

    assert (response.status_code, response.json()["amount"]) == (200, order["total"])


@pytest.mark.parametrize("first", ["4242424242424242", None])
async def test_a_paid_or_cancelled_order_cannot_be_paid(
    client: httpx.AsyncClient, services: Services, factory: Factory, first: str | None
) -> None:
    tenant = await factory.tenant()
    order = await b_order(client, services, tenant)
    if first:
        await pay(client, tenant, order)
    else:
        await client.post(f"/v1/orders/{order['id']}/cancel", headers=key(tenant))

    response = await pay(client, tenant, order)

    assert response.status_code == 409
    expected = "already_paid" if first else "order_not_payable"
    assert response.json()["error"]["code"] == expected


async def test_an_order_of_another_tenant_is_a_missing_order_id(
    client: httpx.AsyncClient, services: Services, factory: Factory
) -> None:
    tenant, other = await factory.tenant(), await factory.tenant()
    theirs = await b_order(client, services, other)

    response = await pay(client, tenant, theirs)

    assert response.status_code == 400
    assert response.json() == {
        "error": {
            "type": "invalid_request_error",
            "message": f"No such order: '{theirs['id']}'",
            "param": "order_id",
            "code": "resource_missing",
        }
    }
    theirs_now = (await client.get(f"/v1/orders/{theirs['id']}", headers=key(other))).json()
    assert theirs_now["status"] == "pending"


@pytest.mark.parametrize("order_id", ["ord_999999", "prod_1", "ord_x", 7])
async def test_an_order_id_that_names_nothing_is_400(
    client: httpx.AsyncClient, factory: Factory, order_id: object
) -> None:
    tenant = await factory.tenant()
    body = {"order_id": order_id, "payment_method": "card", "card": GOOD_CARD}

    response = await client.post("/v1/payments", json=body, headers=key(tenant))

    assert response.status_code == 400
    error = response.json()["error"]
    assert (error["param"], error["code"]) == ("order_id", "resource_missing")


@pytest.mark.parametrize(
    ("card", "param"),
    [
        ({**GOOD_CARD, "exp_month": 13}, "card.exp_month"),
        ({**GOOD_CARD, "cvc": "12"}, "card.cvc"),
        ({k: v for k, v in GOOD_CARD.items() if k != "number"}, "card.number"),
    ],
)
async def test_an_invalid_card_field_is_named(
    client: httpx.AsyncClient,
    services: Services,
    factory: Factory,
    card: dict[str, object],
    param: str,
) -> None:
    tenant = await factory.tenant()
    order = await b_order(client, services, tenant)

    response = await pay(client, tenant, order, card)

    assert response.status_code == 400
    assert response.json()["error"]["param"] == param


async def test_only_card_is_a_payment_method(
    client: httpx.AsyncClient, services: Services, factory: Factory
) -> None:
    tenant = await factory.tenant()
    order = await b_order(client, services, tenant)

    response = await client.post(
        "/v1/payments", json=card_body(order, payment_method="bitcoin"), headers=key(tenant)
    )

    assert (response.status_code, response.json()["error"]["param"]) == (400, "payment_method")


async def test_a_publishable_key_cannot_take_payments(
    client: httpx.AsyncClient, services: Services, factory: Factory
) -> None:
    tenant = await factory.tenant()
    order = await b_order(client, services, tenant)

    response = await client.post(
        "/v1/payments",
        json=card_body(order),
        headers={"Authorization": f"Bearer {tenant.publishable_key}"},
    )

    assert response.status_code == 401
    assert response.json()["error"]["type"] == "authentication_error"


async def test_twenty_payments_of_one_order_at_once_take_it_once(
    client: httpx.AsyncClient, services: Services, factory: Factory
) -> None:
    tenant = await factory.tenant()
    order = await b_order(client, services, tenant)

    responses = await asyncio.gather(
        *(pay(client, tenant, order, **{"Idempotency-Key": f"k-{n}"}) for n in range(20))
    )

    statuses = sorted(response.status_code for response in responses)
    assert statuses == [200] + [409] * 19
    assert {r.json()["error"]["code"] for r in responses if r.status_code == 409} == {
        "already_paid"
    }
    listed = (await client.get("/v1/payments", headers=key(tenant))).json()
    assert [p["status"] for p in listed["data"]] == ["succeeded"]
    succeeded = [
        e
        for e in await events_of(services, tenant, "order", order_id_of(order))
        if e.type == "order.updated"
    ]
    assert len(succeeded) == 1


async def test_twenty_payments_with_one_key_at_once_are_one_payment(
    client: httpx.AsyncClient, services: Services, factory: Factory
) -> None:
    tenant = await factory.tenant()
    order = await b_order(client, services, tenant)

    responses = await asyncio.gather(
        *(pay(client, tenant, order, **{"Idempotency-Key": "same"}) for _ in range(20))
    )

    assert {response.status_code for response in responses} == {200}
    assert len({response.json()["id"] for response in responses}) == 1
    assert sum(r.headers.get("Idempotent-Replayed") == "true" for r in responses) == 19


async def test_a_declined_payment_replays_its_decline(
    client: httpx.AsyncClient, services: Services, factory: Factory
) -> None:
    tenant = await factory.tenant()
    order = await b_order(client, services, tenant)
    declined = {**GOOD_CARD, "number": "4000000000000002"}
    first = await pay(client, tenant, order, declined, **{"Idempotency-Key": "k"})

    again = await pay(client, tenant, order, declined, **{"Idempotency-Key": "k"})
    other = await pay(client, tenant, order, **{"Idempotency-Key": "k"})

    assert (first.status_code, again.status_code) == (402, 402)
    assert again.json() == first.json()
    assert other.status_code == 400
    assert other.json()["error"]["type"] == "idempotency_error"
    listed = (await client.get("/v1/payments", headers=key(tenant))).json()
    assert listed["total"] == 1


async def test_payments_are_listed_newest_first_and_paged(
    client: httpx.AsyncClient, services: Services, factory: Factory
) -> None:
    tenant = await factory.tenant()
    paid = []
    for _ in range(3):
        order = await b_order(client, services, tenant)
        paid.append((await pay(client, tenant, order)).json()["id"])

    first = (await client.get("/v1/payments?limit=2", headers=key(tenant))).json()
    second = (await client.get("/v1/payments?limit=2&page=2", headers=key(tenant))).json()

    assert [p["id"] for p in first["data"]] == paid[::-1][:2]
    assert (first["has_more"], first["total"]) == (True, 3)
    assert [p["id"] for p in second["data"]] == paid[:1]
    assert second["has_more"] is False


@pytest.mark.parametrize("raw", ["pay_999999", "pay_abc", "ord_1", "0"])
async def test_an_unknown_payment_is_404(
    client: httpx.AsyncClient, factory: Factory, raw: str
) -> None:
    tenant = await factory.tenant()

    response = await client.get(f"/v1/payments/{raw}", headers=key(tenant))

    assert response.status_code == 404
    assert response.json() == {
        "error": {
            "type": "invalid_request_error",
            "message": f"No such payment: '{raw}'",
            "param": "id",
            "code": "resource_missing",
        }
    }


async def test_another_tenant_s_payment_is_404(
    client: httpx.AsyncClient, services: Services, factory: Factory
) -> None:
    tenant, other = await factory.tenant(), await factory.tenant()
    order = await b_order(client, services, other)
    theirs = (await pay(client, other, order)).json()["id"]

    response = await client.get(f"/v1/payments/{theirs}", headers=key(tenant))

    assert response.status_code == 404


async def test_zero_decimal_currencies_are_charged_in_whole_units(
    client: httpx.AsyncClient, services: Services, factory: Factory
) -> None:
    tenant = await factory.tenant(currency="KRW")
    order = await b_order(client, services, tenant, price=25000, quantity=2)

    response = await pay(client, tenant, order)

    assert response.status_code == 200, response.text
    assert (response.json()["amount"], response.json()["currency"]) == (50000, "krw")
