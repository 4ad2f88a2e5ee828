"""Landing pages: public while active; owner/admin staff or a secret key write and copy them."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, or_
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from tenantry.core.access import require_admin
from tenantry.core.context import Ctx
from tenantry.core.errors import NotFound
from tenantry.core.pagination import Page, PageRequest, paginate
from tenantry.models.shop_posts import LandingPage
from tenantry.resolvers.shop_posts.inputs import (
    LandingPageFilters,
    LandingPageIn,
    LandingPageUpdate,
)
from tenantry.resolvers.shop_posts.posts import ensure_body_data
from tenantry.resolvers.shop_posts.slugs import add_with_unique_slug, by_id_or_slug
from tenantry.resolvers.slugs import slugify

PAGE_NOT_FOUND = "Landing page not found"


async def list_landing_pages(
    session: AsyncSession, *, ctx: Ctx, filters: LandingPageFilters, page: PageRequest
) -> Page[LandingPage]:
    """Newest first; `query` is a case-insensitive substring of name, keyword or intro."""
    query: Select[Any] = select(LandingPage)
    if not ctx.principal.is_admin:
        query = query.where(col(LandingPage.active).is_(True))
    if filters.category_id is not None:
        query = query.where(col(LandingPage.category_id) == filters.category_id)
    if filters.ids is not None:
        query = query.where(col(LandingPage.id).in_(filters.ids))
    terms = (filters.query or "").strip()
    if terms:
        query = query.where(
            or_(
                *(
                    col(field).icontains(terms, autoescape=True)
                    for field in (LandingPage.name, LandingPage.keyword, LandingPage.intro)
                )
            )
        )
    query = query.order_by(col(LandingPage.created_at).desc(), col(LandingPage.id).desc())
    return await paginate(session, query, page)


async def get_landing_page(session: AsyncSession, *, ctx: Ctx, id_or_slug: str) -> LandingPage:
    page = await _find(session, id_or_slug)
    if not page.active and not ctx.principal.is_admin:
        raise NotFound("landing page", PAGE_NOT_FOUND)
    return page


async def create_landing_page(
    session: AsyncSession, *, ctx: Ctx, data: LandingPageIn
) -> LandingPage:
    require_admin(ctx)
    ensure_body_data(data.body_data)
    page = LandingPage(slug="", **data.model_dump())
    await add_with_unique_slug(session, page, slugify(data.name, fallback="page"))
    return page


async def update_landing_page(
    session: AsyncSession, *, ctx: Ctx, page_id: int, data: LandingPageUpdate
) -> LandingPage:
    """The fields given; body_data given replaces the stored one. The slug stays."""
    require_admin(ctx)
    page = await _find(session, str(page_id))
    changes = data.model_dump(exclude_unset=True)
    if changes.get("body_data") is not None:
        ensure_body_data(changes["body_data"])
    for field, value in changes.items():
        if value is not None or field == "category_id":
            setattr(page, field, value)
    await session.flush()
    return page


async def delete_landing_page(session: AsyncSession, *, ctx: Ctx, page_id: int) -> None:
    require_admin(ctx)
    page = await _find(session, str(page_id))
    await session.delete(page)
    await session.flush()


async def copy_landing_page(session: AsyncSession, *, ctx: Ctx, page_id: int) -> LandingPage:
    """A new, inactive page with the source's fields, a fresh slug and copy_from_id set."""
    require_admin(ctx)
    source = await _find(session, str(page_id))
    copy = LandingPage(
        name=source.name,
        slug="",
        page_type=source.page_type,
        keyword=source.keyword,
        intro=source.intro,
        content=source.content,
        category_id=source.category_id,
        active=False,
        copy_from_id=source.id,
        body_data=dict(source.body_data),
    )
    await add_with_unique_slug(session, copy, source.slug)
    return copy


async def _find(session: AsyncSession, id_or_slug: str) -> LandingPage:
    query = by_id_or_slug(LandingPage, id_or_slug)
    page = await session.scalar(query) if query is not None else None
    if page is None:
        raise NotFound("landing page", PAGE_NOT_FOUND)
    return page
