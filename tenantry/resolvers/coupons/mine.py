"""The coupons a member can use now: public ones and those assigned to them."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, or_
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from tenantry.core.context import Ctx
from tenantry.core.errors import Unauthenticated
from tenantry.models.coupon import Coupon, CouponAssignment, CouponRedemption


@dataclass(frozen=True)
class MyCoupon:
    coupon: Coupon
    uses_left: int | None  # None: no limit
    assigned: bool


def uses_left(coupon: Coupon, used_by_member: int) -> int | None:
    limits = []
    if coupon.per_member_limit is not None:
        limits.append(coupon.per_member_limit - used_by_member)
    if coupon.usage_limit is not None:
        limits.append(coupon.usage_limit - coupon.usage_count)
    return max(min(limits), 0) if limits else None


async def list_my_coupons(session: AsyncSession, *, ctx: Ctx) -> list[MyCoupon]:
    """Active, inside their window and not used up; three statements."""
    member_id = ctx.principal.member_id
    if not ctx.principal.is_member or member_id is None:
        raise Unauthenticated()
    now = ctx.now()
    assigned_ids = select(CouponAssignment.coupon_id).where(
        col(CouponAssignment.member_id) == member_id
    )
    coupons = list(
        await session.scalars(
            select(Coupon)
            .where(
                col(Coupon.is_active).is_(True),
                or_(col(Coupon.starts_at).is_(None), col(Coupon.starts_at) <= now),
                or_(col(Coupon.ends_at).is_(None), col(Coupon.ends_at) > now),
                or_(col(Coupon.is_public).is_(True), col(Coupon.id).in_(assigned_ids)),
            )
            .order_by(col(Coupon.ends_at).asc().nulls_last(), col(Coupon.id))
        )
    )
    ids = [coupon.id for coupon in coupons if coupon.id is not None]
    if not ids:
        return []
    mine = set(
        await session.scalars(
            select(CouponAssignment.coupon_id).where(
                col(CouponAssignment.member_id) == member_id,
                col(CouponAssignment.coupon_id).in_(ids),
            )
        )
    )
    used = dict(
        (
            await session.execute(
                select(CouponRedemption.coupon_id, func.count(col(CouponRedemption.id)))
                .where(
                    col(CouponRedemption.member_id) == member_id,
                    col(CouponRedemption.coupon_id).in_(ids),
                )
                .group_by(col(CouponRedemption.coupon_id))
            )
        ).all()
    )
    found = []
    for coupon in coupons:
        assert coupon.id is not None
        left = uses_left(coupon, used.get(coupon.id, 0))
        if left is None or left > 0:
            found.append(MyCoupon(coupon=coupon, uses_left=left, assigned=coupon.id in mine))
    return found
