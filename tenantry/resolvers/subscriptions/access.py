"""What a subscription grants lasts while it does: a member has a subscription product while a
subscription to one of its plans is trialing, active or past_due (Stripe's retry window). Each
paid invoice grants the product's download links (through its order) and enrolls the member in
the courses sold as the product; when the subscription ends, the links expire and the
enrollments close (their progress is kept for a later subscription)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from tenantry.core.access import require_member
from tenantry.core.context import Ctx
from tenantry.core.ids import parse_id
from tenantry.models.catalog import ProductFile
from tenantry.models.courses import Course, Enrollment
from tenantry.models.download import DownloadGrant
from tenantry.models.subscriptions import GRANTING_STATUSES, Subscription, SubscriptionPlan
from tenantry.resolvers.courses import subscribed_to


async def has_product_access(session: AsyncSession, *, ctx: Ctx, product_id: object) -> bool:
    """Whether the signed-in member's subscriptions currently grant the product."""
    member_id = require_member(ctx)
    number = parse_id(product_id, "product")
    return await subscribed_to(session, member_id=member_id, product_id=number)


async def _plan_of(session: AsyncSession, subscription: Subscription) -> SubscriptionPlan | None:
    return await session.scalar(
        select(SubscriptionPlan).where(col(SubscriptionPlan.id) == subscription.plan_id)
    )


async def grant_courses(
    session: AsyncSession, *, subscription: Subscription, now: datetime
) -> None:
    """Enrolls the member in the published courses sold as the plan's product, reopening an
    enrollment a past subscription's end had closed."""
    plan = await _plan_of(session, subscription)
    if plan is None or subscription.status not in GRANTING_STATUSES:
        return
    courses = await session.scalars(
        select(Course.id).where(
            col(Course.product_id) == plan.product_id, col(Course.is_published).is_(True)
        )
    )
    for course_id in courses:
        found = await session.scalar(
            select(Enrollment).where(
                col(Enrollment.course_id) == course_id,
                col(Enrollment.member_id) == subscription.member_id,
            )
        )
        if found is not None:
            found.ended_at = None
            continue
        try:
            async with session.begin_nested():
                session.add(
                    Enrollment(
                        course_id=course_id, member_id=subscription.member_id, created_at=now
                    )
                )
        except IntegrityError:
            pass  # the member enrolled themselves meanwhile; the unique key kept one
    await session.flush()


async def revoke_grants(
    session: AsyncSession, *, subscription: Subscription, now: datetime
) -> None:
    """The member's download links for the plan's product expire now and their enrollments in
    its courses close, unless another live subscription still grants the product."""
    plan = await _plan_of(session, subscription)
    if plan is None:
        return
    still = await session.scalar(
        select(Subscription.id)
        .join(SubscriptionPlan, col(SubscriptionPlan.id) == col(Subscription.plan_id))
        .where(
            col(Subscription.member_id) == subscription.member_id,
            col(SubscriptionPlan.product_id) == plan.product_id,
            col(Subscription.status).in_(GRANTING_STATUSES),
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
    courses = select(Course.id).where(col(Course.product_id) == plan.product_id)
    await session.execute(
        update(Enrollment)
        .where(
            col(Enrollment.member_id) == subscription.member_id,
            col(Enrollment.course_id).in_(courses),
            col(Enrollment.ended_at).is_(None),
        )
        .values(ended_at=now)
        .execution_options(synchronize_session=False)
    )
