"""Subscriptions as GraphQL sees them."""

from __future__ import annotations

from datetime import datetime

import strawberry
from strawberry.types import Info

from tenantry.models.subscriptions import Subscription as SubscriptionRow
from tenantry.models.subscriptions import SubscriptionPlan as PlanRow
from tenantry.models.subscriptions import SubscriptionStatus
from tenantry.schema.context import GraphQLContext
from tenantry.schema.pagination import PageInfo

GQLInfo = Info[GraphQLContext, None]

strawberry.enum(SubscriptionStatus, name="SubscriptionStatus")


@strawberry.type(description="What a subscription product (or variant) costs per interval.")
class SubscriptionPlan:
    id: strawberry.ID
    product_id: strawberry.ID
    variant_id: strawberry.ID | None
    name: str
    interval: str
    interval_count: int
    amount: int
    currency: str
    trial_days: int
    allows_multiple: bool

    @classmethod
    def from_model(cls, plan: PlanRow) -> SubscriptionPlan:
        return cls(
            id=strawberry.ID(str(plan.id)),
            product_id=strawberry.ID(str(plan.product_id)),
            variant_id=strawberry.ID(str(plan.variant_id)) if plan.variant_id else None,
            name=plan.name,
            interval=str(plan.interval),
            interval_count=plan.interval_count,
            amount=plan.amount,
            currency=plan.currency,
            trial_days=plan.trial_days,
            allows_multiple=plan.allows_multiple,
        )


@strawberry.type(description="A member's subscription to a plan, as Stripe last reported it.")
class MemberSubscription:
    id: strawberry.ID
    plan_id: strawberry.ID
    status: SubscriptionStatus
    current_period_start: datetime | None
    current_period_end: datetime | None
    cancel_at_period_end: bool
    canceled_at: datetime | None
    stripe_subscription_id: str | None
    created_at: datetime

    @classmethod
    def from_model(cls, row: SubscriptionRow) -> MemberSubscription:
        return cls(
            id=strawberry.ID(str(row.id)),
            plan_id=strawberry.ID(str(row.plan_id)),
            status=row.status,
            current_period_start=row.current_period_start,
            current_period_end=row.current_period_end,
            cancel_at_period_end=row.cancel_at_period_end,
            canceled_at=row.canceled_at,
            stripe_subscription_id=row.stripe_subscription_id,
            created_at=row.created_at,
        )


@strawberry.type
class SubscriptionPage:
    items: list[MemberSubscription]
    page_info: PageInfo


@strawberry.type(description="A Checkout Session in subscription mode: send the member to url.")
class SubscriptionCheckout:
    url: str | None
    session_id: str
    subscription: MemberSubscription


@strawberry.type(description="A SetupIntent: Stripe.js saves a card with its client secret.")
class SubscriptionSetupIntent:
    client_secret: str
    setup_intent_id: str
    customer_id: str
    publishable_key: str


@strawberry.input
class SaveSubscriptionPlanInput:
    product_id: strawberry.ID
    variant_id: strawberry.ID | None = None
    interval: str | None = None
    interval_count: int | None = None
    trial_days: int = 0
    allows_multiple: bool = False
    is_active: bool = True
