"""POST /payments/stripe/refund: a merchant action through Stripe's Refund API, recorded once;
refunds made in Stripe's dashboard arrive by webhook and are recorded once too."""

from __future__ import annotations

import httpx
import pytest

from tenantry.models.catalog import Product
from tenantry.models.order import OrderStatus
from tenantry.resolvers.events import REFUND_PROCESSED
from tenantry.serving.services import Services
from tests.conftest import Factory, TenantFixture
from tests.resolvers.orders.support import items_of, load_order, stock_of
from tests.resolvers.payments.rows import refunds_of
from tests.resolvers.payments.stripe_front import StripeFront
from tests.resolvers.payments.stripe_support import (
    Buyer,
    admin_headers,
    event,
    paid_order,
    post_stripe,
    post_webhook,
    refund_in_dashboard,
    shop_and_buyer,
    signed,
    stripe_object,
)
from tests.support import events_of

pytestmark = pytest.mark.usefixtures("app")


async def refund(
    http: httpx.AsyncClient, tenant: TenantFixture, body: dict[str, object], **headers: str
) -> httpx.Response:
    return await post_stripe(http, tenant, "refund", body, {**admin_headers(tenant), **headers})


async def test_a_partial_refund_goes_through_stripe_and_leaves_the_order_paid(
    stripe_http: httpx.AsyncClient,
    stripe_services: Services,
    stripe_emulator: StripeFront,
    factory: Factory,
) -> None:
    # given
    tenant, who = await shop_and_buyer(stripe_services, factory)
    await paid_order(stripe_http, stripe_emulator, tenant, who)
    # when
    response = await refund(
        stripe_http, tenant, {"order_number": who.number, "amount": 500, "reason": "Scratched"}
    )
    # then
    assert response.status_code == 201, response.text
    data = response.json()["data"]
    [row] = await refunds_of(stripe_services, tenant, who.order.id or 0)
    assert data == {
        "id": row.id,
        "payment_id": row.payment_id,
        "amount": 500,
        "currency": "USD",
        "status": "succeeded",
        "reason": "Scratched",
        "refund_id": row.reference,
        "restocked": False,
        "created_at": data["created_at"],
    }
    at_stripe = await stripe_object(stripe_emulator, f"/v1/refunds/{row.reference}")
    assert at_stripe["amount"] == 500
    order = await load_order(stripe_services, tenant, who.number)
    assert order is not None
    assert order.status == OrderStatus.PAID
    assert [e.type for e in await events_of(stripe_services, tenant, "refund", row.id)] == [
        REFUND_PROCESSED
    ]


async def test_a_full_refund_with_restock_refunds_the_order_and_gives_stock_back(
    stripe_http: httpx.AsyncClient,
    stripe_services: Services,
    stripe_emulator: StripeFront,
    factory: Factory,
) -> None:
    tenant, who = await shop_and_buyer(stripe_services, factory, quantity=2)
    intent_id = await paid_order(stripe_http, stripe_emulator, tenant, who)
    mug = await _mug(stripe_services, tenant, who)
    before = await stock_of(stripe_services, tenant, mug)

    response = await refund(
        stripe_http,
        tenant,
        {"payment_intent_id": intent_id, "restock": True},
        **{"Idempotency-Key": "refund-all"},
    )

    assert response.status_code == 201, response.text
    assert (response.json()["data"]["amount"], response.json()["data"]["restocked"]) == (
        who.order.total,
        True,
    )
    order = await load_order(stripe_services, tenant, who.number)
    assert order is not None
    assert order.status == OrderStatus.REFUNDED
    assert await stock_of(stripe_services, tenant, mug) == before + 2


async def test_the_buyer_cannot_refund(
    stripe_http: httpx.AsyncClient,
    stripe_services: Services,
    stripe_emulator: StripeFront,
    factory: Factory,
) -> None:
    tenant, who = await shop_and_buyer(stripe_services, factory)
    await paid_order(stripe_http, stripe_emulator, tenant, who)

    response = await post_stripe(stripe_http, tenant, "refund", who.by_number, who.headers)

    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"
    assert await refunds_of(stripe_services, tenant, who.order.id or 0) == []


async def test_refunds_made_in_stripe_are_recorded_once_and_ours_never_twice(
    stripe_http: httpx.AsyncClient,
    stripe_services: Services,
    stripe_emulator: StripeFront,
    factory: Factory,
) -> None:
    # given: one refund through us, one in Stripe's dashboard
    tenant, who = await shop_and_buyer(stripe_services, factory)
    intent_id = await paid_order(stripe_http, stripe_emulator, tenant, who)
    await refund(stripe_http, tenant, {"order_number": who.number, "amount": 300})
    outside = await refund_in_dashboard(stripe_emulator, intent_id, 200)
    intent = await stripe_object(stripe_emulator, f"/v1/payment_intents/{intent_id}")
    charge = {"id": "ch_x", "object": "charge", "payment_intent": intent_id}
    charge = {**charge, "amount": intent["amount"], "amount_refunded": 500}
    payload, headers = signed(event("charge.refunded", charge))
    # when: Stripe reports the charge refunded, twice
    first = await post_webhook(stripe_http, tenant, payload, headers)
    again = await post_webhook(stripe_http, tenant, payload, headers)
    # then
    assert first.status_code == again.status_code == 200
    rows = await refunds_of(stripe_services, tenant, who.order.id or 0)
    assert [(row.amount, row.reference == outside["id"]) for row in rows] == [
        (300, False),
        (200, True),
    ]


async def test_a_refund_larger_than_what_is_left_is_refused_before_stripe(
    stripe_http: httpx.AsyncClient,
    stripe_services: Services,
    stripe_emulator: StripeFront,
    factory: Factory,
) -> None:
    tenant, who = await shop_and_buyer(stripe_services, factory)
    await paid_order(stripe_http, stripe_emulator, tenant, who)

    response = await refund(
        stripe_http, tenant, {"order_number": who.number, "amount": who.order.total + 1}
    )

    assert response.status_code == 422
    assert response.json()["code"] == "amount_too_large"


async def _mug(services: Services, tenant: TenantFixture, who: Buyer) -> Product:
    [item] = await items_of(services, tenant, who.order.id)
    async with services.db.unit(tenant.id) as uow:
        found = await uow.session.get(Product, item.product_id)
    assert found is not None
    return found


async def test_a_refunded_charge_without_an_intent_touches_no_payment(
    stripe_http: httpx.AsyncClient,
    stripe_services: Services,
    stripe_emulator: StripeFront,
    factory: Factory,
) -> None:
    tenant, who = await shop_and_buyer(stripe_services, factory)
    await paid_order(stripe_http, stripe_emulator, tenant, who)
    charge = {"id": "ch_y", "object": "charge", "payment_intent": None, "amount_refunded": 100}
    payload, headers = signed(event("charge.refunded", charge))

    response = await post_webhook(stripe_http, tenant, payload, headers)

    assert response.status_code == 200
    assert await refunds_of(stripe_services, tenant, who.order.id or 0) == []
