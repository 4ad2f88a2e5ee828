"""readyReservationTossPayment, confirmReservationTossPayment and reservationPayment against the
fake Toss server: the domain functions the REST paths call, seen through GraphQL."""

from __future__ import annotations

import httpx

from tenantry.serving.services import Services
from tests.conftest import Factory
from tests.fake_toss import CLIENT_KEY, FakeToss
from tests.resolvers.reservation_payments.support import GUEST, HOLD, PRICE, URLS, salon
from tests.resolvers.reservations.support import NOW
from tests.support import FixedClock, graphql

READY = """
mutation Ready($input: ReadyReservationTossPaymentInput!) {
  readyReservationTossPayment(input: $input) {
    clientKey orderId amount currency orderName customerMobilePhone successUrl failUrl
    payment { id status amount reservation { number status } }
  }
}
"""

CONFIRM = """
mutation Confirm($input: ConfirmReservationTossPaymentInput!, $key: String) {
  confirmReservationTossPayment(input: $input, idempotencyKey: $key) {
    id status amount amountRefunded paymentKey paidAt
    reservation { number status paidAt holdExpiresAt }
  }
}
"""

STATUS = """
query Status($id: ID!, $phone: String) {
  reservationPayment(id: $id, phone: $phone) { id status reservation { number status } }
}
"""


async def test_a_guest_pays_the_hold_over_graphql(
    client: httpx.AsyncClient,
    services: Services,
    factory: Factory,
    toss: FakeToss,
    clock: FixedClock,
) -> None:
    # given
    shop = await salon(services, factory, clock)
    number = await shop.hold(client, guest=True)
    phone = GUEST["phone"]
    # when
    ready = await graphql(
        client,
        READY,
        {"input": {"reservationNumber": number, "phone": phone, **_camel(URLS)}},
        tenant=shop.slug,
    )
    payment_id = ready["data"]["readyReservationTossPayment"]["payment"]["id"]
    key = toss.authorize(number, PRICE)
    confirm_input = {"paymentKey": key, "orderId": number, "amount": PRICE, "phone": phone}
    confirmed = await graphql(
        client, CONFIRM, {"input": confirm_input, "key": "pay-1"}, tenant=shop.slug
    )
    replayed = await graphql(
        client, CONFIRM, {"input": confirm_input, "key": "pay-1"}, tenant=shop.slug
    )
    seen = await graphql(client, STATUS, {"id": payment_id, "phone": phone}, tenant=shop.slug)
    hidden = await graphql(client, STATUS, {"id": payment_id}, tenant=shop.slug)
    # then
    assert ready == {
        "data": {
            "readyReservationTossPayment": {
                "clientKey": CLIENT_KEY,
                "orderId": number,
                "amount": PRICE,
                "currency": "KRW",
                "orderName": "Haircut",
                "customerMobilePhone": phone,
                "successUrl": URLS["success_url"],
                "failUrl": URLS["fail_url"],
                "payment": {
                    "id": payment_id,
                    "status": "PENDING",
                    "amount": PRICE,
                    "reservation": {"number": number, "status": "PENDING"},
                },
            }
        }
    }
    paid = {
        "id": payment_id,
        "status": "SUCCEEDED",
        "amount": PRICE,
        "amountRefunded": 0,
        "paymentKey": key,
        "paidAt": NOW.isoformat(),
        "reservation": {
            "number": number,
            "status": "CONFIRMED",
            "paidAt": NOW.isoformat(),
            "holdExpiresAt": None,
        },
    }
    assert confirmed == {"data": {"confirmReservationTossPayment": paid}}
    assert replayed == confirmed
    assert len(toss.calls("/confirm")) == 1
    assert seen == {
        "data": {
            "reservationPayment": {
                "id": payment_id,
                "status": "SUCCEEDED",
                "reservation": {"number": number, "status": "CONFIRMED"},
            }
        }
    }
    assert hidden["errors"][0]["extensions"]["code"] == "NOT_FOUND"


async def test_amount_mismatch_and_a_lapsed_hold_over_graphql(
    client: httpx.AsyncClient,
    services: Services,
    factory: Factory,
    toss: FakeToss,
    clock: FixedClock,
) -> None:
    shop = await salon(services, factory, clock)
    number = await shop.hold(client)
    key = toss.authorize(number, PRICE)
    wrong = {"paymentKey": key, "orderId": number, "amount": PRICE - 1}
    mismatch = await graphql(
        client, CONFIRM, {"input": wrong}, tenant=shop.slug, bearer=shop.buyer.token
    )
    clock.moment = NOW + HOLD
    right = {**wrong, "amount": PRICE}
    lapsed = await graphql(
        client, CONFIRM, {"input": right}, tenant=shop.slug, bearer=shop.buyer.token
    )
    [mismatch_error] = mismatch["errors"]
    [lapsed_error] = lapsed["errors"]
    assert mismatch_error["extensions"]["code"] == "BAD_USER_INPUT"
    assert mismatch_error["extensions"]["reason"] == "amount_mismatch"
    assert lapsed_error["extensions"]["code"] == "CONFLICT"
    assert lapsed_error["extensions"]["reason"] == "hold_expired"
    assert toss.calls("/confirm") == []


def _camel(values: dict[str, str]) -> dict[str, str]:
    return {"successUrl": values["success_url"], "failUrl": values["fail_url"]}
