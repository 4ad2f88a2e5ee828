"""POST /subscriptions (and createSubscription) with an Idempotency-Key make one subscription
however often and however concurrently they are sent; a subscription Stripe holds that we did not
make is recorded from its event rather than refused."""

from __future__ import annotations

import asyncio
import time

import httpx
import pytest

from tenantry.models.subscriptions import SubscriptionStatus
from tenantry.serving.services import Services
from tests.conftest import Factory
from tests.resolvers.payments.stripe_front import StripeFront
from tests.resolvers.payments.stripe_support import SECRET_KEY, event, stripe_shop
from tests.resolvers.subscriptions.support import (
    customers_of,
    deliver,
    plan,
    saved_card,
    subscribe_with_card,
    subscribers,
    subscriptions_of,
)
from tests.support import graphql

pytestmark = pytest.mark.usefixtures("app")

SUBSCRIBE = """
mutation($plan: ID!, $card: String!, $key: String) {
  createSubscription(planId: $plan, paymentMethodId: $card, idempotencyKey: $key) { id status }
}
"""


async def stripe_subscriptions_of(front: StripeFront, customer: str) -> list[str]:
    async with httpx.AsyncClient(base_url=front.url, auth=(SECRET_KEY, "")) as http:
        answer = await http.get("/v1/subscriptions", params={"customer": customer})
    assert answer.status_code == 200, answer.text
    return [found["id"] for found in answer.json()["data"] if found["status"] not in {"canceled"}]


async def test_a_key_sent_again_and_at_once_makes_one_subscription(
    stripe_http: httpx.AsyncClient,
    stripe_services: Services,
    stripe_emulator: StripeFront,
    factory: Factory,
) -> None:
    # given
    tenant = await stripe_shop(stripe_services, factory)
    monthly = await plan(stripe_services, tenant, allows_multiple=True)
    [who] = await subscribers(stripe_services, tenant)
    body = {"plan_id": monthly.id, "payment_method_id": await saved_card(stripe_emulator)}
    headers = {**who.headers, "Idempotency-Key": "sub-1"}
    path = f"/api/{tenant.slug}/subscriptions"
    # when: the same request five times at once, then once more
    burst = await asyncio.gather(
        *(stripe_http.post(path, json=body, headers=headers) for _ in range(5))
    )
    later = await stripe_http.post(path, json=body, headers=headers)
    # then: one subscription, here and in Stripe; every other answer replays it or says the
    # first request is still running
    made = [answer for answer in burst if answer.status_code == 201]
    assert made, [answer.text for answer in burst]
    assert all(answer.status_code in {201, 409} for answer in burst), [a.text for a in burst]
    assert {answer.json()["data"]["id"] for answer in [*made, later]} == {
        later.json()["data"]["id"]
    }
    assert later.headers["Idempotent-Replayed"] == "true"
    assert len(await subscriptions_of(stripe_services, tenant, who.member_id)) == 1
    [customer] = await customers_of(stripe_services, tenant, who.member_id)
    assert len(await stripe_subscriptions_of(stripe_emulator, customer)) == 1


async def test_a_key_replays_across_rest_and_graphql_and_refuses_other_input(
    stripe_http: httpx.AsyncClient,
    stripe_services: Services,
    stripe_emulator: StripeFront,
    factory: Factory,
) -> None:
    # given: a subscription made over REST with a key
    tenant = await stripe_shop(stripe_services, factory)
    monthly = await plan(stripe_services, tenant, allows_multiple=True)
    other = await plan(stripe_services, tenant, allows_multiple=True)
    [who] = await subscribers(stripe_services, tenant)
    card = await saved_card(stripe_emulator)
    headers = {**who.headers, "Idempotency-Key": "sub-2"}
    path = f"/api/{tenant.slug}/subscriptions"
    first = await stripe_http.post(
        path, json={"plan_id": monthly.id, "payment_method_id": card}, headers=headers
    )
    # when: the same key over GraphQL, and with another plan
    variables = {"plan": str(monthly.id), "card": card, "key": "sub-2"}
    replayed = await graphql(
        stripe_http, SUBSCRIBE, variables, tenant=tenant.slug, bearer=who.token
    )
    reused = await stripe_http.post(
        path, json={"plan_id": other.id, "payment_method_id": card}, headers=headers
    )
    # then
    assert first.status_code == 201, first.text
    assert replayed["data"]["createSubscription"]["id"] == str(first.json()["data"]["id"])
    assert reused.status_code == 422
    assert reused.json()["errors"] == {
        "idempotency_key": [
            "Keys for idempotent requests can only be used with the same parameters they were "
            "first used with."
        ]
    }
    assert len(await subscriptions_of(stripe_services, tenant, who.member_id)) == 1


async def test_a_second_subscription_made_in_stripe_is_recorded_from_its_event(
    stripe_http: httpx.AsyncClient,
    stripe_services: Services,
    stripe_emulator: StripeFront,
    factory: Factory,
) -> None:
    # given: the member's subscription of a one-per-member plan, and a second one of the same
    # plan made in Stripe's dashboard
    tenant = await stripe_shop(stripe_services, factory)
    monthly = await plan(stripe_services, tenant)
    [who] = await subscribers(stripe_services, tenant)
    made = await subscribe_with_card(stripe_http, stripe_emulator, tenant, who, monthly.id)
    [customer] = await customers_of(stripe_services, tenant, who.member_id)
    async with httpx.AsyncClient(base_url=stripe_emulator.url, auth=(SECRET_KEY, "")) as http:
        second = await http.post(
            "/v1/subscriptions",
            data={
                "customer": customer,
                "items[0][plan]": str(monthly.stripe_price_id),
                "metadata[tenant_id]": str(tenant.id),
                "metadata[member_id]": str(who.member_id),
                "metadata[plan_id]": str(monthly.id),
            },
        )
    assert second.status_code == 200, second.text
    # when: Stripe says so
    created = event("customer.subscription.created", second.json())
    created["created"] = int(time.time())
    answer = await deliver(stripe_http, tenant, created)
    # then: recorded as Stripe has it, beside the first
    assert answer.status_code == 200, answer.text
    rows = await subscriptions_of(stripe_services, tenant, who.member_id)
    assert [(row.stripe_subscription_id, row.status, row.single) for row in rows] == [
        (made["stripe_subscription_id"], SubscriptionStatus.ACTIVE, True),
        (second.json()["id"], SubscriptionStatus.ACTIVE, False),
    ]
