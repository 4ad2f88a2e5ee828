"""A member's wishlist items: add (once), toggle, annotate, remove.

The unique key (member, product, variant) cannot hold for items without a variant, since SQL
treats NULLs as distinct; every write therefore first locks the member's row, which serialises
one member's wishlist writes on PostgreSQL (SQLite serialises all writers anyway).
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import Field
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from tenantry.core.access import require_member
from tenantry.core.context import Ctx
from tenantry.core.errors import NotFound, ValidationFailed
from tenantry.core.inputs import Input, RowId
from tenantry.models.catalog import Product, ProductStatus, ProductVariant
from tenantry.models.member import Member
from tenantry.models.wishlist import WishlistItem
from tenantry.resolvers.catalog import get_product_by_id, get_variant

MAX_NOTE_LENGTH = 1000


class WishlistItemIn(Input):
    product_id: RowId
    variant_id: RowId | None = None
    note: str | None = Field(default=None, max_length=MAX_NOTE_LENGTH)


class WishlistToggleIn(Input):
    product_id: RowId
    variant_id: RowId | None = None


class WishlistNoteIn(Input):
    note: str = Field(max_length=MAX_NOTE_LENGTH)


@dataclass(frozen=True)
class Added:
    item: WishlistItem
    created: bool  # False: the item was there already


async def _target(
    session: AsyncSession, *, ctx: Ctx, product_id: int, variant_id: int | None
) -> tuple[Product, ProductVariant | None]:
    try:
        product = await get_product_by_id(session, ctx=ctx, product_id=product_id)
    except NotFound:
        product = None
    if product is None or product.status != ProductStatus.ACTIVE:
        raise ValidationFailed.single("product_id", "The selected product is invalid.")
    if variant_id is None:
        return product, None
    try:
        return product, await get_variant(session, product=product, variant_id=variant_id)
    except NotFound:
        raise ValidationFailed.single("variant_id", "The selected variant is invalid.") from None


async def _lock_member(session: AsyncSession, member_id: int) -> None:
    await session.scalar(select(Member.id).where(col(Member.id) == member_id).with_for_update())


async def _find(
    session: AsyncSession, *, member_id: int, product_id: int, variant_id: int | None
) -> WishlistItem | None:
    query = select(WishlistItem).where(
        col(WishlistItem.member_id) == member_id, col(WishlistItem.product_id) == product_id
    )
    if variant_id is None:
        query = query.where(col(WishlistItem.variant_id).is_(None))
    else:
        query = query.where(col(WishlistItem.variant_id) == variant_id)
    return await session.scalar(query)


async def _insert(
    session: AsyncSession,
    *,
    ctx: Ctx,
    member_id: int,
    product: Product,
    variant: ProductVariant | None,
    note: str,
) -> WishlistItem:
    assert product.id is not None
    item = WishlistItem(
        member_id=member_id,
        product_id=product.id,
        variant_id=variant.id if variant is not None else None,
        note=note,
        created_at=ctx.now(),
    )
    session.add(item)
    await session.flush()
    return item


async def add_to_wishlist(session: AsyncSession, *, ctx: Ctx, data: WishlistItemIn) -> Added:
    """Adding what is there already returns that item (with the new note, if one is given)."""
    member_id = require_member(ctx)
    product, variant = await _target(
        session, ctx=ctx, product_id=data.product_id, variant_id=data.variant_id
    )
    await _lock_member(session, member_id)
    existing = await _find(
        session, member_id=member_id, product_id=data.product_id, variant_id=data.variant_id
    )
    if existing is not None:
        if data.note is not None and data.note != existing.note:
            existing.note = data.note
            await session.flush()
        return Added(existing, created=False)
    item = await _insert(
        session,
        ctx=ctx,
        member_id=member_id,
        product=product,
        variant=variant,
        note=data.note or "",
    )
    return Added(item, created=True)


async def toggle_wishlist(
    session: AsyncSession, *, ctx: Ctx, data: WishlistToggleIn
) -> WishlistItem | None:
    """Removes the item if it is there, else adds it; None means it was removed."""
    member_id = require_member(ctx)
    await _lock_member(session, member_id)
    existing = await _find(
        session, member_id=member_id, product_id=data.product_id, variant_id=data.variant_id
    )
    if existing is not None:
        await session.delete(existing)
        await session.flush()
        return None
    product, variant = await _target(
        session, ctx=ctx, product_id=data.product_id, variant_id=data.variant_id
    )
    return await _insert(
        session, ctx=ctx, member_id=member_id, product=product, variant=variant, note=""
    )


async def own_item(session: AsyncSession, *, ctx: Ctx, item_id: int) -> WishlistItem:
    """Another member's item is indistinguishable from a missing one."""
    member_id = require_member(ctx)
    item = await session.scalar(
        select(WishlistItem).where(
            col(WishlistItem.id) == item_id, col(WishlistItem.member_id) == member_id
        )
    )
    if item is None:
        raise NotFound("wishlist item")
    return item


async def update_wishlist_note(
    session: AsyncSession, *, ctx: Ctx, item_id: int, data: WishlistNoteIn
) -> WishlistItem:
    item = await own_item(session, ctx=ctx, item_id=item_id)
    item.note = data.note
    await session.flush()
    return item


async def remove_from_wishlist(session: AsyncSession, *, ctx: Ctx, item_id: int) -> None:
    item = await own_item(session, ctx=ctx, item_id=item_id)
    await session.delete(item)
    await session.flush()
