"""Review object types; authors, products and the viewer's votes resolve through loaders."""

from __future__ import annotations

from datetime import datetime

import strawberry
from strawberry.types import Info

from tenantry.models.reviews import Review as ReviewRow
from tenantry.resolvers import reviews
from tenantry.schema.catalog import loaders as catalog_loaders
from tenantry.schema.catalog.types import Product
from tenantry.schema.context import GraphQLContext
from tenantry.schema.pagination import PageInfo
from tenantry.schema.reviews import loaders

GQLInfo = Info[GraphQLContext, None]
# Registered in place: the Python enum itself is the GraphQL enum, so fields annotate with it.
strawberry.enum(reviews.ReviewSort, name="ReviewSort")
ReviewSort = reviews.ReviewSort


@strawberry.type
class ReviewAuthor:
    id: strawberry.ID
    name: str


@strawberry.type
class Review:
    id: strawberry.ID
    rating: int
    title: str
    content: str
    images: list[str]
    helpful_count: int
    is_visible: bool = strawberry.field(description="False once staff have hidden it.")
    created_at: datetime
    updated_at: datetime
    row_id: strawberry.Private[int]
    member_id: strawberry.Private[int]
    product_id: strawberry.Private[int]

    @classmethod
    def from_model(cls, review: ReviewRow) -> Review:
        assert review.id is not None
        return cls(
            id=strawberry.ID(str(review.id)),
            rating=review.rating,
            title=review.title,
            content=review.content,
            images=list(review.images),
            helpful_count=review.helpful_count,
            is_visible=review.is_visible,
            created_at=review.created_at,
            updated_at=review.updated_at,
            row_id=review.id,
            member_id=review.member_id,
            product_id=review.product_id,
        )

    @strawberry.field(description="Whether the signed-in member marked it helpful.")
    async def is_helpful(self, info: GQLInfo) -> bool:
        return await loaders.helpful_by_review_id(info.context).load(self.row_id)

    @strawberry.field
    async def member(self, info: GQLInfo) -> ReviewAuthor:
        found = await loaders.member_by_id(info.context).load(self.member_id)
        return ReviewAuthor(id=strawberry.ID(str(self.member_id)), name=found.name if found else "")

    @strawberry.field
    async def product(self, info: GQLInfo) -> Product | None:
        found = await catalog_loaders.product_by_id(info.context).load(self.product_id)
        return Product.from_model(found) if found else None


@strawberry.type
class ReviewRatingCount:
    rating: int
    count: int


@strawberry.type
class ReviewSummary:
    average: float = strawberry.field(description="Mean of visible reviews; 0 without any.")
    count: int
    distribution: list[ReviewRatingCount] = strawberry.field(description="Ratings 1 to 5.")

    @classmethod
    def from_summary(cls, summary: reviews.ReviewSummary) -> ReviewSummary:
        return cls(
            average=summary.average,
            count=summary.count,
            distribution=[
                ReviewRatingCount(rating=rating, count=count)
                for rating, count in summary.distribution.items()
            ],
        )


@strawberry.type
class ProductReviewPage:
    items: list[Review]
    page_info: PageInfo
    summary: ReviewSummary


@strawberry.type
class ReviewPage:
    items: list[Review]
    page_info: PageInfo


@strawberry.type
class ReviewEligibility:
    can_review: bool
    reason: str | None = strawberry.field(
        description="not_authenticated, not_purchased or already_reviewed; null if allowed."
    )
