"""A buyer's coupon: checked against an amount or the cart, and kept on the cart."""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import Field
from sqlalchemy.ext.asyncio import AsyncSession

from tenantry.core.context import Ctx
from tenantry.core.errors import ValidationFailed
from tenantry.core.inputs import Input
from tenantry.models.cart import Cart
from tenantry.models.coupon import Coupon
from tenantry.resolvers.cart.carts import get_cart, get_or_create_cart, member_of
from tenantry.resolvers.cart.lines import load_lines
from tenantry.resolvers.coupons.quotes import (
    check_usable,
    find_coupon,
    quote_amount,
    quote_lines,
)
from tenantry.resolvers.pricing import PricedLine

FIELD = "code"
VALID = "The coupon is valid."
EMPTY_CART = "Your cart is empty."


class CouponCheckIn(Input):
    code: str = Field(min_length=1, max_length=64)
    amount: int | None = Field(default=None, ge=0, le=10**12)


class CouponApplyIn(Input):
    """code null (or empty) takes the coupon off the cart."""

    code: str | None = Field(default=None, max_length=64)


@dataclass(frozen=True)
class CouponCheck:
    coupon: Coupon
    discount: int
    message: str = VALID


async def _cart_lines(session: AsyncSession, *, cart: Cart | None) -> list[PricedLine]:
    if cart is None:
        return []
    return [line.priced() for line in await load_lines(session, cart=cart) if line.purchasable]


async def validate_coupon(
    session: AsyncSession, *, ctx: Ctx, cart_token: str | None, data: CouponCheckIn
) -> CouponCheck:
    """The discount on amount when given, else on the caller's cart; invalid codes are 422."""
    member_id = member_of(ctx)
    if data.amount is not None:
        quote = await quote_amount(
            session, ctx=ctx, code=data.code, amount=data.amount, member_id=member_id, field=FIELD
        )
        return CouponCheck(coupon=quote.coupon, discount=quote.discount)
    cart = await get_cart(session, ctx=ctx, cart_token=cart_token)
    lines = await _cart_lines(session, cart=cart)
    if not lines:
        # Nothing to discount yet: only whether the code can be used at all.
        coupon = await find_coupon(session, code=data.code, field=FIELD)
        await check_usable(session, ctx=ctx, coupon=coupon, member_id=member_id, field=FIELD)
        return CouponCheck(coupon=coupon, discount=0)
    quote = await quote_lines(
        session, ctx=ctx, code=data.code, lines=lines, member_id=member_id, field=FIELD
    )
    return CouponCheck(coupon=quote.coupon, discount=quote.discount)


async def apply_coupon(
    session: AsyncSession, *, ctx: Ctx, cart_token: str | None, data: CouponApplyIn
) -> Cart:
    """Quote the code against the cart, then keep it there; no code removes the coupon."""
    if not data.code:
        plain = await get_or_create_cart(session, ctx=ctx, cart_token=cart_token, for_update=True)
        plain.coupon_code = None
        await session.flush()
        return plain
    cart = await get_cart(session, ctx=ctx, cart_token=cart_token, for_update=True)
    lines = await _cart_lines(session, cart=cart)
    if cart is None or not lines:
        raise ValidationFailed({FIELD: [EMPTY_CART]}, EMPTY_CART)
    quote = await quote_lines(
        session, ctx=ctx, code=data.code, lines=lines, member_id=member_of(ctx), field=FIELD
    )
    cart.coupon_code = quote.coupon.code
    await session.flush()
    return cart
