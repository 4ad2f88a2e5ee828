"""A guest who signs in keeps what they put in the cart: the guest cart joins the member's."""

from __future__ import annotations

from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from tenantry.core.context import Ctx
from tenantry.core.errors import Unauthenticated
from tenantry.models.cart import Cart, CartItem
from tenantry.resolvers.cart.carts import create_member_cart, guest_cart, member_cart
from tenantry.resolvers.cart.lines import load_lines


async def merge_carts(session: AsyncSession, *, ctx: Ctx, cart_token: str | None) -> Cart:
    """The signed-in member's cart, with the guest cart of cart_token merged into it."""
    member_id = ctx.principal.member_id
    if not ctx.principal.is_member or member_id is None:
        raise Unauthenticated()
    return await merge_guest_cart(session, member_id=member_id, cart_token=cart_token)


async def merge_guest_cart(
    session: AsyncSession, *, member_id: int, cart_token: str | None
) -> Cart:
    """Quantities add up, capped at what is in stock; lines no longer for sale are dropped.

    The guest cart is deleted. An unknown token (or the member's own cart) changes nothing.
    Called by login as well, before the member's token exists, hence member_id.
    """
    target = await member_cart(session, member_id=member_id, for_update=True)
    if target is None:
        target = await create_member_cart(session, member_id=member_id)
    guest = await guest_cart(session, cart_token=cart_token, for_update=True)
    if guest is None or guest.id == target.id:
        return target
    assert target.id is not None
    existing = {
        (line.item.product_id, line.item.variant_id): line
        for line in await load_lines(session, cart=target)
    }
    for line in await load_lines(session, cart=guest):
        if not line.purchasable:
            continue
        key = (line.item.product_id, line.item.variant_id)
        mine = existing.get(key)
        quantity = line.item.quantity + (mine.item.quantity if mine is not None else 0)
        if line.available is not None:
            quantity = min(quantity, line.available)
        if mine is not None:
            mine.item.quantity = max(quantity, mine.item.quantity)
        elif quantity > 0:
            session.add(
                CartItem(
                    cart_id=target.id,
                    product_id=line.item.product_id,
                    variant_id=line.item.variant_id,
                    quantity=quantity,
                    unit_price=line.item.unit_price,
                )
            )
    if target.coupon_code is None:
        target.coupon_code = guest.coupon_code
    await session.execute(
        delete(CartItem)
        .where(col(CartItem.cart_id) == guest.id)
        .execution_options(synchronize_session=False)
    )
    await session.delete(guest)
    await session.flush()
    return target
