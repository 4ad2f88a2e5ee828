from __future__ import annotations

from typing import Annotated

import strawberry

from tenantry.core.pagination import DEFAULT_PER_PAGE, PageRequest
from tenantry.resolvers import blog
from tenantry.schema.blog.types import (
    BlogCategory,
    BlogPost,
    BlogPostPage,
    BlogPostStatus,
    BlogTag,
    GQLInfo,
)
from tenantry.schema.pagination import PageInfo


@strawberry.type
class Query:
    @strawberry.field(description="Published posts; search ranks by relevance.")
    async def blog_posts(
        self,
        info: GQLInfo,
        category: str | None = None,
        tag: str | None = None,
        search: str | None = None,
        page: int = 1,
        per_page: int = DEFAULT_PER_PAGE,
        include_drafts: Annotated[
            bool, strawberry.argument(description="Admins only: posts of every status.")
        ] = False,
        status: Annotated[
            BlogPostStatus | None,
            strawberry.argument(description="Admins only: posts with exactly this stored status."),
        ] = None,
    ) -> BlogPostPage:
        context = info.context
        ctx = context.ctx
        request = PageRequest.parse(page, per_page)
        filters = blog.PostFilters(
            category=category or None,
            tag=tag or None,
            search=search or None,
            include_drafts=include_drafts,
            status=status,
        )
        found = await blog.list_posts(context.session, ctx=ctx, filters=filters, page=request)
        now = ctx.now()
        return BlogPostPage(
            items=[BlogPost.from_model(post, now) for post in found.items],
            page_info=PageInfo.from_page(found),
        )

    @strawberry.field(
        description="A published post (admins also see drafts). Unknown: a NOT_FOUND error."
    )
    async def blog_post(self, info: GQLInfo, slug: str) -> BlogPost | None:
        context = info.context
        post = await blog.get_post(context.session, ctx=context.ctx, slug=slug)
        return BlogPost.from_model(post, context.ctx.now())

    @strawberry.field
    async def blog_categories(self, info: GQLInfo) -> list[BlogCategory]:
        context = info.context
        found = await blog.list_categories(context.session, ctx=context.ctx)
        return [BlogCategory.from_model(item.category, item.post_count) for item in found]

    @strawberry.field
    async def blog_tags(self, info: GQLInfo) -> list[BlogTag]:
        context = info.context
        found = await blog.list_tags(context.session, ctx=context.ctx)
        return [BlogTag.from_model(item.tag, item.post_count) for item in found]
