"""Shop post writes (shop users, secret keys, admin staff), landing pages (staff), feedback."""

from __future__ import annotations

import strawberry
from strawberry.scalars import JSON

from tenantry.core.ids import parse_id
from tenantry.core.inputs import parse_input
from tenantry.resolvers import shop_posts
from tenantry.schema.inputs import input_data
from tenantry.schema.shop_posts.inputs import (
    CreateFeedbackInput,
    CreateLandingPageInput,
    CreateShopPostInput,
    UpdateLandingPageInput,
    UpdateShopPostInput,
)
from tenantry.schema.shop_posts.types import Feedback, GQLInfo, LandingPage, ShopPost


@strawberry.type
class Mutation:
    @strawberry.mutation
    async def create_shop_post(self, info: GQLInfo, input: CreateShopPostInput) -> ShopPost:
        context = info.context
        data = shop_posts.parse_with_body_data(shop_posts.PostIn, input_data(input))
        post = await shop_posts.create_post(context.session, ctx=context.ctx, data=data)
        return ShopPost.from_model(post)

    @strawberry.mutation
    async def update_shop_post(
        self, info: GQLInfo, id_or_slug: str, input: UpdateShopPostInput
    ) -> ShopPost:
        context = info.context
        data = shop_posts.parse_with_body_data(shop_posts.PostUpdate, input_data(input))
        post = await shop_posts.update_post(
            context.session, ctx=context.ctx, id_or_slug=id_or_slug, data=data
        )
        return ShopPost.from_model(post)

    @strawberry.mutation(description="Replaces bodyData: keys left out are removed.")
    async def update_shop_post_body_data(
        self, info: GQLInfo, id_or_slug: str, body_data: JSON
    ) -> ShopPost:
        context = info.context
        data = shop_posts.parse_with_body_data(shop_posts.BodyDataIn, {"body_data": body_data})
        post = await shop_posts.update_body_data(
            context.session, ctx=context.ctx, id_or_slug=id_or_slug, data=data
        )
        return ShopPost.from_model(post)

    @strawberry.mutation
    async def delete_shop_post(self, info: GQLInfo, id_or_slug: str) -> bool:
        context = info.context
        await shop_posts.delete_post(context.session, ctx=context.ctx, id_or_slug=id_or_slug)
        return True

    @strawberry.mutation(description="Limited per client address (RATE_LIMITED).")
    async def create_feedback(self, info: GQLInfo, input: CreateFeedbackInput) -> Feedback:
        context = info.context
        data = parse_input(shop_posts.FeedbackIn, input_data(input))
        feedback = await shop_posts.create_feedback(context.session, ctx=context.ctx, data=data)
        return Feedback.from_model(feedback)

    @strawberry.mutation
    async def create_landing_page(
        self, info: GQLInfo, input: CreateLandingPageInput
    ) -> LandingPage:
        context = info.context
        data = shop_posts.parse_with_body_data(shop_posts.LandingPageIn, input_data(input))
        page = await shop_posts.create_landing_page(context.session, ctx=context.ctx, data=data)
        return LandingPage.from_model(page)

    @strawberry.mutation
    async def update_landing_page(
        self, info: GQLInfo, id: strawberry.ID, input: UpdateLandingPageInput
    ) -> LandingPage:
        context = info.context
        data = shop_posts.parse_with_body_data(shop_posts.LandingPageUpdate, input_data(input))
        page = await shop_posts.update_landing_page(
            context.session,
            ctx=context.ctx,
            page_id=parse_id(id, "landing page", shop_posts.PAGE_NOT_FOUND),
            data=data,
        )
        return LandingPage.from_model(page)

    @strawberry.mutation
    async def delete_landing_page(self, info: GQLInfo, id: strawberry.ID) -> bool:
        context = info.context
        await shop_posts.delete_landing_page(
            context.session,
            ctx=context.ctx,
            page_id=parse_id(id, "landing page", shop_posts.PAGE_NOT_FOUND),
        )
        return True

    @strawberry.mutation(description="A new inactive page from this one: copyFromId set, new slug.")
    async def copy_landing_page(self, info: GQLInfo, id: strawberry.ID) -> LandingPage:
        context = info.context
        page = await shop_posts.copy_landing_page(
            context.session,
            ctx=context.ctx,
            page_id=parse_id(id, "landing page", shop_posts.PAGE_NOT_FOUND),
        )
        return LandingPage.from_model(page)
