"""Dialect A subscriptions: GET, POST /subscriptions · POST /subscriptions/checkout ·
/setup-intent · /verify · GET /subscriptions/{id} · POST /subscriptions/{id}/cancel · /pause ·
/resume. A member acts on their own; staff and secret keys on any."""

from __future__ import annotations

from typing import Any

from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from tenantry.core.pagination import PageRequest
from tenantry.models.subscriptions import Subscription, SubscriptionPlan
from tenantry.resolvers import subscriptions
from tenantry.rest.endpoint import Call, endpoint
from tenantry.rest.envelopes import json
from tenantry.rest.formats import iso, page_meta
from tenantry.rest.idempotency import idempotency_key, replay_headers
from tenantry.rest.spec import IDEMPOTENCY_KEY, PAGED, Body


def plan_json(plan: SubscriptionPlan) -> dict[str, Any]:
    return {
        "id": plan.id,
        "product_id": plan.product_id,
        "variant_id": plan.variant_id,
        "name": plan.name,
        "interval": str(plan.interval),
        "interval_count": plan.interval_count,
        "amount": plan.amount,
        "currency": plan.currency,
        "trial_days": plan.trial_days,
        "allows_multiple": plan.allows_multiple,
    }


def subscription_json(row: Subscription) -> dict[str, Any]:
    return {
        "id": row.id,
        "plan_id": row.plan_id,
        "status": str(row.status),
        "current_period_start": iso(row.current_period_start),
        "current_period_end": iso(row.current_period_end),
        "cancel_at_period_end": row.cancel_at_period_end,
        "canceled_at": iso(row.canceled_at),
        "stripe_subscription_id": row.stripe_subscription_id,
        "created_at": iso(row.created_at),
    }


async def index(call: Call) -> Response:
    """The member's own subscriptions."""
    request = PageRequest.parse(call.query("page"), call.query("per_page"))
    page = await subscriptions.list_my_subscriptions(call.session, ctx=call.ctx, request=request)
    return json({"data": [subscription_json(row) for row in page.items], "meta": page_meta(page)})


async def create(call: Call) -> Response:
    """Subscribes to a plan with a saved card (honours an Idempotency-Key)."""
    data = call.parse(subscriptions.SubscribeIn, await call.json())
    once = await subscriptions.create_subscription(
        call.session, ctx=call.ctx, data=data, key=idempotency_key(call)
    )
    return json({"data": subscription_json(once.value)}, 201, replay_headers(once))


async def checkout(call: Call) -> Response:
    """A Stripe Checkout Session that subscribes the member to the plan."""
    data = call.parse(subscriptions.SubscriptionCheckoutIn, await call.json())
    made = await subscriptions.create_subscription_checkout(call.session, ctx=call.ctx, data=data)
    body = {
        "url": made.url,
        "session_id": made.session_id,
        "subscription": subscription_json(made.subscription),
    }
    return json({"data": body}, 201)


async def setup_intent(call: Call) -> Response:
    """A Stripe SetupIntent that saves a card for subscribing."""
    made = await subscriptions.create_setup_intent(call.session, ctx=call.ctx)
    body = {
        "client_secret": made.client_secret,
        "setup_intent_id": made.setup_intent_id,
        "customer_id": made.customer_id,
        "publishable_key": made.publishable_key,
    }
    return json({"data": body}, 201)


async def verify(call: Call) -> Response:
    """Settles the subscription from its completed Checkout Session."""
    data = call.parse(subscriptions.SubscriptionVerifyIn, await call.json())
    row = await subscriptions.verify_subscription_checkout(call.session, ctx=call.ctx, data=data)
    return json({"data": subscription_json(row)})


async def show(call: Call) -> Response:
    row = await subscriptions.get_subscription(
        call.session, ctx=call.ctx, subscription_id=call.path("id")
    )
    return json({"data": subscription_json(row)})


async def cancel(call: Call) -> Response:
    """Cancels the subscription, at the end of its period unless `at_period_end` is false."""
    data = call.parse(subscriptions.CancelIn, await call.json())
    row = await subscriptions.cancel_subscription(
        call.session, ctx=call.ctx, subscription_id=call.path("id"), data=data
    )
    return json({"data": subscription_json(row)})


async def pause(call: Call) -> Response:
    row = await subscriptions.pause_subscription(
        call.session, ctx=call.ctx, subscription_id=call.path("id")
    )
    return json({"data": subscription_json(row)})


async def resume(call: Call) -> Response:
    row = await subscriptions.resume_subscription(
        call.session, ctx=call.ctx, subscription_id=call.path("id")
    )
    return json({"data": subscription_json(row)})


routes: list[BaseRoute] = [
    Route("/subscriptions", endpoint(index, query=PAGED), methods=["GET"]),
    Route(
        "/subscriptions",
        endpoint(
            create, headers=(IDEMPOTENCY_KEY,), body=Body.of(subscriptions.SubscribeIn), status=201
        ),
        methods=["POST"],
    ),
    Route(
        "/subscriptions/checkout",
        endpoint(checkout, body=Body.of(subscriptions.SubscriptionCheckoutIn), status=201),
        methods=["POST"],
    ),
    Route("/subscriptions/setup-intent", endpoint(setup_intent, status=201), methods=["POST"]),
    Route(
        "/subscriptions/verify",
        endpoint(verify, body=Body.of(subscriptions.SubscriptionVerifyIn)),
        methods=["POST"],
    ),
    Route("/subscriptions/{id}", endpoint(show), methods=["GET"]),
    Route(
        "/subscriptions/{id}/cancel",
        endpoint(cancel, body=Body.of(subscriptions.CancelIn, required=False)),
        methods=["POST"],
    ),
    Route("/subscriptions/{id}/pause", endpoint(pause), methods=["POST"]),
    Route("/subscriptions/{id}/resume", endpoint(resume), methods=["POST"]),
]
