"""Plans: staff save what a `subscription` product (or variant) costs per interval; saving
creates the Stripe Product and a Stripe Plan (a Price object Stripe's Plans API makes, which
localstripe also speaks) and keeps their ids. A changed amount or interval makes a new Price,
because Stripe's are immutable; running subscriptions keep theirs."""

from __future__ import annotations

from typing import Any

from pydantic import Field
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from tenantry.core.access import require_admin
from tenantry.core.context import Ctx
from tenantry.core.errors import NotFound
from tenantry.core.ids import parse_id
from tenantry.core.inputs import Input, RowId
from tenantry.models.catalog import BillingInterval, Product, ProductType, ProductVariant
from tenantry.models.subscriptions import SubscriptionPlan
from tenantry.resolvers.payments.stripe_client import plain, stripe_account, stripe_errors
from tenantry.resolvers.subscriptions.errors import not_a_subscription_product


class PlanIn(Input):
    product_id: RowId
    variant_id: RowId | None = None
    interval: BillingInterval | None = None
    interval_count: int | None = Field(default=None, ge=1, le=365)
    trial_days: int = Field(default=0, ge=0, le=730)
    allows_multiple: bool = False
    is_active: bool = True


async def list_plans(session: AsyncSession, *, ctx: Ctx) -> list[SubscriptionPlan]:
    """Anyone reads the active plans (a pricing page); staff also see inactive ones."""
    query = select(SubscriptionPlan).order_by(col(SubscriptionPlan.id))
    if not ctx.principal.is_staff and not ctx.principal.is_secret_key:
        query = query.where(col(SubscriptionPlan.is_active).is_(True))
    return list(await session.scalars(query))


async def get_plan(session: AsyncSession, *, plan_id: object) -> SubscriptionPlan:
    number = parse_id(plan_id, "plan")
    plan = await session.scalar(select(SubscriptionPlan).where(col(SubscriptionPlan.id) == number))
    if plan is None or not plan.is_active:
        raise NotFound("plan")
    return plan


async def save_plan(session: AsyncSession, *, ctx: Ctx, data: PlanIn) -> SubscriptionPlan:
    """Creates or updates the plan of a product (and variant), in Stripe first."""
    require_admin(ctx)
    product = await session.scalar(select(Product).where(col(Product.id) == data.product_id))
    if product is None or product.type != ProductType.SUBSCRIPTION:
        raise not_a_subscription_product()
    variant = None
    if data.variant_id is not None:
        variant = await session.scalar(
            select(ProductVariant).where(
                col(ProductVariant.id) == data.variant_id,
                col(ProductVariant.product_id) == product.id,
            )
        )
        if variant is None:
            raise NotFound("variant", param="variant_id")
    plan = await session.scalar(
        select(SubscriptionPlan).where(
            col(SubscriptionPlan.product_id) == product.id,
            col(SubscriptionPlan.variant_id) == data.variant_id
            if data.variant_id is not None
            else col(SubscriptionPlan.variant_id).is_(None),
        )
    )
    assert product.id is not None
    amount = variant.price if variant is not None and variant.price is not None else product.price
    interval = data.interval or product.billing_interval or BillingInterval.MONTH
    count = data.interval_count or product.billing_interval_count or 1
    name = f"{product.name} ({variant.name})" if variant is not None else product.name
    if plan is None:
        plan = SubscriptionPlan(
            product_id=product.id,
            variant_id=data.variant_id,
            name=name,
            amount=amount,
            currency=product.currency,
        )
    priced = (plan.amount, plan.currency, plan.interval, plan.interval_count)
    new_price = plan.stripe_price_id is None or priced != (
        amount,
        product.currency,
        interval,
        count,
    )
    plan.name, plan.amount, plan.currency = name, amount, product.currency
    plan.interval, plan.interval_count = interval, count
    plan.trial_days, plan.allows_multiple = data.trial_days, data.allows_multiple
    plan.is_active = data.is_active
    async with stripe_account(session, ctx=ctx) as account:
        with stripe_errors():
            if plan.stripe_product_id is None:
                made = await account.client.v1.products.create_async(
                    params={"name": name, "metadata": {"tenant_id": str(ctx.tenant.id)}}
                )
                plan.stripe_product_id = str(plain(made)["id"])
            if new_price:
                params: Any = {
                    "product": plan.stripe_product_id,
                    "amount": amount,
                    "currency": product.currency.lower(),
                    "interval": str(interval),
                    "interval_count": count,
                }
                price = await account.client.v1.plans.create_async(params=params)
                plan.stripe_price_id = str(plain(price)["id"])
    session.add(plan)
    await session.flush()
    return plan
