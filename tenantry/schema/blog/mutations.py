"""Blog writes, for owner/admin staff or a secret API key."""

from __future__ import annotations

from datetime import datetime

import strawberry

from tenantry.core.ids import parse_id
from tenantry.core.inputs import parse_input
from tenantry.resolvers import blog
from tenantry.schema.blog import loaders
from tenantry.schema.blog.inputs import (
    CreateBlogCategoryInput,
    CreateBlogPostInput,
    CreateBlogTagInput,
    UpdateBlogCategoryInput,
    UpdateBlogPostInput,
    UpdateBlogTagInput,
)
from tenantry.schema.blog.types import BlogCategory, BlogPost, BlogTag, GQLInfo
from tenantry.schema.context import GraphQLContext
from tenantry.schema.inputs import input_data


def _written(context: GraphQLContext) -> None:
    loaders.forget(context)


@strawberry.type
class Mutation:
    @strawberry.mutation(description="A new draft; publish it with publishBlogPost.")
    async def create_blog_post(self, info: GQLInfo, input: CreateBlogPostInput) -> BlogPost:
        context = info.context
        data = parse_input(blog.PostIn, input_data(input))
        post = await blog.create_post(context.session, ctx=context.ctx, data=data)
        _written(context)
        return BlogPost.from_model(post, context.ctx.now())

    @strawberry.mutation
    async def update_blog_post(
        self, info: GQLInfo, id: strawberry.ID, input: UpdateBlogPostInput
    ) -> BlogPost:
        context = info.context
        data = parse_input(blog.PostUpdate, input_data(input))
        post = await blog.update_post(
            context.session, ctx=context.ctx, post_id=parse_id(id, "post"), data=data
        )
        _written(context)
        return BlogPost.from_model(post, context.ctx.now())

    @strawberry.mutation(
        description="Publishes now, or at publishedAt; a future time schedules the post."
    )
    async def publish_blog_post(
        self, info: GQLInfo, id: strawberry.ID, published_at: datetime | None = None
    ) -> BlogPost:
        context = info.context
        post = await blog.publish_post(
            context.session,
            ctx=context.ctx,
            post_id=parse_id(id, "post"),
            published_at=published_at,
        )
        _written(context)
        return BlogPost.from_model(post, context.ctx.now())

    @strawberry.mutation(description="Back to draft.")
    async def unpublish_blog_post(self, info: GQLInfo, id: strawberry.ID) -> BlogPost:
        context = info.context
        post = await blog.unpublish_post(
            context.session, ctx=context.ctx, post_id=parse_id(id, "post")
        )
        _written(context)
        return BlogPost.from_model(post, context.ctx.now())

    @strawberry.mutation
    async def delete_blog_post(self, info: GQLInfo, id: strawberry.ID) -> bool:
        context = info.context
        await blog.delete_post(context.session, ctx=context.ctx, post_id=parse_id(id, "post"))
        _written(context)
        return True

    @strawberry.mutation
    async def create_blog_category(
        self, info: GQLInfo, input: CreateBlogCategoryInput
    ) -> BlogCategory:
        context = info.context
        data = parse_input(blog.CategoryIn, input_data(input))
        category = await blog.create_category(context.session, ctx=context.ctx, data=data)
        _written(context)
        return BlogCategory.from_model(category)

    @strawberry.mutation
    async def update_blog_category(
        self, info: GQLInfo, id: strawberry.ID, input: UpdateBlogCategoryInput
    ) -> BlogCategory:
        context = info.context
        data = parse_input(blog.CategoryUpdate, input_data(input))
        category = await blog.update_category(
            context.session, ctx=context.ctx, category_id=parse_id(id, "category"), data=data
        )
        _written(context)
        return BlogCategory.from_model(category)

    @strawberry.mutation(description="Its posts stay, without a category.")
    async def delete_blog_category(self, info: GQLInfo, id: strawberry.ID) -> bool:
        context = info.context
        await blog.delete_category(
            context.session, ctx=context.ctx, category_id=parse_id(id, "category")
        )
        _written(context)
        return True

    @strawberry.mutation
    async def create_blog_tag(self, info: GQLInfo, input: CreateBlogTagInput) -> BlogTag:
        context = info.context
        data = parse_input(blog.TagIn, input_data(input))
        tag = await blog.create_tag(context.session, ctx=context.ctx, data=data)
        _written(context)
        return BlogTag.from_model(tag)

    @strawberry.mutation
    async def update_blog_tag(
        self, info: GQLInfo, id: strawberry.ID, input: UpdateBlogTagInput
    ) -> BlogTag:
        context = info.context
        data = parse_input(blog.TagUpdate, input_data(input))
        tag = await blog.update_tag(
            context.session, ctx=context.ctx, tag_id=parse_id(id, "tag"), data=data
        )
        _written(context)
        return BlogTag.from_model(tag)

    @strawberry.mutation(description="Also removes the tag from every post.")
    async def delete_blog_tag(self, info: GQLInfo, id: strawberry.ID) -> bool:
        context = info.context
        await blog.delete_tag(context.session, ctx=context.ctx, tag_id=parse_id(id, "tag"))
        _written(context)
        return True
