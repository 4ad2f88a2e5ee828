"""Who may review a product: a member who bought it in an order that was paid, once."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from tenantry.core.context import Ctx
from tenantry.models.catalog import Product
from tenantry.models.order import Order, OrderItem, OrderStatus
from tenantry.models.reviews import Review
from tenantry.resolvers.catalog import get_product

PURCHASED_STATUSES = (
    OrderStatus.PAID,
    OrderStatus.PROCESSING,
    OrderStatus.SHIPPED,
    OrderStatus.COMPLETED,
)


class Ineligible(StrEnum):
    NOT_AUTHENTICATED = "not_authenticated"
    NOT_PURCHASED = "not_purchased"
    ALREADY_REVIEWED = "already_reviewed"


@dataclass(frozen=True)
class Eligibility:
    product: Product
    reason: Ineligible | None = None
    order_id: int | None = None  # the purchase a new review would cite

    @property
    def can_review(self) -> bool:
        return self.reason is None


async def purchase_order_id(
    session: AsyncSession, *, member_id: int, product_id: int
) -> int | None:
    """The member's latest paid (or later, not cancelled or refunded) order of the product."""
    return await session.scalar(
        select(Order.id)
        .join(OrderItem, col(OrderItem.order_id) == col(Order.id))
        .where(
            col(Order.member_id) == member_id,
            col(OrderItem.product_id) == product_id,
            col(Order.status).in_([status.value for status in PURCHASED_STATUSES]),
        )
        .order_by(col(Order.created_at).desc(), col(Order.id).desc())
        .limit(1)
    )


async def own_review(session: AsyncSession, *, member_id: int, product_id: int) -> Review | None:
    return await session.scalar(
        select(Review).where(
            col(Review.member_id) == member_id, col(Review.product_id) == product_id
        )
    )


async def check_eligibility(session: AsyncSession, *, ctx: Ctx, slug: str) -> Eligibility:
    """Why the caller may not review the product of slug, if they may not; unknown: NOT_FOUND."""
    product = await get_product(session, ctx=ctx, slug=slug)
    assert product.id is not None
    principal = ctx.principal
    if not principal.is_member or principal.member_id is None:
        return Eligibility(product, Ineligible.NOT_AUTHENTICATED)
    member_id = principal.member_id
    if await own_review(session, member_id=member_id, product_id=product.id) is not None:
        return Eligibility(product, Ineligible.ALREADY_REVIEWED)
    order_id = await purchase_order_id(session, member_id=member_id, product_id=product.id)
    if order_id is None:
        return Eligibility(product, Ineligible.NOT_PURCHASED)
    return Eligibility(product, order_id=order_id)
