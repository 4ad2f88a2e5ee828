"""Using a coupon up, inside the order's transaction, so that its limits hold under load."""

from __future__ import annotations

from sqlalchemy import CursorResult, or_, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.attributes import set_committed_value
from sqlmodel import col, select

from tenantry.core.context import Ctx
from tenantry.core.errors import Conflict, ValidationFailed
from tenantry.models.coupon import Coupon, CouponRedemption
from tenantry.resolvers.coupons.quotes import (
    EXHAUSTED,
    FIELD,
    INVALID,
    USED_UP,
    CouponQuote,
    member_redemptions,
)


class CouponExhausted(Conflict):
    default_code = "coupon_exhausted"
    default_message = EXHAUSTED


class CouponUsedUp(Conflict):
    default_code = "coupon_used"
    default_message = USED_UP


async def redeem_coupon(
    session: AsyncSession,
    *,
    ctx: Ctx,
    quote: CouponQuote,
    member_id: int | None,
    order_id: int,
) -> None:
    """Count one use of the quoted coupon for this order.

    The row lock serializes redemptions of one coupon (SQLite's BEGIN IMMEDIATE already
    serializes whole transactions), so the per-member count cannot be raced; the conditional
    UPDATE is the database's own guard for usage_limit.
    """
    coupon_id = quote.coupon.id
    assert coupon_id is not None
    # FOR NO KEY UPDATE: the order inserted just before holds a foreign-key share lock on this
    # row, as does every other checkout's; FOR UPDATE would wait on theirs while they wait on
    # ours (a deadlock). This lock only excludes another redemption, which is all it is for.
    locked = await session.scalar(
        select(Coupon)
        .where(col(Coupon.id) == coupon_id)
        .with_for_update(key_share=True)
        .execution_options(populate_existing=True)
    )
    if locked is None:
        raise ValidationFailed.single(FIELD, INVALID)
    if member_id is not None and locked.per_member_limit is not None:
        used = await member_redemptions(session, coupon_id=coupon_id, member_id=member_id)
        if used >= locked.per_member_limit:
            raise CouponUsedUp()
    result = await session.execute(
        update(Coupon)
        .where(
            col(Coupon.id) == coupon_id,
            or_(
                col(Coupon.usage_limit).is_(None),
                col(Coupon.usage_count) < col(Coupon.usage_limit),
            ),
        )
        .values(usage_count=col(Coupon.usage_count) + 1)
        .execution_options(synchronize_session=False)
    )
    assert isinstance(result, CursorResult)
    if result.rowcount == 0:
        raise CouponExhausted()
    # Not an attribute change: a later flush must not write this count back over others.
    set_committed_value(locked, "usage_count", locked.usage_count + 1)
    session.add(
        CouponRedemption(
            coupon_id=coupon_id, member_id=member_id, order_id=order_id, discount=quote.discount
        )
    )
    await session.flush()
