"""The blog's per-operation DataLoaders: one statement per relation for a whole page.

Loaders of one operation share its session, and their batches are dispatched as concurrent
tasks; an AsyncSession allows one statement at a time, so every use holds the operation's lock.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import TypeVar

from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.dataloader import DataLoader

from tenantry.models.blog import BlogCategory, BlogTag
from tenantry.models.tenant import Staff
from tenantry.resolvers import blog
from tenantry.schema.context import GraphQLContext

V = TypeVar("V")
Fetch = Callable[[AsyncSession, list[int]], Awaitable[dict[int, V]]]

SESSION_LOCK = "session_lock"
NAMES = (
    "blog_author_by_id",
    "blog_category_by_id",
    "blog_tags_by_post_id",
    "blog_post_count_by_category_id",
    "blog_post_count_by_tag_id",
)


def session_lock(context: GraphQLContext) -> asyncio.Lock:
    return context.loader(SESSION_LOCK, lambda _session: asyncio.Lock())


def forget(context: GraphQLContext) -> None:
    """After a write, the next read in the same operation must not see cached rows."""
    for name in NAMES:
        context.uow.loaders.pop(name, None)


def _loader(context: GraphQLContext, name: str, fetch: Fetch[V], missing: V) -> DataLoader[int, V]:
    lock = session_lock(context)

    def build(session: AsyncSession) -> DataLoader[int, V]:
        async def load(keys: list[int]) -> list[V]:
            async with lock:
                found = await fetch(session, keys)
            return [found.get(key, missing) for key in keys]

        return DataLoader(load_fn=load)

    return context.loader(name, build)


def author_by_id(context: GraphQLContext) -> DataLoader[int, Staff | None]:
    fetch: Fetch[Staff | None] = blog.authors_by_ids  # type: ignore[assignment]
    return _loader(context, "blog_author_by_id", fetch, None)


def category_by_id(context: GraphQLContext) -> DataLoader[int, BlogCategory | None]:
    fetch: Fetch[BlogCategory | None] = blog.categories_by_ids  # type: ignore[assignment]
    return _loader(context, "blog_category_by_id", fetch, None)


def tags_by_post_id(context: GraphQLContext) -> DataLoader[int, list[BlogTag]]:
    return _loader(context, "blog_tags_by_post_id", blog.tags_by_post_ids, [])


def post_count_by_category_id(context: GraphQLContext) -> DataLoader[int, int]:
    now = context.ctx.now()

    async def fetch(session: AsyncSession, ids: list[int]) -> dict[int, int]:
        return await blog.post_counts_by_category_ids(session, ids, now=now)

    return _loader(context, "blog_post_count_by_category_id", fetch, 0)


def post_count_by_tag_id(context: GraphQLContext) -> DataLoader[int, int]:
    now = context.ctx.now()

    async def fetch(session: AsyncSession, ids: list[int]) -> dict[int, int]:
        return await blog.post_counts_by_tag_ids(session, ids, now=now)

    return _loader(context, "blog_post_count_by_tag_id", fetch, 0)
