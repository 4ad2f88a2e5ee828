"""Before checkout: what changed since each line was added. Reads only; the cart stays as it is."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.ext.asyncio import AsyncSession

from tenantry.core.context import Ctx
from tenantry.core.errors import ValidationFailed
from tenantry.resolvers.cart.carts import get_cart, member_of
from tenantry.resolvers.cart.lines import CartLine, load_lines
from tenantry.resolvers.coupons.quotes import quote_coupon

EMPTY = "Your cart is empty."


@dataclass(frozen=True)
class LineCheck:
    line: CartLine
    messages: list[str] = field(default_factory=list)

    @property
    def price_changed(self) -> bool:
        return self.line.item.unit_price != self.line.unit_price

    @property
    def insufficient_stock(self) -> bool:
        return self.line.purchasable and not self.line.in_stock

    @property
    def unavailable(self) -> bool:
        return not self.line.purchasable

    @property
    def valid(self) -> bool:
        """A new price is reported, not blocking: checkout charges today's price anyway."""
        return self.line.in_stock


@dataclass(frozen=True)
class CartValidation:
    lines: list[LineCheck]
    messages: list[str]
    coupon_code: str | None = None
    coupon_error: str | None = None

    @property
    def valid(self) -> bool:
        return bool(self.lines) and all(check.valid for check in self.lines)


def check_line(line: CartLine) -> LineCheck:
    name = line.product.name
    messages: list[str] = []
    if not line.purchasable:
        messages.append(f"{name} is no longer available.")
    elif not line.in_stock:
        available = line.available or 0
        messages.append(
            f"{name} is out of stock."
            if available <= 0
            else f"Only {available} of {name} left in stock."
        )
    if line.item.unit_price != line.unit_price:
        messages.append(f"The price of {name} has changed.")
    return LineCheck(line=line, messages=messages)


async def validate_cart(
    session: AsyncSession, *, ctx: Ctx, cart_token: str | None
) -> CartValidation:
    cart = await get_cart(session, ctx=ctx, cart_token=cart_token)
    lines = await load_lines(session, cart=cart) if cart is not None else []
    checks = [check_line(line) for line in lines]
    messages = [message for check in checks for message in check.messages]
    if not checks:
        messages.append(EMPTY)
    coupon_error = None
    code = cart.coupon_code if cart is not None else None
    if code and checks:
        try:
            await quote_coupon(
                session,
                ctx=ctx,
                code=code,
                lines=[line.priced() for line in lines if line.purchasable],
                member_id=member_of(ctx),
            )
        except ValidationFailed as exc:
            coupon_error = next(iter(exc.fields.values()))[0]
            messages.append(coupon_error)
    return CartValidation(
        lines=checks, messages=messages, coupon_code=code, coupon_error=coupon_error
    )
