"""Blog categories and tags: public lists with post counts, writes for admins."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from tenantry.core.access import require_admin
from tenantry.core.context import Ctx
from tenantry.models.blog import BlogCategory, BlogPost, BlogPostTag, BlogTag
from tenantry.resolvers.blog.inputs import CategoryIn, CategoryUpdate, TagIn, TagUpdate
from tenantry.resolvers.blog.queries import visible_clause
from tenantry.resolvers.rows import row_by_id
from tenantry.resolvers.slugs import changed_slug, flush_unique, new_slug


@dataclass(frozen=True)
class CategoryWithCount:
    category: BlogCategory
    post_count: int


@dataclass(frozen=True)
class TagWithCount:
    tag: BlogTag
    post_count: int


async def list_categories(session: AsyncSession, *, ctx: Ctx) -> list[CategoryWithCount]:
    """Every category with its number of visible posts, in one statement."""
    visible_posts = (
        select(func.count(col(BlogPost.id)))
        .where(col(BlogPost.category_id) == col(BlogCategory.id), visible_clause(ctx.now()))
        .correlate(BlogCategory)
        .scalar_subquery()
    )
    rows = await session.execute(
        select(BlogCategory, visible_posts).order_by(
            col(BlogCategory.position), col(BlogCategory.name), col(BlogCategory.id)
        )
    )
    return [CategoryWithCount(category, count or 0) for category, count in rows]


async def list_tags(session: AsyncSession, *, ctx: Ctx) -> list[TagWithCount]:
    """Every tag with its number of visible posts, in one statement."""
    visible_posts = (
        select(func.count(col(BlogPostTag.id)))
        .join(BlogPost, col(BlogPost.id) == col(BlogPostTag.post_id))
        .where(col(BlogPostTag.tag_id) == col(BlogTag.id), visible_clause(ctx.now()))
        .correlate(BlogTag)
        .scalar_subquery()
    )
    rows = await session.execute(
        select(BlogTag, visible_posts).order_by(col(BlogTag.name), col(BlogTag.id))
    )
    return [TagWithCount(tag, count or 0) for tag, count in rows]


async def create_category(session: AsyncSession, *, ctx: Ctx, data: CategoryIn) -> BlogCategory:
    require_admin(ctx)
    category = BlogCategory(
        slug=await new_slug(session, BlogCategory, data.slug, data.name, fallback="category"),
        name=data.name,
        description=data.description,
        position=data.position,
    )
    session.add(category)
    await flush_unique(session)
    return category


async def update_category(
    session: AsyncSession, *, ctx: Ctx, category_id: int, data: CategoryUpdate
) -> BlogCategory:
    require_admin(ctx)
    category = await row_by_id(session, BlogCategory, category_id, "category")
    if data.name is not None:
        category.name = data.name
    if data.slug and data.slug != category.slug:
        category.slug = await changed_slug(session, BlogCategory, data.slug, exclude_id=category_id)
    if data.description is not None:
        category.description = data.description
    if data.position is not None:
        category.position = data.position
    await flush_unique(session)
    return category


async def delete_category(session: AsyncSession, *, ctx: Ctx, category_id: int) -> None:
    """Its posts stay, without a category (the foreign key sets NULL)."""
    require_admin(ctx)
    await session.delete(await row_by_id(session, BlogCategory, category_id, "category"))
    await session.flush()


async def create_tag(session: AsyncSession, *, ctx: Ctx, data: TagIn) -> BlogTag:
    require_admin(ctx)
    slug = await new_slug(session, BlogTag, data.slug, data.name, fallback="tag")
    tag = BlogTag(slug=slug, name=data.name)
    session.add(tag)
    await flush_unique(session)
    return tag


async def update_tag(session: AsyncSession, *, ctx: Ctx, tag_id: int, data: TagUpdate) -> BlogTag:
    require_admin(ctx)
    tag = await row_by_id(session, BlogTag, tag_id, "tag")
    if data.name is not None:
        tag.name = data.name
    if data.slug and data.slug != tag.slug:
        tag.slug = await changed_slug(session, BlogTag, data.slug, exclude_id=tag_id)
    await flush_unique(session)
    return tag


async def delete_tag(session: AsyncSession, *, ctx: Ctx, tag_id: int) -> None:
    """Removed from every post too (the link rows cascade)."""
    require_admin(ctx)
    await session.delete(await row_by_id(session, BlogTag, tag_id, "tag"))
    await session.flush()
