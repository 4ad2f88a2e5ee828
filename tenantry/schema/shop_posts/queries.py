from __future__ import annotations

import strawberry

from tenantry.core.ids import parse_reference
from tenantry.core.pagination import MAX_PER_PAGE
from tenantry.resolvers import shop_posts
from tenantry.resolvers.shop_posts.inputs import POSTS_PER_PAGE
from tenantry.schema.shop_posts.inputs import ShopPostFilter
from tenantry.schema.shop_posts.types import (
    FeedbackPage,
    GQLInfo,
    LandingPage,
    LandingPagePage,
    ShopPost,
    ShopPostPage,
)


@strawberry.type
class Query:
    @strawberry.field(
        description="Newest first; perPage default 20, above 50 lowered to 50. Inactive posts "
        "only for writers; when the shop closes public reading, a credential is needed."
    )
    async def shop_posts(
        self,
        info: GQLInfo,
        filter: ShopPostFilter | None = None,
        page: int = 1,
        per_page: int = POSTS_PER_PAGE,
    ) -> ShopPostPage:
        context = info.context
        given = filter or ShopPostFilter()
        filters = shop_posts.PostFilters(
            query=given.query,
            category_id=given.category_id,
            active=given.active,
            post_type=given.post_type,
            body_data_key=given.body_data_key,
            body_data_value=given.body_data_value,
        )
        found = await shop_posts.list_posts(
            context.session,
            ctx=context.ctx,
            filters=filters,
            page=shop_posts.page_request(page, per_page),
        )
        return ShopPostPage.from_page(found)

    @strawberry.field(description="By id or slug. Unknown: a NOT_FOUND error.")
    async def shop_post(self, info: GQLInfo, id_or_slug: str) -> ShopPost:
        context = info.context
        post = await shop_posts.get_post(context.session, ctx=context.ctx, id_or_slug=id_or_slug)
        return ShopPost.from_model(post)

    @strawberry.field(description="Active pages (staff see every page), newest first.")
    async def landing_pages(
        self,
        info: GQLInfo,
        query: str | None = None,
        category_id: int | None = None,
        ids: list[strawberry.ID] | None = None,
        page: int = 1,
        per_page: int = POSTS_PER_PAGE,
    ) -> LandingPagePage:
        context = info.context
        filters = shop_posts.LandingPageFilters(
            query=query,
            category_id=category_id,
            ids=tuple(parse_reference(value, "ids") for value in ids) if ids is not None else None,
        )
        found = await shop_posts.list_landing_pages(
            context.session,
            ctx=context.ctx,
            filters=filters,
            page=shop_posts.page_request(page, per_page, maximum=MAX_PER_PAGE),
        )
        return LandingPagePage.from_page(found)

    @strawberry.field(description="By id or slug. Unknown or inactive: a NOT_FOUND error.")
    async def landing_page(self, info: GQLInfo, id_or_slug: str) -> LandingPage:
        context = info.context
        found = await shop_posts.get_landing_page(
            context.session, ctx=context.ctx, id_or_slug=id_or_slug
        )
        return LandingPage.from_model(found)

    @strawberry.field(description="Staff and secret keys: visitors' feedback, newest first.")
    async def feedbacks(
        self, info: GQLInfo, page: int = 1, per_page: int = POSTS_PER_PAGE
    ) -> FeedbackPage:
        context = info.context
        found = await shop_posts.list_feedbacks(
            context.session,
            ctx=context.ctx,
            page=shop_posts.page_request(page, per_page, maximum=MAX_PER_PAGE),
        )
        return FeedbackPage.from_page(found)
