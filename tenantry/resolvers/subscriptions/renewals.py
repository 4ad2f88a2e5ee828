"""A paid invoice as an order: each period Stripe charges is recorded through the orders domain
as a paid order of the plan's product for the member, so that its download links follow as they
would for a one-time purchase; the courses sold as the product are opened to the member."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from tenantry.core.context import Ctx
from tenantry.models.catalog import Product, ProductVariant
from tenantry.models.member import Member
from tenantry.models.order import Order, OrderStatus
from tenantry.models.subscriptions import Subscription, SubscriptionPlan
from tenantry.resolvers.orders import change_status
from tenantry.resolvers.orders.placing import OrderDraft, place_order
from tenantry.resolvers.pricing import PricedLine, compute_totals
from tenantry.resolvers.subscriptions.access import grant_courses


async def record_paid_invoice(
    session: AsyncSession, *, ctx: Ctx, subscription: Subscription, invoice: dict[str, Any]
) -> Order | None:
    """The invoice's order, paid; None when the plan's product is gone."""
    plan = await session.scalar(
        select(SubscriptionPlan).where(col(SubscriptionPlan.id) == subscription.plan_id)
    )
    product = await session.scalar(
        select(Product).where(col(Product.id) == (plan.product_id if plan else None))
    )
    if plan is None or product is None or product.id is None:
        return None
    variant = None
    if plan.variant_id is not None:
        variant = await session.scalar(
            select(ProductVariant).where(col(ProductVariant.id) == plan.variant_id)
        )
    member = await session.scalar(select(Member).where(col(Member.id) == subscription.member_id))
    line = PricedLine(
        product_id=product.id,
        variant_id=variant.id if variant else None,
        category_id=product.category_id,
        product_type=str(product.type),
        name=plan.name,
        sku=(variant.sku if variant else None) or product.sku,
        options=dict(variant.options) if variant else {},
        unit_price=plan.amount,
        quantity=1,
    )
    draft = OrderDraft(
        lines=[line],
        stock=[],
        totals=compute_totals(ctx, [line], discount=0),
        member_id=subscription.member_id,
        email=member.email if member else None,
        note=f"Subscription {subscription.id}, Stripe invoice {invoice.get('id') or ''}"[:500],
    )
    placed = await place_order(session, ctx=ctx, draft=draft)
    paid = await change_status(session, ctx=ctx, order=placed.order, status=OrderStatus.PAID)
    await grant_courses(session, subscription=subscription, now=ctx.now())
    return paid
