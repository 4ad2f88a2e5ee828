"""Moving wishlist items into the member's cart, one unit each, through the cart's own rules.

An item the cart refuses (out of stock, no longer sold, a variant to choose) stays in the
wishlist and is reported; the others move. Each attempt runs in a savepoint, so a refusal
leaves nothing half done.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pydantic import Field
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from tenantry.core.access import require_member
from tenantry.core.context import Ctx
from tenantry.core.errors import DomainError, ValidationFailed
from tenantry.core.inputs import Input, RowId
from tenantry.core.pagination import MAX_PER_PAGE
from tenantry.models.wishlist import WishlistItem
from tenantry.resolvers import cart as carts

NOT_FOUND = "not_found"
OUT_OF_STOCK = "out_of_stock"
VARIANT_REQUIRED = "variant_required"
UNAVAILABLE = "unavailable"


class MoveToCartIn(Input):
    item_ids: list[RowId] | None = Field(default=None, max_length=MAX_PER_PAGE)


@dataclass(frozen=True)
class MoveFailure:
    item_id: int
    reason: str
    message: str


@dataclass(frozen=True)
class MoveResult:
    moved: list[int] = field(default_factory=list)
    failed: list[MoveFailure] = field(default_factory=list)


def _reason(exc: DomainError) -> str:
    return exc.code if exc.code in (OUT_OF_STOCK, VARIANT_REQUIRED) else UNAVAILABLE


def _message(exc: DomainError) -> str:
    if isinstance(exc, ValidationFailed):
        return next((m for messages in exc.fields.values() for m in messages), exc.message)
    return exc.message


async def move_wishlist_to_cart(
    session: AsyncSession, *, ctx: Ctx, data: MoveToCartIn
) -> MoveResult:
    """The given items (all of the member's when none are given), oldest first."""
    member_id = require_member(ctx)
    query = (
        select(WishlistItem)
        .where(col(WishlistItem.member_id) == member_id)
        .order_by(col(WishlistItem.id))
    )
    if data.item_ids is not None:
        query = query.where(col(WishlistItem.id).in_(sorted(set(data.item_ids))))
    items = list(await session.scalars(query))
    result = MoveResult()
    mine = {item.id for item in items}
    for item_id in dict.fromkeys(data.item_ids or []):
        if item_id not in mine:
            result.failed.append(MoveFailure(item_id, NOT_FOUND, "Wishlist item not found."))
    for item in items:
        assert item.id is not None
        line = carts.CartItemIn(product_id=item.product_id, variant_id=item.variant_id, quantity=1)
        try:
            async with session.begin_nested():
                await carts.add_to_cart(session, ctx=ctx, cart_token=None, data=line)
        except DomainError as exc:
            result.failed.append(MoveFailure(item.id, _reason(exc), _message(exc)))
            continue
        await session.delete(item)
        result.moved.append(item.id)
    await session.flush()
    return result
