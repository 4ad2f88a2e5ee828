"""createStripePaymentIntent, confirmStripePayment, createStripeCheckout, verifyStripeCheckout
end to end against the emulator; errors carry their reasons."""

from __future__ import annotations

import httpx
import pytest

from tenantry.models.order import OrderStatus
from tenantry.serving.services import Services
from tests.conftest import Factory
from tests.resolvers.orders.support import move
from tests.resolvers.payments.stripe_front import StripeFront
from tests.resolvers.payments.stripe_support import (
    CANCEL_URL,
    PUBLISHABLE_KEY,
    SUCCESS_URL,
    buyer,
    pay_checkout,
    pay_in_browser,
    shop_and_buyer,
)
from tests.support import error_of, graphql

pytestmark = pytest.mark.usefixtures("app")

CREATE_INTENT = """
mutation($number: String!, $key: String) {
  createStripePaymentIntent(orderNumber: $number, idempotencyKey: $key) {
    clientSecret paymentIntentId amount currency publishableKey orderNumber
    payment { processor method status amount reference }
  }
}
"""
CONFIRM = """
mutation($number: String!, $intent: String!) {
  confirmStripePayment(orderNumber: $number, paymentIntentId: $intent) {
    orderNumber orderStatus payment { status reference amount }
  }
}
"""
CHECKOUT = """
mutation($number: String!, $success: String!, $cancel: String!) {
  createStripeCheckout(orderNumber: $number, successUrl: $success, cancelUrl: $cancel) {
    url sessionId orderNumber payment { method status details }
  }
}
"""
VERIFY = """
mutation($session: String!) {
  verifyStripeCheckout(sessionId: $session) { orderNumber orderStatus payment { status } }
}
"""


async def test_a_member_pays_an_order_through_an_intent(
    stripe_http: httpx.AsyncClient,
    stripe_services: Services,
    stripe_emulator: StripeFront,
    factory: Factory,
) -> None:
    # given
    tenant, who = await shop_and_buyer(stripe_services, factory)
    made = await graphql(
        stripe_http, CREATE_INTENT, {"number": who.number}, tenant=tenant.slug, bearer=who.token
    )
    intent = made["data"]["createStripePaymentIntent"]
    await pay_in_browser(stripe_emulator, intent["paymentIntentId"])
    # when
    done = await graphql(
        stripe_http,
        CONFIRM,
        {"number": who.number, "intent": intent["paymentIntentId"]},
        tenant=tenant.slug,
        bearer=who.token,
    )
    # then
    assert intent == {
        "clientSecret": intent["clientSecret"],
        "paymentIntentId": intent["paymentIntentId"],
        "amount": who.order.total,
        "currency": "usd",
        "publishableKey": PUBLISHABLE_KEY,
        "orderNumber": who.number,
        "payment": {
            "processor": "STRIPE",
            "method": "card",
            "status": "PENDING",
            "amount": who.order.total,
            "reference": intent["paymentIntentId"],
        },
    }
    assert done["data"]["confirmStripePayment"] == {
        "orderNumber": who.number,
        "orderStatus": "paid",
        "payment": {
            "status": "SUCCEEDED",
            "reference": intent["paymentIntentId"],
            "amount": who.order.total,
        },
    }


async def test_a_member_pays_through_checkout_and_verifies(
    stripe_http: httpx.AsyncClient,
    stripe_services: Services,
    stripe_emulator: StripeFront,
    factory: Factory,
) -> None:
    tenant, who = await shop_and_buyer(stripe_services, factory)
    made = await graphql(
        stripe_http,
        CHECKOUT,
        {"number": who.number, "success": SUCCESS_URL, "cancel": CANCEL_URL},
        tenant=tenant.slug,
        bearer=who.token,
    )
    checkout = made["data"]["createStripeCheckout"]
    await pay_checkout(stripe_emulator, checkout["sessionId"])

    session = {"session": checkout["sessionId"]}
    verified = await graphql(stripe_http, VERIFY, session, tenant=tenant.slug, bearer=who.token)

    assert checkout["payment"] == {
        "method": "checkout",
        "status": "PENDING",
        "details": {"checkout_url": checkout["url"]},
    }
    assert verified["data"]["verifyStripeCheckout"] == {
        "orderNumber": who.number,
        "orderStatus": "paid",
        "payment": {"status": "SUCCEEDED"},
    }


async def test_paying_a_paid_order_is_refused_with_its_reason(
    stripe_http: httpx.AsyncClient, stripe_services: Services, factory: Factory
) -> None:
    tenant, who = await shop_and_buyer(stripe_services, factory)
    await move(stripe_services, tenant, who.number, OrderStatus.PAID)

    answer = await graphql(
        stripe_http, CREATE_INTENT, {"number": who.number}, tenant=tenant.slug, bearer=who.token
    )

    message, extensions = error_of(answer)
    assert (message, extensions["code"], extensions["reason"]) == (
        "This order has already been paid.",
        "CONFLICT",
        "already_paid",
    )


async def test_an_idempotency_key_answers_the_same_intent(
    stripe_http: httpx.AsyncClient, stripe_services: Services, factory: Factory
) -> None:
    tenant, who = await shop_and_buyer(stripe_services, factory)
    given = {"number": who.number, "key": "gql-intent-1"}

    first = await graphql(stripe_http, CREATE_INTENT, given, tenant=tenant.slug, bearer=who.token)
    again = await graphql(stripe_http, CREATE_INTENT, given, tenant=tenant.slug, bearer=who.token)

    assert again["data"] == first["data"]


async def test_another_members_order_is_not_found(
    stripe_http: httpx.AsyncClient, stripe_services: Services, factory: Factory
) -> None:
    tenant, who = await shop_and_buyer(stripe_services, factory)
    other = await buyer(stripe_services, tenant)

    answer = await graphql(
        stripe_http, CREATE_INTENT, {"number": who.number}, tenant=tenant.slug, bearer=other.token
    )

    assert error_of(answer)[1]["code"] == "NOT_FOUND"
