"""Subscriptions: `subscriptionPlans`, `mySubscriptions`, `subscription(id)`,
`hasProductAccess`; mutations for every operation of the REST routes, through the same domain
functions; `subscriptionStatus(id)`."""

from __future__ import annotations

import strawberry

from tenantry.core.inputs import parse_input
from tenantry.core.pagination import PageRequest
from tenantry.resolvers import subscriptions
from tenantry.schema.idempotency import IdempotencyKey
from tenantry.schema.inputs import input_data
from tenantry.schema.pagination import PageInfo
from tenantry.schema.subscriptions.live import Subscription
from tenantry.schema.subscriptions.types import (
    GQLInfo,
    MemberSubscription,
    SaveSubscriptionPlanInput,
    SubscriptionCheckout,
    SubscriptionPage,
    SubscriptionPlan,
    SubscriptionSetupIntent,
)

__all__ = ["Mutation", "Query", "Subscription"]


@strawberry.type
class Query:
    @strawberry.field(description="The active plans (staff also see inactive ones).")
    async def subscription_plans(self, info: GQLInfo) -> list[SubscriptionPlan]:
        context = info.context
        found = await subscriptions.list_plans(context.session, ctx=context.ctx)
        return [SubscriptionPlan.from_model(plan) for plan in found]

    @strawberry.field(description="The signed-in member's subscriptions, newest first.")
    async def my_subscriptions(
        self, info: GQLInfo, page: int = 1, per_page: int = 15
    ) -> SubscriptionPage:
        context = info.context
        request = PageRequest.parse(page, per_page)
        found = await subscriptions.list_my_subscriptions(
            context.session, ctx=context.ctx, request=request
        )
        return SubscriptionPage(
            items=[MemberSubscription.from_model(row) for row in found.items],
            page_info=PageInfo.from_page(found),
        )

    @strawberry.field(
        description="Whether the signed-in member's subscriptions currently grant the product."
    )
    async def has_product_access(self, info: GQLInfo, product_id: strawberry.ID) -> bool:
        context = info.context
        return await subscriptions.has_product_access(
            context.session, ctx=context.ctx, product_id=product_id
        )

    @strawberry.field(description="One of the member's subscriptions (staff: any).")
    async def subscription(self, info: GQLInfo, id: strawberry.ID) -> MemberSubscription:
        context = info.context
        row = await subscriptions.get_subscription(
            context.session, ctx=context.ctx, subscription_id=id
        )
        return MemberSubscription.from_model(row)


@strawberry.type
class Mutation:
    @strawberry.mutation(description="Staff: creates or updates a plan, priced in Stripe.")
    async def save_subscription_plan(
        self, info: GQLInfo, input: SaveSubscriptionPlanInput
    ) -> SubscriptionPlan:
        context = info.context
        data = parse_input(subscriptions.PlanIn, input_data(input))
        plan = await subscriptions.save_plan(context.session, ctx=context.ctx, data=data)
        return SubscriptionPlan.from_model(plan)

    @strawberry.mutation(description="Subscribes the member with a saved card (pm_…).")
    async def create_subscription(
        self,
        info: GQLInfo,
        plan_id: strawberry.ID,
        payment_method_id: str,
        idempotency_key: IdempotencyKey = None,
    ) -> MemberSubscription:
        context = info.context
        given = {"plan_id": plan_id, "payment_method_id": payment_method_id}
        data = parse_input(subscriptions.SubscribeIn, given)
        once = await subscriptions.create_subscription(
            context.session, ctx=context.ctx, data=data, key=idempotency_key
        )
        return MemberSubscription.from_model(once.value)

    @strawberry.mutation(description="A Checkout Session in subscription mode for the plan.")
    async def create_subscription_checkout(
        self, info: GQLInfo, plan_id: strawberry.ID, success_url: str, cancel_url: str
    ) -> SubscriptionCheckout:
        context = info.context
        given = {"plan_id": plan_id, "success_url": success_url, "cancel_url": cancel_url}
        data = parse_input(subscriptions.SubscriptionCheckoutIn, given)
        made = await subscriptions.create_subscription_checkout(
            context.session, ctx=context.ctx, data=data
        )
        return SubscriptionCheckout(
            url=made.url,
            session_id=made.session_id,
            subscription=MemberSubscription.from_model(made.subscription),
        )

    @strawberry.mutation(description="A SetupIntent for saving the member's card.")
    async def create_subscription_setup_intent(self, info: GQLInfo) -> SubscriptionSetupIntent:
        context = info.context
        made = await subscriptions.create_setup_intent(context.session, ctx=context.ctx)
        return SubscriptionSetupIntent(
            client_secret=made.client_secret,
            setup_intent_id=made.setup_intent_id,
            customer_id=made.customer_id,
            publishable_key=made.publishable_key,
        )

    @strawberry.mutation(description="After Stripe's redirect: the subscription Checkout made.")
    async def verify_subscription_checkout(
        self, info: GQLInfo, session_id: str
    ) -> MemberSubscription:
        context = info.context
        data = parse_input(subscriptions.SubscriptionVerifyIn, {"session_id": session_id})
        row = await subscriptions.verify_subscription_checkout(
            context.session, ctx=context.ctx, data=data
        )
        return MemberSubscription.from_model(row)

    @strawberry.mutation(description="Cancels now, or (by default) at the period's end.")
    async def cancel_subscription(
        self, info: GQLInfo, id: strawberry.ID, at_period_end: bool = True
    ) -> MemberSubscription:
        context = info.context
        data = subscriptions.CancelIn(at_period_end=at_period_end)
        row = await subscriptions.cancel_subscription(
            context.session, ctx=context.ctx, subscription_id=id, data=data
        )
        return MemberSubscription.from_model(row)

    @strawberry.mutation(description="Pauses collection; the subscription says paused.")
    async def pause_subscription(self, info: GQLInfo, id: strawberry.ID) -> MemberSubscription:
        context = info.context
        row = await subscriptions.pause_subscription(
            context.session, ctx=context.ctx, subscription_id=id
        )
        return MemberSubscription.from_model(row)

    @strawberry.mutation(description="Resumes a paused subscription.")
    async def resume_subscription(self, info: GQLInfo, id: strawberry.ID) -> MemberSubscription:
        context = info.context
        row = await subscriptions.resume_subscription(
            context.session, ctx=context.ctx, subscription_id=id
        )
        return MemberSubscription.from_model(row)
