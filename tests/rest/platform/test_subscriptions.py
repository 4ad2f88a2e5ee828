"""Dialect A subscriptions against the local Stripe: checkout, verify, renewal, cancel, end;
pause and resume; past_due; events late, twice and out of order; who sees what."""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from tenantry.models.order import OrderStatus
from tenantry.resolvers.events import (
    SUBSCRIPTION_CANCELED,
    SUBSCRIPTION_CREATED,
    SUBSCRIPTION_UPDATED,
)
from tenantry.serving.services import Services
from tests.conftest import Factory, TenantFixture
from tests.resolvers.payments.stripe_front import StripeFront
from tests.resolvers.payments.stripe_support import stripe_object, stripe_shop
from tests.resolvers.subscriptions.support import (
    CANCEL_URL,
    SUCCESS_URL,
    Subscriber,
    customers_of,
    deliver,
    mails_of,
    orders_of,
    plan,
    saved_card,
    stripe_ends,
    stripe_reports,
    subscribe_in_browser,
    subscribers,
    subscription_event,
)
from tests.support import events_of, graphql, iso

pytestmark = pytest.mark.usefixtures("app")

DAY = 86400


def at(seconds: int) -> str | None:
    return iso(datetime.fromtimestamp(seconds, UTC))


def url(tenant: TenantFixture, path: str = "") -> str:
    return f"/api/{tenant.slug}/subscriptions{path}"


async def subscribed(
    http: httpx.AsyncClient,
    front: StripeFront,
    tenant: TenantFixture,
    who: Subscriber,
    plan_id: int,
) -> dict[str, Any]:
    """Through checkout and verify: the subscription as the API answers it."""
    made = await http.post(
        url(tenant, "/checkout"),
        json={"plan_id": plan_id, "success_url": SUCCESS_URL, "cancel_url": CANCEL_URL},
        headers=who.headers,
    )
    assert made.status_code == 201, made.text
    await subscribe_in_browser(front, made.json()["data"]["session_id"])
    verified = await http.post(
        url(tenant, "/verify"),
        json={"session_id": made.json()["data"]["session_id"]},
        headers=who.headers,
    )
    assert verified.status_code == 200, verified.text
    found: dict[str, Any] = verified.json()["data"]
    return found


async def test_a_full_cycle_from_checkout_to_the_end(
    stripe_http: httpx.AsyncClient,
    stripe_services: Services,
    stripe_emulator: StripeFront,
    factory: Factory,
) -> None:
    # given: a monthly plan and a member
    tenant = await stripe_shop(stripe_services, factory)
    monthly = await plan(stripe_services, tenant)
    [who] = await subscribers(stripe_services, tenant)
    assert monthly.id is not None
    # when: they check out
    made = await stripe_http.post(
        url(tenant, "/checkout"),
        json={"plan_id": monthly.id, "success_url": SUCCESS_URL, "cancel_url": CANCEL_URL},
        headers=who.headers,
    )
    # then: a session in subscription mode, the subscription incomplete until paid
    assert made.status_code == 201, made.text
    checkout = made.json()["data"]
    assert checkout["session_id"].startswith("cs_test_")
    assert checkout["url"].endswith(checkout["session_id"])
    assert checkout["subscription"]["status"] == "incomplete"
    # when: they pay on Stripe's page and come back
    await subscribe_in_browser(stripe_emulator, checkout["session_id"])
    verified = await stripe_http.post(
        url(tenant, "/verify"), json={"session_id": checkout["session_id"]}, headers=who.headers
    )
    # then: active, with Stripe's period
    assert verified.status_code == 200, verified.text
    active = verified.json()["data"]
    stripe_id = active["stripe_subscription_id"]
    stripe_sub = await stripe_object(stripe_emulator, f"/v1/subscriptions/{stripe_id}")
    assert active == {
        "id": checkout["subscription"]["id"],
        "plan_id": monthly.id,
        "status": "active",
        "current_period_start": at(stripe_sub["current_period_start"]),
        "current_period_end": at(stripe_sub["current_period_end"]),
        "cancel_at_period_end": False,
        "canceled_at": None,
        "stripe_subscription_id": stripe_id,
        "created_at": active["created_at"],
    }
    # when: a month later Stripe renews it and says so
    start, end = stripe_sub["current_period_end"], stripe_sub["current_period_end"] + 30 * DAY
    await stripe_reports(
        stripe_emulator, stripe_id, current_period_start=start, current_period_end=end
    )
    renewed = await deliver(
        stripe_http,
        tenant,
        await subscription_event(stripe_emulator, "invoice.paid", stripe_id, created=start),
    )
    shown = await stripe_http.get(url(tenant, f"/{active['id']}"), headers=who.headers)
    # then: the new period, and the renewal recorded as a paid order of the plan
    assert renewed.status_code == 200, renewed.text
    assert shown.json()["data"]["current_period_start"] == at(start)
    assert shown.json()["data"]["current_period_end"] == at(end)
    [order] = await orders_of(stripe_services, tenant, who.member_id)
    assert (order.status, order.subtotal, order.currency) == (
        OrderStatus.PAID,
        monthly.amount,
        monthly.currency,
    )
    access = "query($product: ID!) { hasProductAccess(productId: $product) }"
    product = {"product": str(monthly.product_id)}
    during = await graphql(stripe_http, access, product, tenant=tenant.slug, bearer=who.token)
    assert during["data"] == {"hasProductAccess": True}
    # when: they cancel at the period's end
    canceled = await stripe_http.post(
        url(tenant, f"/{active['id']}/cancel"), json={"at_period_end": True}, headers=who.headers
    )
    # then: still active, ending
    assert canceled.status_code == 200, canceled.text
    assert canceled.json()["data"]["status"] == "active"
    assert canceled.json()["data"]["cancel_at_period_end"] is True
    # when: the period runs out and Stripe ends it
    await stripe_ends(stripe_emulator, stripe_id)
    ended = await deliver(
        stripe_http,
        tenant,
        await subscription_event(
            stripe_emulator, "customer.subscription.deleted", stripe_id, created=end
        ),
    )
    listed = await stripe_http.get(url(tenant), headers=who.headers)
    after = await graphql(stripe_http, access, product, tenant=tenant.slug, bearer=who.token)
    # then: canceled, and the product no longer theirs
    assert ended.status_code == 200, ended.text
    assert after["data"] == {"hasProductAccess": False}
    assert listed.json()["meta"] == {"current_page": 1, "last_page": 1, "per_page": 15, "total": 1}
    [row] = listed.json()["data"]
    assert row["status"] == "canceled"
    assert row["canceled_at"] is not None
    # and: dialect B endpoints hear of each change
    types = [
        event.type for event in await events_of(stripe_services, tenant, "subscription", row["id"])
    ]
    assert types == [
        SUBSCRIPTION_CREATED,
        SUBSCRIPTION_UPDATED,
        SUBSCRIPTION_UPDATED,
        SUBSCRIPTION_CANCELED,
    ]


async def test_pause_and_resume_a_subscription_made_with_a_saved_card(
    stripe_http: httpx.AsyncClient,
    stripe_services: Services,
    stripe_emulator: StripeFront,
    factory: Factory,
) -> None:
    # given: a member with a card saved through a SetupIntent
    tenant = await stripe_shop(stripe_services, factory)
    monthly = await plan(stripe_services, tenant)
    [who] = await subscribers(stripe_services, tenant)
    intent = await stripe_http.post(url(tenant, "/setup-intent"), headers=who.headers)
    assert intent.status_code == 201, intent.text
    assert set(intent.json()["data"]) == {
        "client_secret",
        "setup_intent_id",
        "customer_id",
        "publishable_key",
    }
    assert intent.json()["data"]["setup_intent_id"].startswith("seti_")
    card = await saved_card(stripe_emulator)
    # when: they subscribe with it, pause, then resume
    made = await stripe_http.post(
        url(tenant), json={"plan_id": monthly.id, "payment_method_id": card}, headers=who.headers
    )
    assert made.status_code == 201, made.text
    sub_id = made.json()["data"]["id"]
    paused = await stripe_http.post(url(tenant, f"/{sub_id}/pause"), headers=who.headers)
    resumed = await stripe_http.post(url(tenant, f"/{sub_id}/resume"), headers=who.headers)
    # then
    assert made.json()["data"]["status"] == "active"
    assert made.json()["data"]["stripe_subscription_id"].startswith("sub_")
    assert paused.status_code == 200, paused.text
    assert paused.json()["data"]["status"] == "paused"
    assert resumed.json()["data"]["status"] == "active"


async def test_a_failed_invoice_makes_it_past_due_and_mails_the_member(
    stripe_http: httpx.AsyncClient,
    stripe_services: Services,
    stripe_emulator: StripeFront,
    factory: Factory,
) -> None:
    # given: an active subscription
    tenant = await stripe_shop(stripe_services, factory)
    monthly = await plan(stripe_services, tenant)
    [who] = await subscribers(stripe_services, tenant)
    assert monthly.id is not None
    active = await subscribed(stripe_http, stripe_emulator, tenant, who, monthly.id)
    stripe_id = active["stripe_subscription_id"]
    # when: the renewal's payment fails; Stripe says so (twice)
    await stripe_reports(stripe_emulator, stripe_id, status="past_due")
    body = await subscription_event(
        stripe_emulator, "invoice.payment_failed", stripe_id, created=int(time.time())
    )
    answers = [await deliver(stripe_http, tenant, body) for _ in range(2)]
    shown = await stripe_http.get(url(tenant, f"/{active['id']}"), headers=who.headers)
    # then: past_due, and one mail
    assert [a.status_code for a in answers] == [200, 200]
    assert shown.json()["data"]["status"] == "past_due"
    [mail] = await mails_of(stripe_services, tenant, who.member_id)
    assert "failed" in mail.subject


async def test_events_late_twice_and_out_of_order_end_as_stripe_has_it(
    stripe_http: httpx.AsyncClient,
    stripe_services: Services,
    stripe_emulator: StripeFront,
    factory: Factory,
) -> None:
    # given: an active subscription that Stripe then renews and marks cancel_at_period_end
    tenant = await stripe_shop(stripe_services, factory)
    monthly = await plan(stripe_services, tenant)
    [who] = await subscribers(stripe_services, tenant)
    assert monthly.id is not None
    active = await subscribed(stripe_http, stripe_emulator, tenant, who, monthly.id)
    stripe_id = active["stripe_subscription_id"]
    now = int(time.time())
    early = await subscription_event(
        stripe_emulator, "customer.subscription.updated", stripe_id, created=now
    )
    await stripe_reports(
        stripe_emulator,
        stripe_id,
        status="past_due",
        cancel_at_period_end=True,
        current_period_end=now + 60 * DAY,
    )
    late = await subscription_event(
        stripe_emulator, "customer.subscription.updated", stripe_id, created=now + 10
    )
    # when: the newer event comes first, twice at once, then the older one, then again
    first = await asyncio.gather(*(deliver(stripe_http, tenant, late) for _ in range(2)))
    then = [await deliver(stripe_http, tenant, body) for body in (early, late, early)]
    shown = await stripe_http.get(url(tenant, f"/{active['id']}"), headers=who.headers)
    # then: the row is what Stripe has now
    assert {a.status_code for a in [*first, *then]} == {200}
    data = shown.json()["data"]
    assert (data["status"], data["cancel_at_period_end"], data["current_period_end"]) == (
        "past_due",
        True,
        at(now + 60 * DAY),
    )


async def test_members_see_only_their_own_and_other_tenants_ids_are_not_found(
    stripe_http: httpx.AsyncClient,
    stripe_services: Services,
    stripe_emulator: StripeFront,
    factory: Factory,
) -> None:
    # given: a subscriber, another member, and a member of another shop
    tenant = await stripe_shop(stripe_services, factory)
    other_shop = await stripe_shop(stripe_services, factory)
    monthly = await plan(stripe_services, tenant)
    owner, neighbour = await subscribers(stripe_services, tenant, 2)
    [stranger] = await subscribers(stripe_services, other_shop)
    assert monthly.id is not None
    mine = await subscribed(stripe_http, stripe_emulator, tenant, owner, monthly.id)
    # when
    theirs = await stripe_http.get(url(tenant, f"/{mine['id']}"), headers=neighbour.headers)
    cancel = await stripe_http.post(
        url(tenant, f"/{mine['id']}/cancel"), json={}, headers=neighbour.headers
    )
    listed = await stripe_http.get(url(tenant), headers=neighbour.headers)
    abroad = await stripe_http.get(url(other_shop, f"/{mine['id']}"), headers=stranger.headers)
    # then
    assert theirs.status_code == 404
    assert theirs.json()["message"] == "Subscription not found."
    assert cancel.status_code == 404
    assert listed.json() == {
        "data": [],
        "meta": {"current_page": 1, "last_page": 1, "per_page": 15, "total": 0},
    }
    assert abroad.status_code == 404


async def test_one_live_subscription_per_member_and_plan_even_at_once(
    stripe_http: httpx.AsyncClient,
    stripe_services: Services,
    stripe_emulator: StripeFront,
    factory: Factory,
) -> None:
    # given: a plan that does not allow several, and a member with a saved card
    tenant = await stripe_shop(stripe_services, factory)
    monthly = await plan(stripe_services, tenant)
    [who] = await subscribers(stripe_services, tenant)
    cards = [await saved_card(stripe_emulator) for _ in range(3)]
    # when: three subscribe requests at once
    answers = await asyncio.gather(
        *(
            stripe_http.post(
                url(tenant),
                json={"plan_id": monthly.id, "payment_method_id": card},
                headers=who.headers,
            )
            for card in cards
        )
    )
    # then: one is made, the others are refused
    assert sorted(a.status_code for a in answers) == [201, 409, 409], [a.text for a in answers]
    refused = next(a for a in answers if a.status_code == 409)
    assert refused.json()["code"] == "subscription_exists"
    # and: Stripe bills one of them only
    [customer] = await customers_of(stripe_services, tenant, who.member_id)
    listed = await stripe_object(stripe_emulator, f"/v1/subscriptions?customer={customer}")
    assert [sub["status"] for sub in listed["data"] if sub["status"] != "canceled"] == ["active"]
