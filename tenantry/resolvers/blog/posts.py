"""Blog posts: public reads, and writes for owner/admin staff or a secret key."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Select, delete, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.attributes import set_committed_value
from sqlmodel import col, select

from tenantry.core.access import require_admin
from tenantry.core.context import Ctx
from tenantry.core.errors import NotFound, ValidationFailed
from tenantry.core.pagination import Page, PageRequest, paginate
from tenantry.db.fulltext import search_posts
from tenantry.models.blog import BlogCategory, BlogPost, BlogPostStatus, BlogPostTag, BlogTag
from tenantry.models.community import CommentTarget
from tenantry.realtime import channels
from tenantry.realtime.events import publish_after_commit
from tenantry.resolvers.blog.inputs import PostFilters, PostIn, PostUpdate
from tenantry.resolvers.blog.queries import is_visible, visible_clause
from tenantry.resolvers.comment_cleanup import delete_comments_of
from tenantry.resolvers.markdown import make_excerpt, render_markdown
from tenantry.resolvers.rows import row_by_id
from tenantry.resolvers.slugs import changed_slug, flush_unique, new_slug

POST_PUBLISHED = "blog.post_published"
# GET /blog/categories and /blog/tags sit beside GET /blog/{slug}.
RESERVED_POST_SLUGS = frozenset({"categories", "tags"})


async def list_posts(
    session: AsyncSession, *, ctx: Ctx, filters: PostFilters, page: PageRequest
) -> Page[BlogPost]:
    """Visible posts, newest first, or best match first when searching. Two statements."""
    if filters.include_drafts or filters.status is not None:
        require_admin(ctx)
    query: Select[Any] = select(BlogPost)
    if filters.status is not None:
        query = query.where(col(BlogPost.status) == filters.status)
    elif not filters.include_drafts:
        query = query.where(visible_clause(ctx.now()))
    if filters.category:
        query = query.where(
            col(BlogPost.category_id).in_(
                select(BlogCategory.id).where(col(BlogCategory.slug) == filters.category)
            )
        )
    if filters.tag:
        query = query.where(
            col(BlogPost.id).in_(
                select(BlogPostTag.post_id)
                .join(BlogTag, col(BlogTag.id) == col(BlogPostTag.tag_id))
                .where(col(BlogTag.slug) == filters.tag)
            )
        )
    newest = (col(BlogPost.published_at).desc().nulls_last(), col(BlogPost.id).desc())
    terms = (filters.search or "").strip()
    if terms:
        dialect = session.get_bind().dialect.name
        query, score = search_posts(query, dialect=dialect, terms=terms)
        query = query.order_by(score.desc(), *newest)
    else:
        query = query.order_by(*newest)
    return await paginate(session, query, page)


async def get_post(session: AsyncSession, *, ctx: Ctx, slug: str) -> BlogPost:
    """A visible post by slug, counting the view; admins also get drafts, uncounted."""
    post = await session.scalar(select(BlogPost).where(col(BlogPost.slug) == slug))
    if post is None:
        raise NotFound("post")
    if ctx.principal.is_admin:
        return post
    if not is_visible(post, ctx.now()):
        raise NotFound("post")
    views = await session.scalar(
        update(BlogPost)
        .where(col(BlogPost.id) == post.id)
        .values(view_count=col(BlogPost.view_count) + 1)
        .returning(col(BlogPost.view_count))
        .execution_options(synchronize_session=False)
    )
    # Not an attribute change: a later flush must not write this value back over other views.
    set_committed_value(post, "view_count", views)
    return post


async def get_post_by_id(session: AsyncSession, *, ctx: Ctx, post_id: int) -> BlogPost:
    require_admin(ctx)
    return await row_by_id(session, BlogPost, post_id, "post")


async def create_post(session: AsyncSession, *, ctx: Ctx, data: PostIn) -> BlogPost:
    """A draft written by the calling staff member (no author for a secret key)."""
    require_admin(ctx)
    await _check_category(session, data.category_id)
    await _check_tags(session, data.tag_ids)
    slug = await new_slug(session, BlogPost, data.slug, data.title, reserved=RESERVED_POST_SLUGS)
    content_html = render_markdown(data.content)
    post = BlogPost(
        slug=slug,
        title=data.title,
        content=data.content,
        content_html=content_html,
        excerpt=data.excerpt or make_excerpt(content_html),
        cover_image=data.cover_image,
        category_id=data.category_id,
        author_id=ctx.principal.staff_id,
    )
    session.add(post)
    await flush_unique(session)
    await _set_tags(session, post, data.tag_ids, replace=False)
    return post


async def update_post(
    session: AsyncSession, *, ctx: Ctx, post_id: int, data: PostUpdate
) -> BlogPost:
    require_admin(ctx)
    post = await row_by_id(session, BlogPost, post_id, "post")
    given = data.model_fields_set
    if data.title is not None:
        post.title = data.title
    if data.slug and data.slug != post.slug:
        post.slug = await changed_slug(
            session, BlogPost, data.slug, exclude_id=post.id, reserved=RESERVED_POST_SLUGS
        )
    if data.content is not None:
        # An excerpt that was only derived from the old content follows the new content.
        derived = post.excerpt == make_excerpt(post.content_html)
        post.content = data.content
        post.content_html = render_markdown(data.content)
        if derived and "excerpt" not in given:
            post.excerpt = make_excerpt(post.content_html)
    if "excerpt" in given:
        post.excerpt = data.excerpt or make_excerpt(post.content_html)
    if "cover_image" in given:
        post.cover_image = data.cover_image
    if "category_id" in given:
        await _check_category(session, data.category_id)
        post.category_id = data.category_id
    if data.tag_ids is not None:
        await _check_tags(session, data.tag_ids)
        await _set_tags(session, post, data.tag_ids)
    await flush_unique(session)
    return post


async def publish_post(
    session: AsyncSession, *, ctx: Ctx, post_id: int, published_at: datetime | None = None
) -> BlogPost:
    """Published now, or at published_at: a future time makes it scheduled.

    Subscribers hear blog.post_published after the commit, only when the post goes live now;
    a scheduled post becomes visible at its time without an event (nothing runs at that time).
    Publishing a live post again without a time keeps its date and sends nothing.
    """
    require_admin(ctx)
    post = await row_by_id(session, BlogPost, post_id, "post")
    now = ctx.now()
    was_live = is_visible(post, now)
    if published_at is not None:
        when = published_at if published_at.tzinfo else published_at.replace(tzinfo=UTC)
    elif was_live and post.published_at is not None:
        when = post.published_at
    else:
        when = now
    post.published_at = when
    post.status = BlogPostStatus.SCHEDULED if when > now else BlogPostStatus.PUBLISHED
    await session.flush()
    if post.status == BlogPostStatus.PUBLISHED and not was_live:
        assert post.id is not None
        publish_after_commit(
            session,
            channel=channels.blog(ctx.tenant.id),
            event=POST_PUBLISHED,
            data={
                "id": post.id,
                "slug": post.slug,
                "title": post.title,
                "published_at": when.astimezone(UTC).isoformat(),
            },
        )
    return post


async def unpublish_post(session: AsyncSession, *, ctx: Ctx, post_id: int) -> BlogPost:
    require_admin(ctx)
    post = await row_by_id(session, BlogPost, post_id, "post")
    post.status = BlogPostStatus.DRAFT
    post.published_at = None
    await session.flush()
    return post


async def delete_post(session: AsyncSession, *, ctx: Ctx, post_id: int) -> None:
    require_admin(ctx)
    post = await row_by_id(session, BlogPost, post_id, "post")
    await delete_comments_of(session, target_type=CommentTarget.BLOG_POST, target_ids=[post_id])
    await session.delete(post)
    await session.flush()


async def _check_category(session: AsyncSession, category_id: int | None) -> None:
    if category_id is None:
        return
    found = await session.scalar(select(BlogCategory.id).where(col(BlogCategory.id) == category_id))
    if found is None:
        raise ValidationFailed.single("category_id", "The selected category id is invalid.")


async def _check_tags(session: AsyncSession, tag_ids: list[int]) -> None:
    wanted = set(tag_ids)
    if not wanted:
        return
    found = set(await session.scalars(select(BlogTag.id).where(col(BlogTag.id).in_(wanted))))
    if found != wanted:
        raise ValidationFailed.single("tag_ids", "The selected tag ids are invalid.")


async def _set_tags(
    session: AsyncSession, post: BlogPost, tag_ids: list[int], *, replace: bool = True
) -> None:
    post_id = post.id
    assert post_id is not None
    if replace:
        await session.execute(
            delete(BlogPostTag)
            .where(col(BlogPostTag.post_id) == post_id)
            .execution_options(synchronize_session=False)
        )
    if tag_ids:
        session.add_all(BlogPostTag(post_id=post_id, tag_id=tag) for tag in dict.fromkeys(tag_ids))
        await session.flush()
