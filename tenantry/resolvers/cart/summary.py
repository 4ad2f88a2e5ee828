"""The cart as a buyer sees it: lines at today's prices, the coupon's discount, the total."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.ext.asyncio import AsyncSession

from tenantry.core.context import Ctx
from tenantry.core.errors import ValidationFailed
from tenantry.models.cart import Cart
from tenantry.resolvers.cart.carts import member_of
from tenantry.resolvers.cart.lines import CartLine, load_lines
from tenantry.resolvers.coupons.quotes import quote_coupon


@dataclass(frozen=True)
class CartSummary:
    """cart is None for a guest who has no cart yet: an empty cart that was never stored."""

    cart: Cart | None
    currency: str
    lines: list[CartLine] = field(default_factory=list)
    discount: int = 0

    @property
    def coupon_code(self) -> str | None:
        return self.cart.coupon_code if self.cart is not None else None

    @property
    def item_count(self) -> int:
        return sum(line.item.quantity for line in self.lines)

    @property
    def subtotal(self) -> int:
        """Lines no longer for sale are shown but not counted."""
        return sum(line.total for line in self.lines if line.purchasable)

    @property
    def total(self) -> int:
        """Before shipping and tax, which the order preview adds."""
        return max(self.subtotal - self.discount, 0)


async def summarize_cart(session: AsyncSession, *, ctx: Ctx, cart: Cart | None) -> CartSummary:
    if cart is None:
        return CartSummary(cart=None, currency=ctx.tenant.currency)
    lines = await load_lines(session, cart=cart, with_images=True)
    discount = 0
    if cart.coupon_code and lines:
        try:
            quote = await quote_coupon(
                session,
                ctx=ctx,
                code=cart.coupon_code,
                lines=[line.priced() for line in lines if line.purchasable],
                member_id=member_of(ctx),
            )
        except ValidationFailed:
            # The cart changed under the coupon (or it expired): shown, worth nothing now.
            discount = 0
        else:
            discount = quote.discount
    return CartSummary(cart=cart, currency=ctx.tenant.currency, lines=lines, discount=discount)
