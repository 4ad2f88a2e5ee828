"""Subscribing through Stripe's hosted page: a Checkout Session in subscription mode, the
verify after Stripe redirects the member back (which asks Stripe, never the client), and a
SetupIntent for saving a card first."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import Field
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from tenantry.core.access import require_member
from tenantry.core.context import Ctx
from tenantry.core.errors import NotFound
from tenantry.core.inputs import Input, RowId
from tenantry.models.subscriptions import Subscription
from tenantry.resolvers.payments.stripe_checkout import HttpUrl
from tenantry.resolvers.payments.stripe_client import plain, stripe_account, stripe_errors
from tenantry.resolvers.subscriptions.members import refuse_second
from tenantry.resolvers.subscriptions.plans import get_plan
from tenantry.resolvers.subscriptions.sync import apply_stripe, customer_id


class SubscriptionCheckoutIn(Input):
    plan_id: RowId
    success_url: HttpUrl
    cancel_url: HttpUrl


class SubscriptionVerifyIn(Input):
    session_id: str = Field(min_length=4, max_length=200, pattern=r"^cs_[A-Za-z0-9_]+$")


@dataclass(frozen=True)
class SubscriptionCheckout:
    subscription: Subscription
    url: str | None
    session_id: str


@dataclass(frozen=True)
class SetupIntent:
    client_secret: str
    setup_intent_id: str
    customer_id: str
    publishable_key: str


async def create_subscription_checkout(
    session: AsyncSession, *, ctx: Ctx, data: SubscriptionCheckoutIn
) -> SubscriptionCheckout:
    member_id = require_member(ctx)
    plan = await get_plan(session, plan_id=data.plan_id)
    await refuse_second(session, plan=plan, member_id=member_id)
    assert plan.id is not None
    tags = {"tenant_id": str(ctx.tenant.id), "member_id": str(member_id), "plan_id": str(plan.id)}
    async with stripe_account(session, ctx=ctx) as account:
        customer = await customer_id(session, ctx=ctx, account=account, member_id=member_id)
        subscription_data: dict[str, Any] = {"metadata": tags}
        if plan.trial_days:
            subscription_data["trial_period_days"] = plan.trial_days
        params: Any = {
            "mode": "subscription",
            "customer": customer,
            "success_url": data.success_url,
            "cancel_url": data.cancel_url,
            "client_reference_id": str(member_id),
            "line_items": [{"price": plan.stripe_price_id, "quantity": 1}],
            "metadata": tags,
            "subscription_data": subscription_data,
        }
        with stripe_errors():
            made = plain(await account.client.v1.checkout.sessions.create_async(params=params))
    row = Subscription(
        plan_id=plan.id,
        member_id=member_id,
        single=not plan.allows_multiple,
        stripe_customer_id=customer,
        checkout_session_id=str(made["id"]),
    )
    session.add(row)
    await session.flush()
    return SubscriptionCheckout(row, made.get("url"), str(made["id"]))


async def verify_subscription_checkout(
    session: AsyncSession, *, ctx: Ctx, data: SubscriptionVerifyIn
) -> Subscription:
    """The member's session as Stripe reports it; once complete, the subscription it made."""
    member_id = require_member(ctx)
    row = await session.scalar(
        select(Subscription)
        .where(
            col(Subscription.checkout_session_id) == data.session_id,
            col(Subscription.member_id) == member_id,
        )
        .with_for_update()
    )
    if row is None:
        raise NotFound("checkout session")
    async with stripe_account(session, ctx=ctx) as account:
        with stripe_errors():
            checkout = plain(
                await account.client.v1.checkout.sessions.retrieve_async(data.session_id)
            )
            stripe_id = checkout.get("subscription")
            if checkout.get("metadata", {}).get("tenant_id") != str(ctx.tenant.id):
                raise NotFound("checkout session")
            if checkout.get("status") != "complete" or not isinstance(stripe_id, str):
                return row
            found = plain(await account.client.v1.subscriptions.retrieve_async(stripe_id))
    return await apply_stripe(session, ctx=ctx, subscription=row, found=found)


async def create_setup_intent(session: AsyncSession, *, ctx: Ctx) -> SetupIntent:
    """A SetupIntent for the member's Stripe customer: Stripe.js saves a card with its secret."""
    member_id = require_member(ctx)
    async with stripe_account(session, ctx=ctx) as account:
        customer = await customer_id(session, ctx=ctx, account=account, member_id=member_id)
        with stripe_errors():
            made = plain(
                await account.client.v1.setup_intents.create_async(
                    params={"customer": customer, "usage": "off_session"}
                )
            )
    return SetupIntent(
        str(made["client_secret"]), str(made["id"]), customer, account.publishable_key
    )
