"""What a subscription grants lasts while it does: a member has a subscription product while a
subscription to one of its plans is trialing, active or past_due (Stripe's retry window), and
the download links its paid invoices granted expire when it ends."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from tenantry.core.access import require_member
from tenantry.core.context import Ctx
from tenantry.core.ids import parse_id
from tenantry.models.catalog import ProductFile
from tenantry.models.download import DownloadGrant
from tenantry.models.subscriptions import Subscription, SubscriptionPlan, SubscriptionStatus

GRANTING = (SubscriptionStatus.TRIALING, SubscriptionStatus.ACTIVE, SubscriptionStatus.PAST_DUE)


async def has_product_access(session: AsyncSession, *, ctx: Ctx, product_id: object) -> bool:
    """Whether the signed-in member's subscriptions currently grant the product."""
    member_id = require_member(ctx)
    number = parse_id(product_id, "product")
    found = await session.scalar(
        select(Subscription.id)
        .join(SubscriptionPlan, col(SubscriptionPlan.id) == col(Subscription.plan_id))
        .where(
            col(Subscription.member_id) == member_id,
            col(SubscriptionPlan.product_id) == number,
            col(Subscription.status).in_(GRANTING),
        )
        .limit(1)
    )
    return found is not None


async def revoke_grants(
    session: AsyncSession, *, subscription: Subscription, now: datetime
) -> None:
    """The member's download links for the plan's product expire now, unless another live
    subscription still grants it."""
    plan = await session.scalar(
        select(SubscriptionPlan).where(col(SubscriptionPlan.id) == subscription.plan_id)
    )
    if plan is None:
        return
    still = await session.scalar(
        select(Subscription.id)
        .join(SubscriptionPlan, col(SubscriptionPlan.id) == col(Subscription.plan_id))
        .where(
            col(Subscription.member_id) == subscription.member_id,
            col(SubscriptionPlan.product_id) == plan.product_id,
            col(Subscription.status).in_(GRANTING),
            col(Subscription.id) != subscription.id,
        )
        .limit(1)
    )
    if still is not None:
        return
    files = select(ProductFile.id).where(col(ProductFile.product_id) == plan.product_id)
    await session.execute(
        update(DownloadGrant)
        .where(
            col(DownloadGrant.member_id) == subscription.member_id,
            col(DownloadGrant.product_file_id).in_(files),
            (col(DownloadGrant.expires_at).is_(None)) | (col(DownloadGrant.expires_at) > now),
        )
        .values(expires_at=now)
        .execution_options(synchronize_session=False)
    )
