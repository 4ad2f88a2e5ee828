"""A member's subscriptions: read their own, start one with a saved card, cancel (now or at
the period's end), pause and resume. Every change is made in Stripe first; the row copies
Stripe's answer. Staff and secret keys may act on any."""

from __future__ import annotations

from typing import Any

from pydantic import Field
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from tenantry.core.access import reads_as_staff, require_member, require_signed_in
from tenantry.core.context import Ctx
from tenantry.core.errors import NotFound
from tenantry.core.ids import parse_id
from tenantry.core.inputs import Input, RowId
from tenantry.core.pagination import Page, PageRequest, paginate
from tenantry.models.subscriptions import (
    LIVE_STATUSES,
    Subscription,
    SubscriptionPlan,
    SubscriptionStatus,
)
from tenantry.resolvers.idempotency import Once, Result, run_once
from tenantry.resolvers.payments.stripe_client import plain, stripe_account, stripe_errors
from tenantry.resolvers.subscriptions.errors import AlreadySubscribed, SubscriptionEnded
from tenantry.resolvers.subscriptions.plans import get_plan
from tenantry.resolvers.subscriptions.sync import apply_stripe, customer_id

SUBSCRIBE = "subscription.create"


class SubscribeIn(Input):
    plan_id: RowId
    payment_method_id: str = Field(min_length=4, max_length=200, pattern=r"^pm_[A-Za-z0-9_]+$")


class CancelIn(Input):
    at_period_end: bool = True


async def list_my_subscriptions(
    session: AsyncSession, *, ctx: Ctx, request: PageRequest
) -> Page[Subscription]:
    member_id = require_member(ctx)
    query = (
        select(Subscription)
        .where(col(Subscription.member_id) == member_id)
        .order_by(col(Subscription.id).desc())
    )
    return await paginate(session, query, request)


async def get_subscription(
    session: AsyncSession, *, ctx: Ctx, subscription_id: object, lock: bool = False
) -> Subscription:
    """The member's own (any for staff); another's answers NotFound, like a missing one. With
    `lock`, the row is held until the caller's transaction ends (a change in Stripe follows)."""
    require_signed_in(ctx)
    number = parse_id(subscription_id, "subscription")
    query = select(Subscription).where(col(Subscription.id) == number)
    if not reads_as_staff(ctx.principal):
        query = query.where(col(Subscription.member_id) == require_member(ctx))
    found = await session.scalar(query.with_for_update() if lock else query)
    if found is None:
        raise NotFound("subscription")
    return found


async def refuse_second(session: AsyncSession, *, plan: SubscriptionPlan, member_id: int) -> None:
    if plan.allows_multiple:
        return
    live = await session.scalar(
        select(Subscription.id).where(
            col(Subscription.member_id) == member_id,
            col(Subscription.plan_id) == plan.id,
            col(Subscription.status).in_(LIVE_STATUSES),
        )
    )
    if live is not None:
        raise AlreadySubscribed()


async def create_subscription(
    session: AsyncSession, *, ctx: Ctx, data: SubscribeIn, key: str | None = None
) -> Once[Subscription]:
    """Subscribes the member with a card saved through a SetupIntent (or Stripe.js); with an
    Idempotency-Key, a retry answers the first request's subscription (and Stripe, sent a key
    derived from it, makes one subscription however often it is asked)."""
    member_id = require_member(ctx)

    async def replay(ids: Result) -> Subscription:
        return await get_subscription(session, ctx=ctx, subscription_id=ids["subscription_id"])

    def remember(row: Subscription) -> Result:
        assert row.id is not None
        return {"subscription_id": row.id}

    stripe_key = None if key is None else f"subscribe-{ctx.tenant.id}-{member_id}-{key.strip()}"
    return await run_once(
        session,
        ctx=ctx,
        operation=SUBSCRIBE,
        key=key,
        params=data,
        run=lambda: _subscribe(session, ctx=ctx, data=data, stripe_key=stripe_key),
        result=remember,
        replay=replay,
    )


async def _subscribe(
    session: AsyncSession, *, ctx: Ctx, data: SubscribeIn, stripe_key: str | None
) -> Subscription:
    member_id = require_member(ctx)
    plan = await get_plan(session, plan_id=data.plan_id)
    await refuse_second(session, plan=plan, member_id=member_id)
    assert plan.id is not None
    async with stripe_account(session, ctx=ctx) as account:
        customer = await customer_id(session, ctx=ctx, account=account, member_id=member_id)
        with stripe_errors():
            await account.client.v1.payment_methods.attach_async(
                data.payment_method_id, params={"customer": customer}
            )
            await account.client.v1.customers.update_async(
                customer,
                params={"invoice_settings": {"default_payment_method": data.payment_method_id}},
            )
            params: Any = {
                "customer": customer,
                "items": [{"plan": plan.stripe_price_id}],
                "metadata": {"tenant_id": str(ctx.tenant.id), "member_id": str(member_id)},
            }
            if plan.trial_days:
                params["trial_period_days"] = plan.trial_days
            options: Any = {"idempotency_key": stripe_key} if stripe_key else {}
            made = plain(
                await account.client.v1.subscriptions.create_async(params=params, options=options)
            )
        row = Subscription(plan_id=plan.id, member_id=member_id, single=not plan.allows_multiple)
        try:
            return await apply_stripe(session, ctx=ctx, subscription=row, found=made)
        except AlreadySubscribed:
            # Another request subscribed the member meanwhile: this one must not bill too.
            with stripe_errors():
                await account.client.v1.subscriptions.cancel_async(str(made["id"]))
            raise


async def _live(session: AsyncSession, *, ctx: Ctx, subscription_id: object) -> Subscription:
    found = await get_subscription(session, ctx=ctx, subscription_id=subscription_id, lock=True)
    if found.status == SubscriptionStatus.CANCELED or found.stripe_subscription_id is None:
        raise SubscriptionEnded()
    return found


async def cancel_subscription(
    session: AsyncSession, *, ctx: Ctx, subscription_id: object, data: CancelIn
) -> Subscription:
    found = await _live(session, ctx=ctx, subscription_id=subscription_id)
    stripe_id = found.stripe_subscription_id
    assert stripe_id is not None
    async with stripe_account(session, ctx=ctx) as account:
        with stripe_errors():
            if data.at_period_end:
                answer = await account.client.v1.subscriptions.update_async(
                    stripe_id, params={"cancel_at_period_end": True}
                )
            else:
                answer = await account.client.v1.subscriptions.cancel_async(stripe_id)
    return await apply_stripe(session, ctx=ctx, subscription=found, found=plain(answer))


async def pause_subscription(
    session: AsyncSession, *, ctx: Ctx, subscription_id: object
) -> Subscription:
    """Stripe's pause_collection (invoices voided meanwhile); our status says paused."""
    found = await _live(session, ctx=ctx, subscription_id=subscription_id)
    return await _set_pause(session, ctx=ctx, found=found, pause={"behavior": "void"})


async def resume_subscription(
    session: AsyncSession, *, ctx: Ctx, subscription_id: object
) -> Subscription:
    found = await _live(session, ctx=ctx, subscription_id=subscription_id)
    return await _set_pause(session, ctx=ctx, found=found, pause="")


async def _set_pause(
    session: AsyncSession, *, ctx: Ctx, found: Subscription, pause: Any
) -> Subscription:
    stripe_id = found.stripe_subscription_id
    assert stripe_id is not None
    async with stripe_account(session, ctx=ctx) as account:
        with stripe_errors():
            answer = await account.client.v1.subscriptions.update_async(
                stripe_id, params={"pause_collection": pause}
            )
    return await apply_stripe(session, ctx=ctx, subscription=found, found=plain(answer))
