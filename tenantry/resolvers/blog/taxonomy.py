"""Blog categories and tags: public lists with post counts, writes for admins."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from tenantry.models.blog import BlogCategory, BlogPost, BlogPostTag, BlogTag
from tenantry.resolvers.blog.access import require_admin
from tenantry.resolvers.blog.inputs import CategoryIn, CategoryUpdate, TagIn, TagUpdate
from tenantry.resolvers.blog.queries import visible_clause
from tenantry.resolvers.blog.slugs import TAKEN, ensure_free, slugify, unique_slug, validate_slug
from tenantry.resolvers.context import Ctx
from tenantry.resolvers.errors import NotFound, ValidationFailed


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
        slug=await _new_slug(session, BlogCategory, data.slug, data.name, "category"),
        name=data.name,
        description=data.description,
        position=data.position,
    )
    session.add(category)
    await _flush_unique(session)
    return category


async def update_category(
    session: AsyncSession, *, ctx: Ctx, category_id: int, data: CategoryUpdate
) -> BlogCategory:
    require_admin(ctx)
    category: BlogCategory = await _get(session, BlogCategory, category_id, "category")
    if data.name is not None:
        category.name = data.name
    if data.slug and data.slug != category.slug:
        category.slug = await _changed_slug(session, BlogCategory, data.slug, category_id)
    if data.description is not None:
        category.description = data.description
    if data.position is not None:
        category.position = data.position
    await _flush_unique(session)
    return category


async def delete_category(session: AsyncSession, *, ctx: Ctx, category_id: int) -> None:
    """Its posts stay, without a category (the foreign key sets NULL)."""
    require_admin(ctx)
    await session.delete(await _get(session, BlogCategory, category_id, "category"))
    await session.flush()


async def create_tag(session: AsyncSession, *, ctx: Ctx, data: TagIn) -> BlogTag:
    require_admin(ctx)
    slug = await _new_slug(session, BlogTag, data.slug, data.name, "tag")
    tag = BlogTag(slug=slug, name=data.name)
    session.add(tag)
    await _flush_unique(session)
    return tag


async def update_tag(session: AsyncSession, *, ctx: Ctx, tag_id: int, data: TagUpdate) -> BlogTag:
    require_admin(ctx)
    tag: BlogTag = await _get(session, BlogTag, tag_id, "tag")
    if data.name is not None:
        tag.name = data.name
    if data.slug and data.slug != tag.slug:
        tag.slug = await _changed_slug(session, BlogTag, data.slug, tag_id)
    await _flush_unique(session)
    return tag


async def delete_tag(session: AsyncSession, *, ctx: Ctx, tag_id: int) -> None:
    """Removed from every post too (the link rows cascade)."""
    require_admin(ctx)
    await session.delete(await _get(session, BlogTag, tag_id, "tag"))
    await session.flush()


async def _get(session: AsyncSession, model: Any, row_id: int, name: str) -> Any:
    row = await session.scalar(select(model).where(col(model.id) == row_id))
    if row is None:
        raise NotFound(name)
    return row


async def _new_slug(
    session: AsyncSession, model: Any, explicit: str | None, name: str, fallback: str
) -> str:
    if explicit:
        slug = validate_slug(explicit)
        await ensure_free(session, model, slug)
        return slug
    return await unique_slug(session, model, slugify(name, fallback=fallback))


async def _changed_slug(session: AsyncSession, model: Any, slug: str, row_id: int) -> str:
    slug = validate_slug(slug)
    await ensure_free(session, model, slug, exclude_id=row_id)
    return slug


async def _flush_unique(session: AsyncSession) -> None:
    try:
        await session.flush()
    except IntegrityError as exc:
        if "slug" not in str(exc.orig):
            raise
        raise ValidationFailed.single("slug", TAKEN) from None
