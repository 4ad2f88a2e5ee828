"""POST /api/{tenant}/payments/stripe/webhook: signed by the SDK's own helper, posted to the
real route. A valid event has one effect, however often and however concurrently it comes."""

from __future__ import annotations

import asyncio
import json

import httpx
import pytest

from tenantry.models.order import OrderStatus
from tenantry.models.payments import PaymentStatus
from tenantry.resolvers.events import PAYMENT_FAILED, PAYMENT_SUCCEEDED
from tenantry.serving.services import Services
from tests.conftest import Factory, TenantFixture
from tests.resolvers.orders.support import history_of, load_order
from tests.resolvers.payments.rows import payments_of
from tests.resolvers.payments.stripe_front import StripeFront
from tests.resolvers.payments.stripe_support import (
    Buyer,
    event,
    handled_events,
    paid_in_browser,
    pay_checkout,
    post_stripe,
    post_webhook,
    session_of,
    shop_and_buyer,
    signed,
    stripe_object,
    stripe_shop,
)
from tests.support import events_of

pytestmark = pytest.mark.usefixtures("app")

BAD_SIGNATURE = {
    "message": "The Stripe-Signature header does not match this payload.",
    "code": "webhook_signature_invalid",
}


async def effects(services: Services, tenant: TenantFixture, who: Buyer) -> tuple[object, ...]:
    """What paying changes: the payment's status and events, the order's status history."""
    [payment] = await payments_of(services, tenant, who.order.id or 0)
    types = [row.type for row in await events_of(services, tenant, "payment", payment.id)]
    order = await load_order(services, tenant, who.number)
    assert order is not None
    history = await history_of(services, tenant, who.order.id)
    return payment.status, types, order.status, history


async def test_a_valid_event_has_exactly_one_effect_even_sent_ten_times(
    stripe_http: httpx.AsyncClient,
    stripe_services: Services,
    stripe_emulator: StripeFront,
    factory: Factory,
) -> None:
    # given: the buyer paid in the browser and nobody confirmed
    tenant, who = await shop_and_buyer(stripe_services, factory)
    intent = await paid_in_browser(stripe_http, stripe_emulator, tenant, who)
    payload, headers = signed(event("payment_intent.succeeded", intent))
    # when: Stripe delivers it, then repeats it ten times, five of them at once
    first = await post_webhook(stripe_http, tenant, payload, headers)
    again = [await post_webhook(stripe_http, tenant, payload, headers) for _ in range(5)]
    again += await asyncio.gather(
        *(post_webhook(stripe_http, tenant, payload, headers) for _ in range(5))
    )
    # then
    assert first.status_code == 200, first.text
    assert first.json() == {"data": {"received": True}}
    assert [answer.status_code for answer in again] == [200] * 10
    assert await effects(stripe_services, tenant, who) == (
        PaymentStatus.SUCCEEDED,
        [PAYMENT_SUCCEEDED],
        OrderStatus.PAID,
        [(None, "pending"), ("pending", "paid")],
    )
    assert len(await handled_events(stripe_services, tenant)) == 1


@pytest.mark.parametrize("change", ["tampered", "stale", "other_secret", "unsigned", "garbled"])
async def test_a_bad_signature_is_400_and_changes_nothing(
    stripe_http: httpx.AsyncClient,
    stripe_services: Services,
    stripe_emulator: StripeFront,
    factory: Factory,
    change: str,
) -> None:
    # given
    tenant, who = await shop_and_buyer(stripe_services, factory)
    intent = await paid_in_browser(stripe_http, stripe_emulator, tenant, who)
    body = event("payment_intent.succeeded", intent)
    payload, headers = signed(body, age=301 if change == "stale" else 0)
    if change == "tampered":
        payload = json.dumps({**body, "id": "evt_forged"}).encode()
    elif change == "other_secret":
        payload, headers = signed(body, secret="whsec_someone_else")
    elif change == "unsigned":
        headers.pop("Stripe-Signature")
    elif change == "garbled":
        headers["Stripe-Signature"] = "t=abc,v1=zzz"
    before = await effects(stripe_services, tenant, who)
    # when
    response = await post_webhook(stripe_http, tenant, payload, headers)
    # then
    assert response.status_code == 400
    assert response.json() == BAD_SIGNATURE
    assert await effects(stripe_services, tenant, who) == before
    assert before[0] == PaymentStatus.PENDING
    assert await handled_events(stripe_services, tenant) == []


async def test_a_failed_payment_is_recorded_once_with_stripes_reason(
    stripe_http: httpx.AsyncClient,
    stripe_services: Services,
    stripe_emulator: StripeFront,
    factory: Factory,
) -> None:
    tenant, who = await shop_and_buyer(stripe_services, factory)
    intent = await paid_in_browser(
        stripe_http, stripe_emulator, tenant, who, card="4000000000000341"
    )
    payload, headers = signed(event("payment_intent.payment_failed", intent))

    for _ in range(3):
        response = await post_webhook(stripe_http, tenant, payload, headers)
        assert response.status_code == 200

    status, types, order_status, _ = await effects(stripe_services, tenant, who)
    assert (status, types, order_status) == (
        PaymentStatus.FAILED,
        [PAYMENT_FAILED],
        OrderStatus.PENDING,
    )
    [payment] = await payments_of(stripe_services, tenant, who.order.id or 0)
    assert payment.failure_code == "card_declined"


async def test_a_completed_checkout_session_pays_the_order(
    stripe_http: httpx.AsyncClient,
    stripe_services: Services,
    stripe_emulator: StripeFront,
    factory: Factory,
) -> None:
    tenant, who = await shop_and_buyer(stripe_services, factory)
    paid = await pay_checkout(stripe_emulator, await session_of(stripe_http, tenant, who))

    payload, headers = signed(event("checkout.session.completed", paid))
    response = await post_webhook(stripe_http, tenant, payload, headers)

    assert response.status_code == 200
    status, types, order_status, _ = await effects(stripe_services, tenant, who)
    assert (status, types, order_status) == (
        PaymentStatus.SUCCEEDED,
        [PAYMENT_SUCCEEDED],
        OrderStatus.PAID,
    )
    [payment] = await payments_of(stripe_services, tenant, who.order.id or 0)
    assert payment.reference == paid["payment_intent"]


async def test_an_event_type_we_do_not_use_is_acknowledged_and_ignored(
    stripe_http: httpx.AsyncClient, stripe_services: Services, factory: Factory
) -> None:
    tenant = await stripe_shop(stripe_services, factory)
    payload, headers = signed(event("customer.created", {"id": "cus_1", "object": "customer"}))

    response = await post_webhook(stripe_http, tenant, payload, headers)

    assert response.status_code == 200
    assert await handled_events(stripe_services, tenant) == []


async def test_another_tenants_intent_changes_nothing_here(
    stripe_http: httpx.AsyncClient,
    stripe_services: Services,
    stripe_emulator: StripeFront,
    factory: Factory,
) -> None:
    tenant, who = await shop_and_buyer(stripe_services, factory)
    elsewhere = await stripe_shop(stripe_services, factory)
    intent = await paid_in_browser(stripe_http, stripe_emulator, tenant, who)
    payload, headers = signed(event("payment_intent.succeeded", intent))

    response = await post_webhook(stripe_http, elsewhere, payload, headers)

    assert response.status_code == 200
    assert (await effects(stripe_services, tenant, who))[0] == PaymentStatus.PENDING


async def test_confirm_webhook_and_verify_racing_for_one_payment_have_one_effect(
    stripe_http: httpx.AsyncClient,
    stripe_services: Services,
    stripe_emulator: StripeFront,
    factory: Factory,
) -> None:
    # given: a checkout session the buyer paid; its intent, its session, Stripe's events
    tenant, who = await shop_and_buyer(stripe_services, factory)
    session_id = await session_of(stripe_http, tenant, who)
    paid = await pay_checkout(stripe_emulator, session_id)
    intent = await stripe_object(stripe_emulator, f"/v1/payment_intents/{paid['payment_intent']}")
    completed = signed(event("checkout.session.completed", paid))
    succeeded = signed(event("payment_intent.succeeded", intent))
    confirm = who.confirm(intent["id"])
    verify = {"session_id": session_id}
    # when
    answers = await asyncio.gather(
        post_stripe(stripe_http, tenant, "confirm", confirm, who.headers),
        post_webhook(stripe_http, tenant, *completed),
        post_stripe(stripe_http, tenant, "verify", verify, who.headers),
        post_webhook(stripe_http, tenant, *succeeded),
    )
    # then
    assert [answer.status_code for answer in answers] == [200] * 4, [a.text for a in answers]
    assert await effects(stripe_services, tenant, who) == (
        PaymentStatus.SUCCEEDED,
        [PAYMENT_SUCCEEDED],
        OrderStatus.PAID,
        [(None, "pending"), ("pending", "paid")],
    )
