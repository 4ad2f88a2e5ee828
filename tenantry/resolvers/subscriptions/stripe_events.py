"""Stripe's subscription events, received by the payments domain's webhook (which checks the
signature and handles each event id once) and applied here.

Events may come late, twice or out of order. An event older (Stripe's `created`) than the last
one applied to its subscription changes nothing; any other re-reads the subscription from Stripe
and copies that, so whatever order they come in, the row ends as Stripe has it. If Stripe does
not answer, the whole delivery fails and Stripe sends it again.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from tenantry.core.context import Ctx
from tenantry.core.errors import Unavailable
from tenantry.core.ids import as_id
from tenantry.mail import Mailer
from tenantry.models.member import Member
from tenantry.models.subscriptions import (
    LIVE_STATUSES,
    Subscription,
    SubscriptionPlan,
    SubscriptionStatus,
)
from tenantry.resolvers.payments import EventHandler
from tenantry.resolvers.payments.errors import ProviderUnavailable
from tenantry.resolvers.payments.stripe_client import plain, stripe_account, stripe_errors
from tenantry.resolvers.subscriptions.renewals import record_paid_invoice
from tenantry.resolvers.subscriptions.sync import apply_stripe

SUBSCRIPTION_EVENTS = (
    "customer.subscription.created",
    "customer.subscription.updated",
    "customer.subscription.deleted",
)
INVOICE_PAID = "invoice.paid"
INVOICE_FAILED = "invoice.payment_failed"


def _subscription_id(obj: dict[str, Any], type_: str) -> str | None:
    if type_ in SUBSCRIPTION_EVENTS:
        found = obj.get("id")
    else:
        parent = (obj.get("parent") or {}).get("subscription_details") or {}
        found = obj.get("subscription") or parent.get("subscription")
    if isinstance(found, dict):
        found = found.get("id")
    return found if isinstance(found, str) and found.startswith("sub_") else None


async def _row_for(
    session: AsyncSession, *, ctx: Ctx, found: dict[str, Any]
) -> Subscription | None:
    """Our row of Stripe's subscription; one made through Checkout before its verify is
    adopted by its metadata (member and plan)."""
    row = await session.scalar(
        select(Subscription)
        .where(col(Subscription.stripe_subscription_id) == str(found["id"]))
        .with_for_update()
    )
    if row is not None:
        return row
    tags = found.get("metadata") or {}
    member_id, plan_id = as_id(tags.get("member_id")), as_id(tags.get("plan_id"))
    if tags.get("tenant_id") != str(ctx.tenant.id) or member_id is None or plan_id is None:
        return None
    plan = await session.scalar(select(SubscriptionPlan).where(col(SubscriptionPlan.id) == plan_id))
    if plan is None or plan.id is None:
        return None
    pending = await session.scalar(
        select(Subscription)
        .where(
            col(Subscription.member_id) == member_id,
            col(Subscription.plan_id) == plan.id,
            col(Subscription.stripe_subscription_id).is_(None),
        )
        .order_by(col(Subscription.id).desc())
        .with_for_update()
    )
    if pending is not None:
        return pending
    # Stripe holds a subscription we did not make (its dashboard, another integration): it is
    # recorded as Stripe has it, outside the one-per-member rule rather than refused forever.
    live = await session.scalar(
        select(Subscription.id).where(
            col(Subscription.member_id) == member_id,
            col(Subscription.plan_id) == plan.id,
            col(Subscription.status).in_(LIVE_STATUSES),
            col(Subscription.single).is_(True),
        )
    )
    return Subscription(
        plan_id=plan.id, member_id=member_id, single=not plan.allows_multiple and live is None
    )


async def _apply_event(
    session: AsyncSession, ctx: Ctx, event: dict[str, Any], *, always: bool = False
) -> Subscription | None:
    """The subscription as Stripe has it now; None when the event is older than the last
    applied (unless `always`: a paid invoice is recorded however late it comes)."""
    stripe_id = _subscription_id(plain(event["data"].get("object")), event["type"])
    if stripe_id is None:
        return None
    async with stripe_account(session, ctx=ctx) as account:
        try:
            with stripe_errors():
                found = plain(await account.client.v1.subscriptions.retrieve_async(stripe_id))
        except ProviderUnavailable:
            raise Unavailable("Stripe did not answer; send the event again.") from None
    row = await _row_for(session, ctx=ctx, found=found)
    created = int(event.get("created") or 0)
    if row is None:
        return None
    if created < row.stripe_event_at:
        return row if always else None
    row.stripe_event_at = created
    return await apply_stripe(session, ctx=ctx, subscription=row, found=found)


async def _mail_failure(
    session: AsyncSession, *, ctx: Ctx, mailer: Mailer, row: Subscription
) -> None:
    member = await session.scalar(select(Member).where(col(Member.id) == row.member_id))
    plan = await session.scalar(
        select(SubscriptionPlan).where(col(SubscriptionPlan.id) == row.plan_id)
    )
    if member is None or plan is None:
        return
    await mailer.queue(
        session,
        tenant_id=ctx.tenant.id,
        to=member.email,
        subject=f"{ctx.tenant.name}: your payment for {plan.name} failed",
        body=(
            f"We could not take the payment for your subscription to {plan.name}. "
            "Please update your card to keep it."
        ),
    )


def stripe_handlers(mailer: Mailer) -> Mapping[str, EventHandler]:
    """The subscription events' handlers, for the webhook to dispatch to."""

    async def failed(session: AsyncSession, ctx: Ctx, event: dict[str, Any]) -> None:
        row = await _apply_event(session, ctx, event)
        if row is not None and row.status == SubscriptionStatus.PAST_DUE:
            await _mail_failure(session, ctx=ctx, mailer=mailer, row=row)

    async def applied(session: AsyncSession, ctx: Ctx, event: dict[str, Any]) -> None:
        await _apply_event(session, ctx, event)

    async def paid(session: AsyncSession, ctx: Ctx, event: dict[str, Any]) -> None:
        row = await _apply_event(session, ctx, event, always=True)
        if row is not None:
            invoice = plain(event["data"].get("object"))
            await record_paid_invoice(session, ctx=ctx, subscription=row, invoice=invoice)

    handlers: dict[str, EventHandler] = dict.fromkeys(SUBSCRIPTION_EVENTS, applied)
    handlers[INVOICE_PAID] = paid
    handlers[INVOICE_FAILED] = failed
    return handlers
