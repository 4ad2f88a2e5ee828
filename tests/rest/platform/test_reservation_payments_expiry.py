"""A confirm after the hold lapsed charges nothing, one left unknown is settled by a retry, and
money Toss took for a hold that lapsed meanwhile is given back."""

from __future__ import annotations

import httpx

from tenantry.models.payments import PaymentStatus
from tenantry.models.reservations import ReservationStatus
from tenantry.serving.services import Services
from tests.conftest import Factory
from tests.fake_toss import FakeToss
from tests.resolvers.reservation_payments.support import HOLD, PRICE, salon
from tests.resolvers.reservations.support import NOW
from tests.support import FixedClock, events_of

REFUNDED = {
    "message": "The reservation's hold expired before its payment arrived; the payment was "
    "refunded.",
    "code": "hold_expired",
}


async def test_a_confirm_after_the_hold_lapsed_charges_nothing(
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
    clock.moment = NOW + HOLD
    late = await shop.confirm(client, key, number)
    assert late.status_code == 409
    assert late.json() == {
        "message": "The reservation's hold expired before it was paid; nothing was charged.",
        "code": "hold_expired",
    }
    assert toss.calls("/confirm") == []
    assert (await shop.ready(client, number)).json()["code"] == "hold_expired"


async def test_a_confirm_left_unknown_is_settled_by_a_retry(
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
    toss.hang()
    lost = await shop.confirm(client, key, number)
    [unknown] = await shop.payments(number)
    retried = await shop.confirm(client, key, number)
    assert lost.status_code == 503
    assert unknown.status == PaymentStatus.UNKNOWN
    assert retried.status_code == 200, retried.text
    assert retried.json()["data"]["reservation_status"] == "confirmed"
    assert len(toss.calls("/confirm")) == 1


async def test_money_taken_after_the_hold_lapsed_is_refunded(
    client: httpx.AsyncClient,
    services: Services,
    factory: Factory,
    toss: FakeToss,
    clock: FixedClock,
) -> None:
    # given: Toss took the money but its answer was lost, and the hold lapsed meanwhile
    shop = await salon(services, factory, clock)
    number = await shop.hold(client)
    await shop.ready(client, number)
    key = toss.authorize(number, PRICE)
    toss.hang()
    lost = await shop.confirm(client, key, number)
    clock.moment = NOW + HOLD
    swept = await shop.sweep()
    # when
    retried = await shop.confirm(client, key, number)
    replayed = await shop.confirm(client, key, number)
    # then
    assert (lost.status_code, swept) == (503, 1)
    assert retried.status_code == 409
    assert retried.json() == REFUNDED
    assert replayed.json() == REFUNDED
    [payment] = await shop.payments(number)
    assert (payment.status, payment.amount_refunded) == (PaymentStatus.SUCCEEDED, PRICE)
    [refund] = await shop.refunds(payment.id)
    assert (refund.amount, refund.order_id) == (PRICE, None)
    [cancel] = toss.calls("/cancel")
    assert cancel.body == {
        "cancelReason": "The reservation's hold expired before its payment arrived.",
        "cancelAmount": PRICE,
    }
    booking = await shop.reservation(number)
    assert (booking.status, booking.paid_at) == (ReservationStatus.CANCELLED, None)
    events = await events_of(services, shop.tenant, "payment", payment.id)
    assert [event.type for event in events] == ["payment.succeeded"]


async def test_a_payment_for_a_booking_staff_confirmed_meanwhile_is_kept(
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
    toss.hang()
    await shop.confirm(client, key, number)
    staff = {"Authorization": f"Bearer {shop.tenant.secret_key}"}
    await client.post(
        "/graphql",
        json={"query": f'mutation {{ confirmReservation(number: "{number}") {{ status }} }}'},
        headers={**staff, "X-Tenant": shop.slug},
    )
    retried = await shop.confirm(client, key, number)
    assert retried.status_code == 200, retried.text
    booking = await shop.reservation(number)
    assert (booking.status, booking.paid_at) == (ReservationStatus.CONFIRMED, NOW)
    events = await events_of(services, shop.tenant, "reservation", booking.id)
    assert [event.type for event in events] == ["reservation.created", "reservation.confirmed"]
    assert toss.calls("/cancel") == []


async def test_a_payment_for_a_booking_cancelled_meanwhile_is_refunded(
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
    toss.hang()
    await shop.confirm(client, key, number)
    staff = {"Authorization": f"Bearer {shop.tenant.secret_key}"}
    await client.post(shop.path(f"reservations/{number}/cancel"), headers=staff)
    retried = await shop.confirm(client, key, number)
    assert retried.status_code == 409
    assert retried.json() == {
        "message": "The reservation was cancelled before its payment arrived; the payment was "
        "refunded.",
        "code": "reservation_not_payable",
    }
    [payment] = await shop.payments(number)
    assert payment.amount_refunded == PRICE
    assert len(toss.calls("/cancel")) == 1
