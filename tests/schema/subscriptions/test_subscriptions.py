"""The subscription operations over GraphQL, end to end against the local Stripe."""

from __future__ import annotations

import httpx
import pytest

from tenantry.serving.services import Services
from tests.conftest import Factory
from tests.resolvers.payments.stripe_front import StripeFront
from tests.resolvers.payments.stripe_support import stripe_shop
from tests.resolvers.subscriptions.support import (
    CANCEL_URL,
    SUCCESS_URL,
    plan,
    saved_card,
    subscribe_in_browser,
    subscribers,
)
from tests.support import error_of, graphql

pytestmark = pytest.mark.usefixtures("app")

PLANS = "{ subscriptionPlans { id name interval intervalCount amount currency trialDays } }"
CHECKOUT = """
mutation($plan: ID!, $success: String!, $cancel: String!) {
  createSubscriptionCheckout(planId: $plan, successUrl: $success, cancelUrl: $cancel) {
    url sessionId subscription { id status }
  }
}
"""
VERIFY = """
mutation($session: String!) {
  verifySubscriptionCheckout(sessionId: $session) { id status cancelAtPeriodEnd }
}
"""
MINE = "{ mySubscriptions { items { id status } pageInfo { total } } }"
ONE = "query($id: ID!) { subscription(id: $id) { id status } }"
CREATE = """
mutation($plan: ID!, $card: String!) {
  createSubscription(planId: $plan, paymentMethodId: $card) { id status }
}
"""
CANCEL = """
mutation($id: ID!, $end: Boolean!) {
  cancelSubscription(id: $id, atPeriodEnd: $end) { id status cancelAtPeriodEnd canceledAt }
}
"""
PAUSE = "mutation($id: ID!) { pauseSubscription(id: $id) { status } }"
RESUME = "mutation($id: ID!) { resumeSubscription(id: $id) { status } }"


async def test_a_member_subscribes_through_checkout_and_cancels_at_the_period_end(
    stripe_http: httpx.AsyncClient,
    stripe_services: Services,
    stripe_emulator: StripeFront,
    factory: Factory,
) -> None:
    # given
    tenant = await stripe_shop(stripe_services, factory)
    monthly = await plan(stripe_services, tenant, price=1200)
    [who] = await subscribers(stripe_services, tenant)
    plans = await graphql(stripe_http, PLANS, tenant=tenant.slug)
    assert plans["data"]["subscriptionPlans"] == [
        {
            "id": str(monthly.id),
            "name": "Magazine",
            "interval": "month",
            "intervalCount": 1,
            "amount": 1200,
            "currency": tenant.info.currency,
            "trialDays": 0,
        }
    ]
    # when
    variables = {"plan": str(monthly.id), "success": SUCCESS_URL, "cancel": CANCEL_URL}
    made = await graphql(stripe_http, CHECKOUT, variables, tenant=tenant.slug, bearer=who.token)
    session_id = made["data"]["createSubscriptionCheckout"]["sessionId"]
    await subscribe_in_browser(stripe_emulator, session_id)
    verified = await graphql(
        stripe_http, VERIFY, {"session": session_id}, tenant=tenant.slug, bearer=who.token
    )
    sub_id = verified["data"]["verifySubscriptionCheckout"]["id"]
    canceled = await graphql(
        stripe_http, CANCEL, {"id": sub_id, "end": True}, tenant=tenant.slug, bearer=who.token
    )
    mine = await graphql(stripe_http, MINE, tenant=tenant.slug, bearer=who.token)
    # then
    assert made["data"]["createSubscriptionCheckout"]["subscription"]["status"] == "INCOMPLETE"
    assert verified["data"]["verifySubscriptionCheckout"]["status"] == "ACTIVE"
    assert canceled["data"]["cancelSubscription"]["cancelAtPeriodEnd"] is True
    assert mine["data"]["mySubscriptions"] == {
        "items": [{"id": sub_id, "status": "ACTIVE"}],
        "pageInfo": {"total": 1},
    }


async def test_pause_resume_and_cancel_now_with_a_saved_card_and_others_see_nothing(
    stripe_http: httpx.AsyncClient,
    stripe_services: Services,
    stripe_emulator: StripeFront,
    factory: Factory,
) -> None:
    # given: a subscription made with a saved card, and another member
    tenant = await stripe_shop(stripe_services, factory)
    monthly = await plan(stripe_services, tenant)
    owner, other = await subscribers(stripe_services, tenant, 2)
    card = await saved_card(stripe_emulator)
    variables = {"plan": str(monthly.id), "card": card}
    made = await graphql(stripe_http, CREATE, variables, tenant=tenant.slug, bearer=owner.token)
    sub_id = made["data"]["createSubscription"]["id"]
    # when
    seen = await graphql(stripe_http, ONE, {"id": sub_id}, tenant=tenant.slug, bearer=other.token)
    paused = await graphql(
        stripe_http, PAUSE, {"id": sub_id}, tenant=tenant.slug, bearer=owner.token
    )
    resumed = await graphql(
        stripe_http, RESUME, {"id": sub_id}, tenant=tenant.slug, bearer=owner.token
    )
    ended = await graphql(
        stripe_http, CANCEL, {"id": sub_id, "end": False}, tenant=tenant.slug, bearer=owner.token
    )
    again = await graphql(
        stripe_http, PAUSE, {"id": sub_id}, tenant=tenant.slug, bearer=owner.token
    )
    # then
    assert made["data"]["createSubscription"]["status"] == "ACTIVE"
    assert error_of(seen)[1]["code"] == "NOT_FOUND"
    assert paused["data"]["pauseSubscription"]["status"] == "PAUSED"
    assert resumed["data"]["resumeSubscription"]["status"] == "ACTIVE"
    assert ended["data"]["cancelSubscription"]["status"] == "CANCELED"
    assert ended["data"]["cancelSubscription"]["canceledAt"] is not None
    assert error_of(again)[1]["reason"] == "subscription_ended"
