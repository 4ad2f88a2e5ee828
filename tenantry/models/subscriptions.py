"""Subscriptions: plans billed through Stripe, members' subscriptions to them, and each member's
Stripe customer."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, Index, UniqueConstraint, text
from sqlmodel import Field

from tenantry.models.base import (
    TenantOwned,
    created_at_field,
    datetime_field,
    enum_field,
    updated_at_field,
)
from tenantry.models.catalog import BillingInterval


class SubscriptionStatus(StrEnum):
    TRIALING = "trialing"
    ACTIVE = "active"
    PAST_DUE = "past_due"
    PAUSED = "paused"
    CANCELED = "canceled"
    INCOMPLETE = "incomplete"


# A subscription in one of these still counts as the member's: a second one of a plan that does
# not allow several is refused by the partial unique index below.
LIVE_STATUSES = (
    SubscriptionStatus.TRIALING,
    SubscriptionStatus.ACTIVE,
    SubscriptionStatus.PAST_DUE,
    SubscriptionStatus.PAUSED,
)
# What a subscription grants (downloads, courses) lasts while it is in one of these; past_due is
# Stripe's retry window.
GRANTING_STATUSES = (
    SubscriptionStatus.TRIALING,
    SubscriptionStatus.ACTIVE,
    SubscriptionStatus.PAST_DUE,
)
_LIVE_SQL = "status IN ('trialing', 'active', 'past_due', 'paused') AND single"


class SubscriptionPlan(TenantOwned, table=True):
    """What a `subscription` product (or one of its variants) costs per interval, and the
    Product and Price (a Plan object) that bill it in Stripe."""

    __tablename__ = "subscription_plan"
    __table_args__ = (
        UniqueConstraint("tenant_id", "product_id", "variant_id"),
        CheckConstraint("amount >= 0", name="amount_not_negative"),
        CheckConstraint("interval_count >= 1", name="interval_count_positive"),
        CheckConstraint("trial_days >= 0", name="trial_days_not_negative"),
    )

    id: int | None = Field(default=None, primary_key=True)
    product_id: int = Field(foreign_key="product.id", ondelete="CASCADE", index=True)
    variant_id: int | None = Field(
        default=None, foreign_key="product_variant.id", ondelete="CASCADE"
    )
    name: str = Field(max_length=300)
    interval: BillingInterval = enum_field(BillingInterval.MONTH)
    interval_count: int = Field(default=1)
    amount: int
    currency: str = Field(max_length=3)
    trial_days: int = Field(default=0)
    allows_multiple: bool = Field(default=False)
    is_active: bool = Field(default=True)
    stripe_product_id: str | None = Field(default=None, max_length=200)
    stripe_price_id: str | None = Field(default=None, max_length=200)
    created_at: datetime = created_at_field()
    updated_at: datetime = updated_at_field()


class Subscription(TenantOwned, table=True):
    """A member's subscription to a plan, as Stripe last reported it."""

    __table_args__ = (
        UniqueConstraint("tenant_id", "stripe_subscription_id"),
        Index("ix_subscription_member", "tenant_id", "member_id"),
        Index(
            "uq_subscription_live",
            "tenant_id",
            "member_id",
            "plan_id",
            unique=True,
            postgresql_where=text(_LIVE_SQL),
            sqlite_where=text(_LIVE_SQL),
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    plan_id: int = Field(foreign_key="subscription_plan.id", ondelete="RESTRICT", index=True)
    member_id: int = Field(foreign_key="member.id", ondelete="CASCADE")
    status: SubscriptionStatus = enum_field(SubscriptionStatus.INCOMPLETE)
    # True unless the plan allows several: only single ones meet the partial unique index.
    single: bool = Field(default=True)
    current_period_start: datetime | None = datetime_field()
    current_period_end: datetime | None = datetime_field()
    cancel_at_period_end: bool = Field(default=False)
    canceled_at: datetime | None = datetime_field()
    stripe_subscription_id: str | None = Field(default=None, max_length=200)
    stripe_customer_id: str | None = Field(default=None, max_length=200)
    # Checkout: the session that will make it, until Stripe has.
    checkout_session_id: str | None = Field(default=None, max_length=200, index=True)
    # Stripe's `created` of the last event applied: an older one arriving later is ignored.
    stripe_event_at: int = Field(default=0)
    created_at: datetime = created_at_field()
    updated_at: datetime = updated_at_field()


class StripeCustomer(TenantOwned, table=True):
    """The Stripe customer that stands for a member in the tenant's Stripe account."""

    __tablename__ = "stripe_customer"
    __table_args__ = (UniqueConstraint("tenant_id", "member_id"),)

    id: int | None = Field(default=None, primary_key=True)
    member_id: int = Field(foreign_key="member.id", ondelete="CASCADE")
    stripe_customer_id: str = Field(max_length=200)
    created_at: datetime = created_at_field()
