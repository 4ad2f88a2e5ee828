"""POST /reservation-payments/toss/ready · /toss/confirm, GET /reservation-payments/{id}/status
against the fake Toss server: each envelope, the amount check, ownership."""

from __future__ import annotations

import asyncio

import httpx

from tenantry.models.payments import PaymentStatus
from tenantry.models.reservations import ReservationStatus
from tenantry.serving.services import Services
from tests.conftest import Factory
from tests.fake_toss import CLIENT_KEY, FakeToss
from tests.resolvers.reservation_payments.support import GUEST, HOLD, PRICE, URLS, salon
from tests.resolvers.reservations.support import NOW
from tests.support import FixedClock, events_of, iso


async def test_a_member_pays_the_hold_and_the_booking_is_confirmed(
    client: httpx.AsyncClient,
    services: Services,
    factory: Factory,
    toss: FakeToss,
    clock: FixedClock,
) -> None:
    # given
    shop = await salon(services, factory, clock)
    number = await shop.hold(client)
    # when
    readied = await shop.ready(client, number)
    payment_id = readied.json()["data"]["payment_id"]
    key = toss.authorize(number, PRICE)
    confirmed = await shop.confirm(client, key, number)
    status = await client.get(
        shop.path(f"reservation-payments/{payment_id}/status"), headers=shop.buyer.headers
    )
    # then
    assert readied.status_code == 200, readied.text
    assert readied.json() == {
        "data": {
            "clientKey": CLIENT_KEY,
            "orderId": number,
            "amount": PRICE,
            "currency": "KRW",
            "orderName": "Haircut",
            "customerName": readied.json()["data"]["customerName"],
            "customerEmail": None,
            "customerMobilePhone": readied.json()["data"]["customerMobilePhone"],
            "successUrl": URLS["success_url"],
            "failUrl": URLS["fail_url"],
            "payment_id": payment_id,
            "hold_expires_at": iso(NOW + HOLD),
        }
    }
    assert confirmed.status_code == 200, confirmed.text
    [payment] = await shop.payments(number)
    expected = {
        "id": payment_id,
        "reservation_number": number,
        "reservation_status": "confirmed",
        "provider": "toss",
        "payment_key": key,
        "method": "card",
        "status": "succeeded",
        "amount": PRICE,
        "amount_refunded": 0,
        "currency": "KRW",
        "card": {"brand": payment.card_brand, "last4": payment.card_last4},
        "receipt_url": payment.details.get("receipt_url"),
        "failure_code": None,
        "failure_message": None,
        "hold_expires_at": None,
        "paid_at": iso(NOW),
        "created_at": iso(payment.created_at),
    }
    assert confirmed.json() == {"data": expected}
    assert status.json() == {"data": expected}
    booking = await shop.reservation(number)
    assert (booking.status, booking.paid_at, booking.hold_expires_at) == (
        ReservationStatus.CONFIRMED,
        NOW,
        None,
    )
    events = await events_of(services, shop.tenant, "reservation", booking.id)
    assert [event.type for event in events] == ["reservation.created", "reservation.confirmed"]
    assert [seen.body for seen in toss.calls("/confirm")] == [
        {"paymentKey": key, "orderId": number, "amount": PRICE}
    ]


async def test_staff_approval_leaves_a_paid_booking_pending(
    client: httpx.AsyncClient,
    services: Services,
    factory: Factory,
    toss: FakeToss,
    clock: FixedClock,
) -> None:
    shop = await salon(services, factory, clock, confirmation_mode="staff")
    number = await shop.hold(client)
    await shop.ready(client, number)
    confirmed = await shop.confirm(client, toss.authorize(number, PRICE), number)
    clock.moment = NOW + 2 * HOLD
    assert await shop.sweep() == 0
    booking = await shop.reservation(number)
    assert confirmed.json()["data"]["reservation_status"] == "pending"
    assert (booking.status, booking.paid_at, booking.hold_expires_at) == (
        ReservationStatus.PENDING,
        NOW,
        None,
    )


async def test_a_different_amount_never_reaches_toss(
    client: httpx.AsyncClient,
    services: Services,
    factory: Factory,
    toss: FakeToss,
    clock: FixedClock,
) -> None:
    shop = await salon(services, factory, clock)
    number = await shop.hold(client)
    key = toss.authorize(number, 100)
    response = await shop.confirm(client, key, number, amount=100)
    assert response.status_code == 422
    assert response.json()["code"] == "amount_mismatch"
    assert toss.calls("/confirm") == []
    assert (await shop.reservation(number)).status == ReservationStatus.PENDING


async def test_concurrent_confirms_of_one_payment_have_one_effect(
    client: httpx.AsyncClient,
    services: Services,
    factory: Factory,
    toss: FakeToss,
    clock: FixedClock,
) -> None:
    shop = await salon(services, factory, clock)
    number = await shop.hold(client)
    await shop.ready(client, number)
    key = toss.authorize(number, PRICE)
    answers = await asyncio.gather(*(shop.confirm(client, key, number) for _ in range(6)))
    assert {answer.status_code for answer in answers} == {200}, [a.text for a in answers]
    assert len(toss.calls("/confirm")) == 1
    [payment] = await shop.payments(number)
    assert payment.status == PaymentStatus.SUCCEEDED
    booking = await shop.reservation(number)
    events = await events_of(services, shop.tenant, "reservation", booking.id)
    assert [event.type for event in events].count("reservation.confirmed") == 1


async def test_guests_members_and_other_tenants_see_only_their_own(
    client: httpx.AsyncClient,
    services: Services,
    factory: Factory,
    toss: FakeToss,
    clock: FixedClock,
) -> None:
    shop = await salon(services, factory, clock)
    other = await salon(services, factory, clock)
    guest_number = await shop.hold(client, guest=True)
    member_number = await shop.hold(client, time="11:00")
    guest_ready = await shop.ready(client, guest_number, headers={}, phone=GUEST["phone"])
    assert guest_ready.status_code == 200, guest_ready.text
    guest_payment = guest_ready.json()["data"]["payment_id"]
    member_payment = (await shop.ready(client, member_number)).json()["data"]["payment_id"]
    stranger = await shop.buyer_of_another_member()

    def status(tenant_slug: str, payment_id: int) -> str:
        return f"/api/{tenant_slug}/reservation-payments/{payment_id}/status"

    guest_sees = await client.get(status(shop.slug, guest_payment), params={"phone": "01012345678"})
    wrong_phone = await client.get(
        status(shop.slug, guest_payment), params={"phone": "010-0000-0000"}
    )
    stranger_sees = await client.get(status(shop.slug, member_payment), headers=stranger)
    stranger_readies = await shop.ready(client, member_number, headers=stranger)
    elsewhere = await client.get(status(other.slug, member_payment), headers=other.buyer.headers)
    assert guest_sees.status_code == 200, guest_sees.text
    assert guest_sees.json()["data"]["reservation_number"] == guest_number
    for refused in (wrong_phone, stranger_sees, stranger_readies, elsewhere):
        assert refused.status_code == 404, refused.text


async def test_a_cancelled_or_unpaid_booking_is_not_payable(
    client: httpx.AsyncClient,
    services: Services,
    factory: Factory,
    toss: FakeToss,
    clock: FixedClock,
) -> None:
    shop = await salon(services, factory, clock)
    number = await shop.hold(client)
    staff = {"Authorization": f"Bearer {shop.tenant.secret_key}"}
    cancelled = await client.post(shop.path(f"reservations/{number}/cancel"), headers=staff)
    refused = await shop.ready(client, number)
    assert cancelled.status_code == 200, cancelled.text
    assert refused.status_code == 409
    assert refused.json() == {
        "message": "A cancelled reservation is not paid for.",
        "code": "reservation_not_payable",
    }
