from __future__ import annotations

import asyncio

from sqlalchemy import func
from sqlmodel import col, select

from tenantry.core.errors import DomainError
from tenantry.models.community import Comment, CommentLike
from tenantry.resolvers import comments
from tenantry.resolvers.comments import TargetRef
from tenantry.serving.services import Services
from tests.conftest import Factory, TenantFixture
from tests.resolvers.boards.support import comment, member, members, reload
from tests.support import member_ctx, run

GUESTBOOK = TargetRef(page_slug="guestbook")


async def like(
    services: Services, tenant: TenantFixture, member_id: int, comment_id: int | None
) -> comments.LikeState | None:
    assert comment_id is not None
    ctx = member_ctx(services, tenant, member_id)
    try:
        return await run(
            services,
            tenant,
            lambda s: comments.toggle_comment_like(s, ctx=ctx, comment_id=comment_id),
        )
    except DomainError:
        return None


async def likes_of(services: Services, tenant: TenantFixture, comment_id: int | None) -> int:
    async with services.db.unit(tenant.id) as uow:
        count = await uow.session.scalar(
            select(func.count()).where(col(CommentLike.comment_id) == comment_id)
        )
    return count or 0


async def test_ten_members_liking_at_once_count_ten(services: Services, factory: Factory) -> None:
    # given
    tenant = await factory.tenant()
    author = await member(services, tenant)
    said = await comment(services, tenant, author.ctx, GUESTBOOK)
    fans = await members(services, tenant, *(f"F{n}" for n in range(10)))

    # when
    await asyncio.gather(*(like(services, tenant, fan, said.id) for fan in fans))

    # then
    row = await reload(services, tenant, Comment, said.id)
    assert row is not None
    assert row.like_count == 10
    assert await likes_of(services, tenant, said.id) == 10


async def test_one_member_toggling_ten_times_at_once_likes_at_most_once(
    services: Services, factory: Factory
) -> None:
    # given
    tenant = await factory.tenant()
    author = await member(services, tenant)
    said = await comment(services, tenant, author.ctx, GUESTBOOK)
    [fan] = await members(services, tenant, "Fan")

    # when
    await asyncio.gather(*(like(services, tenant, fan, said.id) for _ in range(10)))

    # then: toggles may cancel out, but the count never drifts from the likes
    likes = await likes_of(services, tenant, said.id)
    row = await reload(services, tenant, Comment, said.id)
    assert row is not None
    assert likes <= 1
    assert row.like_count == likes


async def test_liking_twice_in_turn_takes_the_like_back(
    services: Services, factory: Factory
) -> None:
    # given
    tenant = await factory.tenant()
    author = await member(services, tenant)
    said = await comment(services, tenant, author.ctx, GUESTBOOK)

    # when
    first = await like(services, tenant, author.id, said.id)
    second = await like(services, tenant, author.id, said.id)

    # then
    assert first == comments.LikeState(comment_id=said.id or 0, liked=True, like_count=1)
    assert second == comments.LikeState(comment_id=said.id or 0, liked=False, like_count=0)
    row = await reload(services, tenant, Comment, said.id)
    assert row is not None
    assert row.updated_at == said.updated_at
