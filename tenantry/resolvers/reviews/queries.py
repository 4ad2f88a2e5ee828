"""Reading reviews: a product's visible reviews with their summary, a member's own reviews, and
the batch loads both edges shape them with."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, func
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from tenantry.core.access import require_admin, require_member
from tenantry.core.context import Ctx
from tenantry.core.errors import NotFound
from tenantry.core.ids import distinct_ids
from tenantry.core.pagination import Page, PageRequest, paginate
from tenantry.models.catalog import Product
from tenantry.models.member import Member
from tenantry.models.reviews import Review, ReviewHelpfulVote
from tenantry.resolvers.catalog import get_product
from tenantry.resolvers.reviews.inputs import ReviewQuery, ReviewSort

RATINGS = (1, 2, 3, 4, 5)


@dataclass(frozen=True)
class ReviewSummary:
    average: float  # 0.0 without reviews; rounded like the catalog's product rating
    count: int
    distribution: dict[int, int]


@dataclass(frozen=True)
class ProductReviews:
    product: Product
    page: Page[Review]
    summary: ReviewSummary


def _order_by(sort: ReviewSort) -> list[Any]:
    newest = [col(Review.created_at).desc(), col(Review.id).desc()]
    if sort is ReviewSort.HELPFUL:
        return [col(Review.helpful_count).desc(), *newest]
    if sort is ReviewSort.RATING_DESC:
        return [col(Review.rating).desc(), *newest]
    if sort is ReviewSort.RATING_ASC:
        return [col(Review.rating).asc(), *newest]
    return newest


async def review_summary(session: AsyncSession, *, product_id: int) -> ReviewSummary:
    """Visible reviews only, whatever filter the page has."""
    rows = await session.execute(
        select(Review.rating, func.count(col(Review.id)))
        .where(col(Review.product_id) == product_id, col(Review.is_visible).is_(True))
        .group_by(col(Review.rating))
    )
    distribution = dict.fromkeys(RATINGS, 0)
    for rating, count in rows:
        distribution[rating] = count
    total = sum(distribution.values())
    points = sum(rating * count for rating, count in distribution.items())
    average = round(points / total, 2) if total else 0.0
    return ReviewSummary(average=average, count=total, distribution=distribution)


async def list_product_reviews(
    session: AsyncSession,
    *,
    ctx: Ctx,
    slug: str,
    query: ReviewQuery,
    page: PageRequest,
    include_hidden: bool = False,
) -> ProductReviews:
    """Visible reviews of a visible product; admins may ask for hidden ones too."""
    if include_hidden:
        require_admin(ctx)
    product = await get_product(session, ctx=ctx, slug=slug)
    assert product.id is not None
    where: list[ColumnElement[bool]] = [col(Review.product_id) == product.id]
    if not include_hidden:
        where.append(col(Review.is_visible).is_(True))
    if query.rating is not None:
        where.append(col(Review.rating) == query.rating)
    found = await paginate(
        session, select(Review).where(*where).order_by(*_order_by(query.sort)), page
    )
    summary = await review_summary(session, product_id=product.id)
    return ProductReviews(product=product, page=found, summary=summary)


async def list_my_reviews(session: AsyncSession, *, ctx: Ctx, page: PageRequest) -> Page[Review]:
    """The member's reviews, newest first, hidden ones included (they are the author's)."""
    member_id = require_member(ctx)
    query = (
        select(Review)
        .where(col(Review.member_id) == member_id)
        .order_by(col(Review.created_at).desc(), col(Review.id).desc())
    )
    return await paginate(session, query, page)


async def get_review(session: AsyncSession, *, ctx: Ctx, review_id: int) -> Review:
    """A review as the caller may see it: hidden ones only by their author and admins."""
    review = await session.get(Review, review_id)
    principal = ctx.principal
    if review is None:
        raise NotFound("review")
    mine = principal.is_member and review.member_id == principal.member_id
    if not review.is_visible and not mine and not principal.is_admin:
        raise NotFound("review")
    return review


async def own_review_or_404(
    session: AsyncSession, *, ctx: Ctx, review_id: int, for_update: bool = False
) -> Review:
    """Another member's review is indistinguishable from a missing one."""
    member_id = require_member(ctx)
    query = select(Review).where(col(Review.id) == review_id, col(Review.member_id) == member_id)
    if for_update:
        query = query.with_for_update()
    review = await session.scalar(query)
    if review is None:
        raise NotFound("review")
    return review


async def members_by_ids(session: AsyncSession, ids: Iterable[int | None]) -> dict[int, Member]:
    wanted = distinct_ids(ids)
    if not wanted:
        return {}
    rows = await session.scalars(select(Member).where(col(Member.id).in_(wanted)))
    return {row.id: row for row in rows if row.id is not None}


async def helpful_review_ids(
    session: AsyncSession, *, member_id: int | None, review_ids: Iterable[int | None]
) -> set[int]:
    """Which of the reviews the member has marked helpful."""
    wanted = distinct_ids(review_ids)
    if member_id is None or not wanted:
        return set()
    rows = await session.scalars(
        select(ReviewHelpfulVote.review_id).where(
            col(ReviewHelpfulVote.member_id) == member_id,
            col(ReviewHelpfulVote.review_id).in_(wanted),
        )
    )
    return set(rows)


def viewer_member_id(ctx: Ctx) -> int | None:
    principal = ctx.principal
    return principal.member_id if principal.is_member else None
