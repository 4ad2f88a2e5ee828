"""Shop posts: flexible posts with body_data, found by id or slug."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from tenantry.core.context import Ctx
from tenantry.core.errors import NotFound, ValidationFailed
from tenantry.core.pagination import Page, PageRequest, paginate
from tenantry.models.shop_posts import ShopPost
from tenantry.resolvers.shop_posts.access import owns, require_reader, require_writer
from tenantry.resolvers.shop_posts.body_data import body_data_errors
from tenantry.resolvers.shop_posts.inputs import BodyDataIn, PostFilters, PostIn, PostUpdate
from tenantry.resolvers.shop_posts.search import posts_query
from tenantry.resolvers.shop_posts.slugs import add_with_unique_slug, by_id_or_slug
from tenantry.resolvers.slugs import slugify

POST_NOT_FOUND = "Post not found"
# GET /posts/search sits beside GET /posts/{id_or_slug}.
RESERVED_SLUGS = frozenset({"search"})


def ensure_body_data(body_data: dict[str, Any]) -> None:
    if errors := body_data_errors(body_data):
        raise ValidationFailed({"body_data": errors})


async def list_posts(
    session: AsyncSession, *, ctx: Ctx, filters: PostFilters, page: PageRequest
) -> Page[ShopPost]:
    require_reader(ctx)
    query = posts_query(
        filters,
        include_inactive=ctx.principal.is_admin,
        dialect=session.get_bind().dialect.name,
    )
    return await paginate(session, query, page)


async def get_post(session: AsyncSession, *, ctx: Ctx, id_or_slug: str) -> ShopPost:
    """By id when the value is a number (then by slug), else by slug; inactive for writers only."""
    require_reader(ctx)
    return await _find(session, ctx, id_or_slug)


async def create_post(session: AsyncSession, *, ctx: Ctx, data: PostIn) -> ShopPost:
    require_writer(ctx)
    ensure_body_data(data.body_data)
    post = ShopPost(
        title=data.title,
        slug="",
        content=data.content,
        active=data.active,
        post_type=data.post_type or None,
        category_id=data.category_id,
        image_link=data.image_link,
        body_data=dict(data.body_data),
        member_id=ctx.principal.member_id,
    )
    await add_with_unique_slug(session, post, slugify(data.title), reserved=RESERVED_SLUGS)
    return post


async def update_post(
    session: AsyncSession, *, ctx: Ctx, id_or_slug: str, data: PostUpdate
) -> ShopPost:
    """The fields given; body_data is merged key by key into the stored one. The slug stays."""
    require_writer(ctx)
    post = await _find(session, ctx, id_or_slug, to_change=True)
    given = data.model_fields_set
    if data.title is not None:
        post.title = data.title
    if data.content is not None:
        post.content = data.content
    if data.active is not None:
        post.active = data.active
    if "post_type" in given:
        post.post_type = data.post_type or None
    if "category_id" in given:
        post.category_id = data.category_id
    if "image_link" in given:
        post.image_link = data.image_link
    if data.body_data is not None:
        merged = {**post.body_data, **data.body_data}
        ensure_body_data(merged)
        post.body_data = merged
    await session.flush()
    return post


async def update_body_data(
    session: AsyncSession, *, ctx: Ctx, id_or_slug: str, data: BodyDataIn
) -> ShopPost:
    """Replaces body_data with the one given: keys left out are removed."""
    require_writer(ctx)
    ensure_body_data(data.body_data)
    post = await _find(session, ctx, id_or_slug, to_change=True)
    post.body_data = dict(data.body_data)
    await session.flush()
    return post


async def delete_post(session: AsyncSession, *, ctx: Ctx, id_or_slug: str) -> None:
    require_writer(ctx)
    post = await _find(session, ctx, id_or_slug, to_change=True)
    await session.delete(post)
    await session.flush()


async def _find(
    session: AsyncSession, ctx: Ctx, id_or_slug: str, *, to_change: bool = False
) -> ShopPost:
    """The post; inactive ones, and any to change, only for their author or the shop."""
    query = by_id_or_slug(ShopPost, id_or_slug)
    post = await session.scalar(query) if query is not None else None
    if post is None or ((to_change or not post.active) and not owns(ctx.principal, post)):
        raise NotFound("post", POST_NOT_FOUND)
    return post
