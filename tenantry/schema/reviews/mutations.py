"""Review writes: buyers create and edit their own; staff hide and show."""

from __future__ import annotations

from typing import Any

import strawberry

from tenantry.core.ids import parse_id
from tenantry.core.inputs import parse_input
from tenantry.resolvers import reviews
from tenantry.schema.catalog import loaders as catalog_loaders
from tenantry.schema.reviews import loaders
from tenantry.schema.reviews.types import GQLInfo, Review


@strawberry.input
class CreateReviewInput:
    rating: int
    content: str
    title: str = ""
    images: list[str] = strawberry.field(default_factory=list)


@strawberry.input(description="Only the fields given change.")
class UpdateReviewInput:
    rating: int | None = strawberry.UNSET
    title: str | None = strawberry.UNSET
    content: str | None = strawberry.UNSET
    images: list[str] | None = strawberry.UNSET


def _given(input: object) -> dict[str, Any]:
    return {k: v for k, v in vars(input).items() if v is not strawberry.UNSET}


@strawberry.type
class Mutation:
    @strawberry.mutation(description="A buyer reviews a product once; others are refused.")
    async def create_review(self, info: GQLInfo, slug: str, input: CreateReviewInput) -> Review:
        context = info.context
        data = parse_input(reviews.ReviewIn, _given(input))
        review = await reviews.create_review(context.session, ctx=context.ctx, slug=slug, data=data)
        catalog_loaders.forget(context)
        return Review.from_model(review)

    @strawberry.mutation(description="The author edits their review.")
    async def update_review(
        self, info: GQLInfo, id: strawberry.ID, input: UpdateReviewInput
    ) -> Review:
        context = info.context
        data = parse_input(reviews.ReviewUpdate, _given(input))
        review = await reviews.update_review(
            context.session, ctx=context.ctx, review_id=parse_id(id, "review"), data=data
        )
        catalog_loaders.forget(context)
        return Review.from_model(review)

    @strawberry.mutation(description="The author deletes their review.")
    async def delete_review(self, info: GQLInfo, id: strawberry.ID) -> bool:
        context = info.context
        await reviews.delete_review(
            context.session, ctx=context.ctx, review_id=parse_id(id, "review")
        )
        catalog_loaders.forget(context)
        return True

    @strawberry.mutation(description="Toggles the member's helpful vote on another's review.")
    async def mark_review_helpful(self, info: GQLInfo, id: strawberry.ID) -> Review:
        context = info.context
        vote = await reviews.toggle_helpful(
            context.session, ctx=context.ctx, review_id=parse_id(id, "review")
        )
        loaders.written(context)
        return Review.from_model(vote.review)

    @strawberry.mutation(description="Staff: hides a review from its product's list and rating.")
    async def hide_review(self, info: GQLInfo, id: strawberry.ID) -> Review:
        return await _set_visibility(info, id, visible=False)

    @strawberry.mutation(description="Staff: shows a hidden review again.")
    async def show_review(self, info: GQLInfo, id: strawberry.ID) -> Review:
        return await _set_visibility(info, id, visible=True)


async def _set_visibility(info: GQLInfo, id: strawberry.ID, *, visible: bool) -> Review:
    context = info.context
    review = await reviews.set_review_visibility(
        context.session, ctx=context.ctx, review_id=parse_id(id, "review"), visible=visible
    )
    catalog_loaders.forget(context)
    return Review.from_model(review)
