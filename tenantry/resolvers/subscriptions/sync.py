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
from tenantry.models.subscriptions import StripeCustomer, Subscription, SubscriptionStatus
from tenantry.resolvers.payments.stripe_client import StripeAccount, plain, stripe_errors
from tenantry.resolvers.subscriptions.errors import AlreadySubscribed

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
    session: AsyncSession, *, subscription: Subscription, found: dict[str, Any]
) -> Subscription:
    """Copies Stripe's state onto the row; a second live one of a single plan is refused by the
    database's partial unique index (AlreadySubscribed)."""
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
        subscription.canceled_at = datetime.now(UTC)
    session.add(subscription)
    try:
        async with session.begin_nested():
            await session.flush()
    except IntegrityError:
        raise AlreadySubscribed() from None
    return subscription


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
