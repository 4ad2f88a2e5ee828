from __future__ import annotations

from typing import Annotated

import strawberry

from tenantry.core.inputs import parse_input
from tenantry.core.pagination import DEFAULT_PER_PAGE, PageRequest
from tenantry.resolvers import reviews
from tenantry.schema.pagination import PageInfo
from tenantry.schema.reviews.types import (
    GQLInfo,
    ProductReviewPage,
    Review,
    ReviewEligibility,
    ReviewPage,
    ReviewSort,
    ReviewSummary,
)


@strawberry.type
class Query:
    @strawberry.field(description="A product's visible reviews with the rating summary.")
    async def product_reviews(
        self,
        info: GQLInfo,
        slug: str,
        rating: int | None = None,
        sort: ReviewSort = reviews.ReviewSort.NEWEST,
        page: int = 1,
        per_page: int = DEFAULT_PER_PAGE,
        include_hidden: Annotated[
            bool, strawberry.argument(description="Admins only: hidden reviews too.")
        ] = False,
    ) -> ProductReviewPage:
        context = info.context
        request = PageRequest.parse(page, per_page)
        query = parse_input(reviews.ReviewQuery, {"rating": rating, "sort": sort})
        found = await reviews.list_product_reviews(
            context.session,
            ctx=context.ctx,
            slug=slug,
            query=query,
            page=request,
            include_hidden=include_hidden,
        )
        return ProductReviewPage(
            items=[Review.from_model(review) for review in found.page.items],
            page_info=PageInfo.from_page(found.page),
            summary=ReviewSummary.from_summary(found.summary),
        )

    @strawberry.field(description="Whether the caller may review the product, and why not.")
    async def can_review(self, info: GQLInfo, slug: str) -> ReviewEligibility:
        context = info.context
        found = await reviews.check_eligibility(context.session, ctx=context.ctx, slug=slug)
        return ReviewEligibility(
            can_review=found.can_review,
            reason=found.reason.value if found.reason is not None else None,
        )

    @strawberry.field(description="The member's own reviews, newest first.")
    async def my_reviews(
        self, info: GQLInfo, page: int = 1, per_page: int = DEFAULT_PER_PAGE
    ) -> ReviewPage:
        context = info.context
        request = PageRequest.parse(page, per_page)
        found = await reviews.list_my_reviews(context.session, ctx=context.ctx, page=request)
        return ReviewPage(
            items=[Review.from_model(review) for review in found.items],
            page_info=PageInfo.from_page(found),
        )
