"""Whether a coupon applies, and what it takes off: quoted on the server from priced lines."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from tenantry.core.context import Ctx
from tenantry.core.errors import ValidationFailed
from tenantry.models.coupon import Coupon, CouponAssignment, CouponRedemption, CouponType
from tenantry.money import format_price
from tenantry.resolvers.pricing import PricedLine, divide_half_up

FIELD = "coupon_code"
INVALID = "The coupon code is invalid."
NOT_STARTED = "This coupon is not valid yet."
EXPIRED = "This coupon has expired."
EXHAUSTED = "This coupon has reached its usage limit."
USED_UP = "You have already used this coupon the maximum number of times."
MEMBERS_ONLY = "Log in to use this coupon."
NOT_APPLICABLE = "This coupon does not apply to any item in your cart."


@dataclass(frozen=True)
class CouponQuote:
    coupon: Coupon
    discount: int


def _fail(field: str, message: str) -> ValidationFailed:
    """The reason is the message too: a coupon's answer is the one thing the buyer reads."""
    return ValidationFailed({field: [message]}, message)


def normalize_code(code: str | None) -> str:
    return (code or "").strip().upper()


def applies_to(coupon: Coupon, line: PricedLine) -> bool:
    """No restriction means every line; otherwise a listed product or a listed category."""
    if not coupon.product_ids and not coupon.category_ids:
        return True
    return line.product_id in coupon.product_ids or (
        line.category_id is not None and line.category_id in coupon.category_ids
    )


def discount_for(coupon: Coupon, applicable_total: int) -> int:
    if applicable_total <= 0:
        return 0
    if coupon.type == CouponType.PERCENT:
        amount = divide_half_up(applicable_total * coupon.value, 100)
        if coupon.max_discount is not None:
            amount = min(amount, coupon.max_discount)
    else:
        amount = coupon.value
    return max(min(amount, applicable_total), 0)


async def find_coupon(session: AsyncSession, *, code: str | None, field: str = FIELD) -> Coupon:
    normalized = normalize_code(code)
    coupon = None
    if normalized:
        coupon = await session.scalar(select(Coupon).where(col(Coupon.code) == normalized))
    if coupon is None or not coupon.is_active:
        raise _fail(field, INVALID)
    return coupon


async def member_redemptions(session: AsyncSession, *, coupon_id: int, member_id: int) -> int:
    used = await session.scalar(
        select(func.count(col(CouponRedemption.id))).where(
            col(CouponRedemption.coupon_id) == coupon_id,
            col(CouponRedemption.member_id) == member_id,
        )
    )
    return int(used or 0)


async def check_usable(
    session: AsyncSession, *, ctx: Ctx, coupon: Coupon, member_id: int | None, field: str = FIELD
) -> None:
    """Window, usage limits and assignment; everything except the order's contents."""
    assert coupon.id is not None
    now = ctx.now()
    if coupon.starts_at is not None and now < coupon.starts_at:
        raise _fail(field, NOT_STARTED)
    if coupon.ends_at is not None and now >= coupon.ends_at:
        raise _fail(field, EXPIRED)
    if coupon.usage_limit is not None and coupon.usage_count >= coupon.usage_limit:
        raise _fail(field, EXHAUSTED)
    # A private coupon assigned to members is theirs alone; public ones are everyone's.
    assigned = 0
    if not coupon.is_public:
        assigned = (
            await session.scalar(
                select(func.count(col(CouponAssignment.id))).where(
                    col(CouponAssignment.coupon_id) == coupon.id
                )
            )
            or 0
        )
    if (assigned or coupon.per_member_limit is not None) and member_id is None:
        raise _fail(field, MEMBERS_ONLY)
    if assigned:
        mine = await session.scalar(
            select(CouponAssignment.id).where(
                col(CouponAssignment.coupon_id) == coupon.id,
                col(CouponAssignment.member_id) == member_id,
            )
        )
        if mine is None:
            raise _fail(field, INVALID)
    if member_id is not None and coupon.per_member_limit is not None:
        used = await member_redemptions(session, coupon_id=coupon.id, member_id=member_id)
        if used >= coupon.per_member_limit:
            raise _fail(field, USED_UP)


def check_amounts(
    ctx: Ctx, coupon: Coupon, *, subtotal: int, applicable_total: int, field: str = FIELD
) -> int:
    """The discount on these amounts, or why the order does not qualify."""
    if subtotal < coupon.min_order_amount:
        minimum = format_price(coupon.min_order_amount, ctx.tenant.currency)
        raise _fail(field, f"This coupon requires a minimum order of {minimum}.")
    if applicable_total <= 0:
        raise _fail(field, NOT_APPLICABLE)
    return discount_for(coupon, applicable_total)


async def quote_coupon(
    session: AsyncSession,
    *,
    ctx: Ctx,
    code: str,
    lines: Sequence[PricedLine],
    member_id: int | None,
) -> CouponQuote:
    return await quote_lines(
        session, ctx=ctx, code=code, lines=lines, member_id=member_id, field=FIELD
    )


async def quote_lines(
    session: AsyncSession,
    *,
    ctx: Ctx,
    code: str,
    lines: Sequence[PricedLine],
    member_id: int | None,
    field: str,
) -> CouponQuote:
    """quote_coupon, naming the input field that the errors belong to."""
    coupon = await find_coupon(session, code=code, field=field)
    await check_usable(session, ctx=ctx, coupon=coupon, member_id=member_id, field=field)
    subtotal = sum(line.total for line in lines)
    applicable = sum(line.total for line in lines if applies_to(coupon, line))
    discount = check_amounts(
        ctx, coupon, subtotal=subtotal, applicable_total=applicable, field=field
    )
    return CouponQuote(coupon=coupon, discount=discount)


async def quote_amount(
    session: AsyncSession, *, ctx: Ctx, code: str, amount: int, member_id: int | None, field: str
) -> CouponQuote:
    """A quote for a bare amount (the SDK's validateCoupon(code, amount)): no lines to restrict."""
    coupon = await find_coupon(session, code=code, field=field)
    await check_usable(session, ctx=ctx, coupon=coupon, member_id=member_id, field=field)
    discount = check_amounts(ctx, coupon, subtotal=amount, applicable_total=amount, field=field)
    return CouponQuote(coupon=coupon, discount=discount)
