"""The blog's per-operation DataLoaders: one statement per relation for a whole page."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.dataloader import DataLoader

from tenantry.models.blog import BlogCategory, BlogTag
from tenantry.models.tenant import Staff
from tenantry.resolvers import blog
from tenantry.resolvers.authors import authors_by_ids
from tenantry.schema import dataloaders
from tenantry.schema.context import GraphQLContext
from tenantry.schema.dataloaders import batch_loader

NAMES = (
    "blog_author_by_id",
    "blog_category_by_id",
    "blog_tags_by_post_id",
    "blog_post_count_by_category_id",
    "blog_post_count_by_tag_id",
)


def forget(context: GraphQLContext) -> None:
    """After a write, the next read in the same operation must not see cached rows."""
    dataloaders.forget(context, *NAMES)


def author_by_id(context: GraphQLContext) -> DataLoader[int, Staff | None]:
    return batch_loader(context, "blog_author_by_id", authors_by_ids, None)


def category_by_id(context: GraphQLContext) -> DataLoader[int, BlogCategory | None]:
    return batch_loader(context, "blog_category_by_id", blog.categories_by_ids, None)


def tags_by_post_id(context: GraphQLContext) -> DataLoader[int, list[BlogTag]]:
    return batch_loader(context, "blog_tags_by_post_id", blog.tags_by_post_ids, [])


def post_count_by_category_id(context: GraphQLContext) -> DataLoader[int, int]:
    now = context.ctx.now()

    async def fetch(session: AsyncSession, ids: list[int]) -> dict[int, int]:
        return await blog.post_counts_by_category_ids(session, ids, now=now)

    return batch_loader(context, "blog_post_count_by_category_id", fetch, 0)


def post_count_by_tag_id(context: GraphQLContext) -> DataLoader[int, int]:
    now = context.ctx.now()

    async def fetch(session: AsyncSession, ids: list[int]) -> dict[int, int]:
        return await blog.post_counts_by_tag_ids(session, ids, now=now)

    return batch_loader(context, "blog_post_count_by_tag_id", fetch, 0)
