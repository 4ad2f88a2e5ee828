"""Whose cart a call means: the signed-in member's, or a guest's found by its token."""

from __future__ import annotations

import secrets

from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from tenantry.core.context import Ctx
from tenantry.models.cart import Cart, CartItem

TOKEN_BYTES = 32
MAX_TOKEN_LENGTH = 64


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def member_of(ctx: Ctx) -> int | None:
    return ctx.principal.member_id if ctx.principal.is_member else None


def usable_token(cart_token: str | None) -> str | None:
    token = (cart_token or "").strip()
    return token if 0 < len(token) <= MAX_TOKEN_LENGTH else None


async def member_cart(
    session: AsyncSession, *, member_id: int, for_update: bool = False
) -> Cart | None:
    query = select(Cart).where(col(Cart.member_id) == member_id)
    if for_update:
        query = query.with_for_update()
    return await session.scalar(query)


async def guest_cart(
    session: AsyncSession, *, cart_token: str | None, for_update: bool = False
) -> Cart | None:
    token = usable_token(cart_token)
    if token is None:
        return None
    query = select(Cart).where(col(Cart.token) == token, col(Cart.member_id).is_(None))
    if for_update:
        query = query.with_for_update()
    return await session.scalar(query)


async def get_cart(
    session: AsyncSession, *, ctx: Ctx, cart_token: str | None, for_update: bool = False
) -> Cart | None:
    """A member always means their own cart; a cart token only names a guest cart."""
    principal = ctx.principal
    if principal.is_member and principal.member_id is not None:
        return await member_cart(session, member_id=principal.member_id, for_update=for_update)
    return await guest_cart(session, cart_token=cart_token, for_update=for_update)


async def get_or_create_cart(
    session: AsyncSession, *, ctx: Ctx, cart_token: str | None, for_update: bool = False
) -> Cart:
    cart = await get_cart(session, ctx=ctx, cart_token=cart_token, for_update=for_update)
    if cart is not None:
        return cart
    principal = ctx.principal
    if principal.is_member and principal.member_id is not None:
        return await create_member_cart(session, member_id=principal.member_id)
    # An unknown token gets a fresh one: a client never chooses its own token.
    cart = Cart(token=new_token())
    session.add(cart)
    await session.flush()
    return cart


async def create_member_cart(session: AsyncSession, *, member_id: int) -> Cart:
    """Two first requests of one member may race here; the unique key keeps one cart."""
    cart = Cart(member_id=member_id)
    try:
        async with session.begin_nested():
            session.add(cart)
    except IntegrityError:
        existing = await member_cart(session, member_id=member_id, for_update=True)
        if existing is None:
            raise
        return existing
    return cart


async def cart_items(session: AsyncSession, *, cart: Cart) -> list[CartItem]:
    rows = await session.scalars(
        select(CartItem).where(col(CartItem.cart_id) == cart.id).order_by(col(CartItem.id))
    )
    return list(rows)


async def clear_cart(session: AsyncSession, *, cart: Cart) -> None:
    """Empty the cart and forget its coupon (an order has just used both, or the buyer asked)."""
    await session.execute(
        delete(CartItem)
        .where(col(CartItem.cart_id) == cart.id)
        .execution_options(synchronize_session=False)
    )
    cart.coupon_code = None
    await session.flush()


async def clear_my_cart(session: AsyncSession, *, ctx: Ctx, cart_token: str | None) -> Cart:
    cart = await get_or_create_cart(session, ctx=ctx, cart_token=cart_token, for_update=True)
    await clear_cart(session, cart=cart)
    return cart
