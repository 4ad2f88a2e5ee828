"""A subscription's row as Stripe reports it: the status mapped to ours, the period, the
cancellation. The row follows Stripe and never the other way round."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from tenantry.core.context import Ctx
from tenantry.models.member import Member
from tenantry.models.subscriptions import (
    GRANTING_STATUSES,
    StripeCustomer,
    Subscription,
    SubscriptionStatus,
)
from tenantry.realtime import channels
from tenantry.realtime.events import publish_after_commit
from tenantry.resolvers.events import (
    SUBSCRIPTION_CANCELED,
    SUBSCRIPTION_CREATED,
    SUBSCRIPTION_UPDATED,
    record_event,
)
from tenantry.resolvers.payments.stripe_client import StripeAccount, plain, stripe_errors
from tenantry.resolvers.subscriptions.access import grant_courses, revoke_grants
from tenantry.resolvers.subscriptions.errors import AlreadySubscribed

STATUS_CHANGED = "subscription.status_changed"
_STATUS = {
    "trialing": SubscriptionStatus.TRIALING,
    "active": SubscriptionStatus.ACTIVE,
    "past_due": SubscriptionStatus.PAST_DUE,
    "unpaid": SubscriptionStatus.PAST_DUE,
    "paused": SubscriptionStatus.PAUSED,
    "canceled": SubscriptionStatus.CANCELED,
    "incomplete": SubscriptionStatus.INCOMPLETE,
    "incomplete_expired": SubscriptionStatus.CANCELED,
}


def _time(value: Any) -> datetime | None:
    return datetime.fromtimestamp(int(value), UTC) if isinstance(value, int | float) else None


def stripe_status(found: dict[str, Any]) -> SubscriptionStatus:
    status = _STATUS.get(str(found.get("status")), SubscriptionStatus.INCOMPLETE)
    if status == SubscriptionStatus.ACTIVE and found.get("pause_collection"):
        return SubscriptionStatus.PAUSED
    return status


async def apply_stripe(
    session: AsyncSession, *, ctx: Ctx, subscription: Subscription, found: dict[str, Any]
) -> Subscription:
    """Copies Stripe's state onto the row; a second live one of a single plan is refused by the
    database's partial unique index (AlreadySubscribed). A change is a dialect B event."""
    before = _state(subscription)
    started = subscription.stripe_subscription_id is None
    granted = not started and subscription.status in GRANTING_STATUSES
    subscription.status = stripe_status(found)
    subscription.stripe_subscription_id = str(found["id"])
    customer = found.get("customer")
    if isinstance(customer, str):
        subscription.stripe_customer_id = customer
    start = found.get("current_period_start")
    end = found.get("current_period_end")
    if start is None:  # newer API versions keep the period on the items
        items = (found.get("items") or {}).get("data") or [{}]
        start, end = items[0].get("current_period_start"), items[0].get("current_period_end")
    subscription.current_period_start = _time(start) or subscription.current_period_start
    subscription.current_period_end = _time(end) or subscription.current_period_end
    subscription.cancel_at_period_end = bool(found.get("cancel_at_period_end"))
    subscription.canceled_at = _time(found.get("canceled_at") or found.get("ended_at"))
    if subscription.status == SubscriptionStatus.CANCELED and subscription.canceled_at is None:
        subscription.canceled_at = ctx.now()
    session.add(subscription)
    try:
        async with session.begin_nested():
            await session.flush()
    except IntegrityError:
        raise AlreadySubscribed() from None
    after = _state(subscription)
    if started or after != before:
        assert subscription.tenant_id is not None
        assert subscription.id is not None
        publish_after_commit(
            session,
            channel=channels.subscription(subscription.tenant_id, subscription.id),
            event=STATUS_CHANGED,
            data=subscription_object(subscription),
        )
    if started:
        await _event(session, SUBSCRIPTION_CREATED, subscription)
    granting = subscription.status in GRANTING_STATUSES
    if granting and not granted:
        await grant_courses(session, subscription=subscription, now=ctx.now())
    elif granted and not granting:
        await revoke_grants(session, subscription=subscription, now=ctx.now())
    if after != before and subscription.status == SubscriptionStatus.CANCELED:
        await _event(session, SUBSCRIPTION_CANCELED, subscription)
    elif after != before and not started:
        await _event(session, SUBSCRIPTION_UPDATED, subscription)
    return subscription


def _state(row: Subscription) -> tuple[object, ...]:
    return (
        row.status,
        row.current_period_start,
        row.current_period_end,
        row.cancel_at_period_end,
        row.canceled_at,
    )


def subscription_object(row: Subscription) -> dict[str, Any]:
    """A subscription as dialect B's events carry it."""
    return {
        "id": f"sub_{row.id}",
        "object": "subscription",
        "plan_id": row.plan_id,
        "member_id": row.member_id,
        "status": str(row.status),
        "current_period_start": _unix(row.current_period_start),
        "current_period_end": _unix(row.current_period_end),
        "cancel_at_period_end": row.cancel_at_period_end,
        "canceled_at": _unix(row.canceled_at),
    }


def _unix(value: datetime | None) -> int | None:
    return int(value.timestamp()) if value is not None else None


async def _event(session: AsyncSession, type_: str, row: Subscription) -> None:
    assert row.id is not None
    await record_event(
        session,
        type=type_,
        object_type="subscription",
        object_id=row.id,
        data=subscription_object(row),
    )


async def customer_id(
    session: AsyncSession, *, ctx: Ctx, account: StripeAccount, member_id: int
) -> str:
    """The member's Stripe customer, made once: Stripe's Idempotency-Key is the member's, so
    two requests at once meet one customer."""
    found = await session.scalar(
        select(StripeCustomer.stripe_customer_id).where(col(StripeCustomer.member_id) == member_id)
    )
    if found is not None:
        return found
    member = await session.scalar(select(Member).where(col(Member.id) == member_id))
    params: Any = {
        "email": member.email if member else None,
        "metadata": {"tenant_id": str(ctx.tenant.id), "member_id": str(member_id)},
    }
    joined = member.created_at.timestamp() if member else 0
    key = f"tenantry-customer-{ctx.tenant.id}-{member_id}-{joined}"
    with stripe_errors():
        made = await account.client.v1.customers.create_async(
            params=params, options={"idempotency_key": key}
        )
    made_id = str(plain(made)["id"])
    try:
        async with session.begin_nested():
            session.add(StripeCustomer(member_id=member_id, stripe_customer_id=made_id))
            await session.flush()
    except IntegrityError:
        pass  # another request recorded the same customer meanwhile
    return made_id
