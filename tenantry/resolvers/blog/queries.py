"""Which posts the public sees, and the batch loads that keep listings free of N+1 queries."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import ColumnElement, func
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from tenantry.core.ids import distinct_ids
from tenantry.models.blog import BlogCategory, BlogPost, BlogPostStatus, BlogPostTag, BlogTag
from tenantry.models.tenant import Staff
from tenantry.resolvers.authors import authors_by_ids

LIVE_STATUSES = (BlogPostStatus.PUBLISHED, BlogPostStatus.SCHEDULED)


def visible_clause(now: datetime) -> ColumnElement[bool]:
    """A scheduled post becomes visible when its time comes; no job has to flip its status."""
    return col(BlogPost.status).in_(LIVE_STATUSES) & (col(BlogPost.published_at) <= now)


def is_visible(post: BlogPost, now: datetime) -> bool:
    return (
        post.status in LIVE_STATUSES and post.published_at is not None and post.published_at <= now
    )


def public_status(post: BlogPost, now: datetime) -> BlogPostStatus:
    """The status as readers see it: a scheduled post whose time has passed is published."""
    if post.status == BlogPostStatus.SCHEDULED and is_visible(post, now):
        return BlogPostStatus.PUBLISHED
    return BlogPostStatus(post.status)


async def categories_by_ids(
    session: AsyncSession, ids: Iterable[int | None]
) -> dict[int, BlogCategory]:
    wanted = distinct_ids(ids)
    if not wanted:
        return {}
    rows = await session.scalars(select(BlogCategory).where(col(BlogCategory.id).in_(wanted)))
    return {category.id: category for category in rows if category.id is not None}


async def tags_by_post_ids(
    session: AsyncSession, post_ids: Iterable[int | None]
) -> dict[int, list[BlogTag]]:
    wanted = distinct_ids(post_ids)
    found: dict[int, list[BlogTag]] = {post_id: [] for post_id in wanted}
    if not wanted:
        return found
    rows = await session.execute(
        select(BlogPostTag.post_id, BlogTag)
        .join(BlogTag, col(BlogTag.id) == col(BlogPostTag.tag_id))
        .where(col(BlogPostTag.post_id).in_(wanted))
        .order_by(col(BlogTag.name), col(BlogTag.id))
    )
    for post_id, tag in rows:
        found[post_id].append(tag)
    return found


async def post_counts_by_category_ids(
    session: AsyncSession, ids: Iterable[int | None], *, now: datetime
) -> dict[int, int]:
    wanted = distinct_ids(ids)
    if not wanted:
        return {}
    rows = await session.execute(
        select(BlogPost.category_id, func.count(col(BlogPost.id)))
        .where(col(BlogPost.category_id).in_(wanted), visible_clause(now))
        .group_by(col(BlogPost.category_id))
    )
    counts = dict.fromkeys(wanted, 0)
    counts.update({category_id: n for category_id, n in rows if category_id is not None})
    return counts


async def post_counts_by_tag_ids(
    session: AsyncSession, ids: Iterable[int | None], *, now: datetime
) -> dict[int, int]:
    wanted = distinct_ids(ids)
    if not wanted:
        return {}
    rows = await session.execute(
        select(BlogPostTag.tag_id, func.count(col(BlogPost.id)))
        .join(BlogPost, col(BlogPost.id) == col(BlogPostTag.post_id))
        .where(col(BlogPostTag.tag_id).in_(wanted), visible_clause(now))
        .group_by(col(BlogPostTag.tag_id))
    )
    counts = dict.fromkeys(wanted, 0)
    counts.update(dict(rows.all()))
    return counts


@dataclass(frozen=True)
class PostRelations:
    """Authors, categories and tags of a page of posts, fetched with one query each."""

    authors: dict[int, Staff] = field(default_factory=dict)
    categories: dict[int, BlogCategory] = field(default_factory=dict)
    tags: dict[int, list[BlogTag]] = field(default_factory=dict)

    def author(self, post: BlogPost) -> Staff | None:
        return self.authors.get(post.author_id) if post.author_id is not None else None

    def category(self, post: BlogPost) -> BlogCategory | None:
        return self.categories.get(post.category_id) if post.category_id is not None else None

    def tags_of(self, post: BlogPost) -> list[BlogTag]:
        return self.tags.get(post.id, []) if post.id is not None else []


async def load_relations(session: AsyncSession, posts: Sequence[BlogPost]) -> PostRelations:
    return PostRelations(
        authors=await authors_by_ids(session, (post.author_id for post in posts)),
        categories=await categories_by_ids(session, (post.category_id for post in posts)),
        tags=await tags_by_post_ids(session, (post.id for post in posts)),
    )
