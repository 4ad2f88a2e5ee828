"""Writing reviews: buyers create one per product and edit or delete their own; admins hide."""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from tenantry.core.access import require_admin, require_member
from tenantry.core.context import Ctx
from tenantry.core.errors import Conflict, Forbidden, NotFound, Unauthenticated
from tenantry.models.reviews import Review
from tenantry.resolvers.reviews.eligibility import Ineligible, check_eligibility
from tenantry.resolvers.reviews.inputs import ReviewIn, ReviewUpdate
from tenantry.resolvers.reviews.queries import own_review_or_404


class AlreadyReviewed(Conflict):
    default_code = Ineligible.ALREADY_REVIEWED.value
    default_message = "You have already reviewed this product."


class NotPurchased(Forbidden):
    default_code = Ineligible.NOT_PURCHASED.value
    default_message = "Only customers who bought this product can review it."


async def create_review(session: AsyncSession, *, ctx: Ctx, slug: str, data: ReviewIn) -> Review:
    member_id = require_member(ctx)
    eligibility = await check_eligibility(session, ctx=ctx, slug=slug)
    if eligibility.reason is Ineligible.NOT_AUTHENTICATED:
        raise Unauthenticated()
    if eligibility.reason is Ineligible.ALREADY_REVIEWED:
        raise AlreadyReviewed()
    if eligibility.reason is Ineligible.NOT_PURCHASED:
        raise NotPurchased()
    assert eligibility.product.id is not None
    now = ctx.now()
    review = Review(
        product_id=eligibility.product.id,
        member_id=member_id,
        order_id=eligibility.order_id,
        rating=data.rating,
        title=data.title,
        content=data.content,
        images=list(data.images),
        created_at=now,
        updated_at=now,
    )
    try:
        # Two first reviews racing: the unique key keeps one, the other is told why.
        async with session.begin_nested():
            session.add(review)
    except IntegrityError:
        raise AlreadyReviewed() from None
    return review


async def update_review(
    session: AsyncSession, *, ctx: Ctx, review_id: int, data: ReviewUpdate
) -> Review:
    review = await own_review_or_404(session, ctx=ctx, review_id=review_id, for_update=True)
    sent = data.model_fields_set
    if data.rating is not None:
        review.rating = data.rating
    if "title" in sent:
        review.title = data.title or ""
    if data.content is not None:
        review.content = data.content
    if "images" in sent:
        review.images = list(data.images or [])
    review.updated_at = ctx.now()
    await session.flush()
    return review


async def delete_review(session: AsyncSession, *, ctx: Ctx, review_id: int) -> None:
    review = await own_review_or_404(session, ctx=ctx, review_id=review_id)
    await session.delete(review)
    await session.flush()


async def set_review_visibility(
    session: AsyncSession, *, ctx: Ctx, review_id: int, visible: bool
) -> Review:
    """Admins hide a review from the product's list and rating, or show it again."""
    require_admin(ctx)
    review = await session.get(Review, review_id)
    if review is None:
        raise NotFound("review")
    review.is_visible = visible
    review.updated_at = ctx.now()
    await session.flush()
    return review
