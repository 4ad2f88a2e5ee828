"""Helpful votes: one per member and review, toggled; the review's count moves only with a vote
row actually inserted or deleted, so it always equals the number of votes."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import CursorResult, delete, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from tenantry.core.access import require_member
from tenantry.core.context import Ctx
from tenantry.core.errors import ValidationFailed
from tenantry.models.reviews import Review, ReviewHelpfulVote
from tenantry.resolvers.reviews.queries import get_review


@dataclass(frozen=True)
class HelpfulVote:
    review: Review
    is_helpful: bool


async def toggle_helpful(session: AsyncSession, *, ctx: Ctx, review_id: int) -> HelpfulVote:
    member_id = require_member(ctx)
    review = await get_review(session, ctx=ctx, review_id=review_id)
    if review.member_id == member_id:
        raise ValidationFailed.single("review", "You cannot mark your own review as helpful.")
    removed = await session.execute(
        delete(ReviewHelpfulVote)
        .where(
            col(ReviewHelpfulVote.review_id) == review_id,
            col(ReviewHelpfulVote.member_id) == member_id,
        )
        .execution_options(synchronize_session=False)
    )
    assert isinstance(removed, CursorResult)
    change, helpful = -1, False
    if removed.rowcount == 0:
        change, helpful = 1, True
        try:
            async with session.begin_nested():
                session.add(
                    ReviewHelpfulVote(
                        review_id=review_id, member_id=member_id, created_at=ctx.now()
                    )
                )
        except IntegrityError:
            # The member's concurrent request voted first: the vote stands, counted once.
            change = 0
    if change:
        await session.execute(
            update(Review)
            .where(col(Review.id) == review_id)
            # A vote is not an edit: keep updated_at from its onupdate default.
            .values(
                helpful_count=col(Review.helpful_count) + change,
                updated_at=col(Review.updated_at),
            )
            .execution_options(synchronize_session=False)
        )
    await session.refresh(review)
    return HelpfulVote(review=review, is_helpful=helpful)
