"""Checkout from the member's cart: a preview that writes nothing, and the order itself.

Everything is priced on the server from today's catalog; a client's prices, totals or status
never reach the order.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from tenantry.core.access import require_member
from tenantry.core.context import Ctx
from tenantry.core.errors import ValidationFailed
from tenantry.models.cart import Cart
from tenantry.models.member import Member
from tenantry.resolvers.cart import CartLine, clear_cart, get_cart, load_lines
from tenantry.resolvers.coupons import CouponQuote, quote_coupon
from tenantry.resolvers.orders.inputs import CheckoutIn, PreviewIn
from tenantry.resolvers.orders.placing import OrderDraft, PlacedOrder, place_order
from tenantry.resolvers.pricing import PricedLine, Totals, compute_totals, needs_shipping
from tenantry.resolvers.stock import StockLine

EMPTY_CART = "Your cart is empty."
ADDRESS_REQUIRED = "The shipping address field is required."


@dataclass(frozen=True)
class OrderPreview:
    lines: list[PricedLine]
    totals: Totals
    needs_shipping: bool
    coupon_code: str | None = None
    coupon_error: str | None = None


async def _cart(
    session: AsyncSession, *, ctx: Ctx, for_update: bool = False
) -> tuple[Cart | None, list[CartLine]]:
    cart = await get_cart(session, ctx=ctx, cart_token=None, for_update=for_update)
    if cart is None:
        return None, []
    return cart, await load_lines(session, cart=cart)


async def preview_order(session: AsyncSession, *, ctx: Ctx, data: PreviewIn) -> OrderPreview:
    """What create_order_from_cart would charge now. A coupon that does not apply is reported,
    not raised, and the totals are shown without it."""
    member_id = require_member(ctx)
    cart, lines = await _cart(session, ctx=ctx)
    priced = [line.priced() for line in lines if line.purchasable]
    code = data.coupon_code or (cart.coupon_code if cart else None) or None
    discount, error = 0, None
    if code and priced:
        try:
            quote = await quote_coupon(
                session, ctx=ctx, code=code, lines=priced, member_id=member_id
            )
            discount = quote.discount
        except ValidationFailed as exc:
            error = next((m for messages in exc.fields.values() for m in messages), exc.message)
    return OrderPreview(
        lines=priced,
        totals=compute_totals(ctx, priced, discount=discount),
        needs_shipping=needs_shipping(priced),
        coupon_code=code,
        coupon_error=error,
    )


async def create_order_from_cart(
    session: AsyncSession, *, ctx: Ctx, data: CheckoutIn, numbers: Iterator[str] | None = None
) -> PlacedOrder:
    """One transaction: price the cart, quote the coupon, empty the cart, write the order, take
    the stock and redeem the coupon. Fails whole on any problem (empty cart, missing address,
    out of stock, coupon used up): the rollback then gives the cart back as it was."""
    member_id = require_member(ctx)
    # The cart's row lock makes a member's two simultaneous checkouts order the cart once.
    cart, lines = await _cart(session, ctx=ctx, for_update=True)
    if cart is None or not lines:
        raise ValidationFailed({"cart": [EMPTY_CART]})
    gone = [line.priced().name for line in lines if not line.purchasable]
    if gone:
        raise ValidationFailed(
            {"cart": [f"{name} is no longer available; remove it from your cart." for name in gone]}
        )
    priced = [line.priced() for line in lines]
    if needs_shipping(priced) and data.shipping_address is None:
        raise ValidationFailed({"shipping_address": [ADDRESS_REQUIRED]})
    code = data.coupon_code or cart.coupon_code or None
    quote: CouponQuote | None = None
    if code:
        quote = await quote_coupon(session, ctx=ctx, code=code, lines=priced, member_id=member_id)
    member = await session.get(Member, member_id)
    draft = OrderDraft(
        lines=priced,
        stock=[StockLine(line.product, line.variant, line.item.quantity) for line in lines],
        totals=compute_totals(ctx, priced, discount=quote.discount if quote else 0),
        member_id=member_id,
        email=member.email if member else None,
        shipping_address=data.shipping_address.stored() if data.shipping_address else {},
        billing_address=data.billing_address.stored() if data.billing_address else {},
        note=data.note or "",
        coupon=quote,
    )
    # Emptied before place_order, which takes the stock last (see placing.py).
    await clear_cart(session, cart=cart)
    return await place_order(session, ctx=ctx, draft=draft, numbers=numbers)
