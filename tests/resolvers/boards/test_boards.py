from __future__ import annotations

import pytest

from tenantry.core.errors import Forbidden, ValidationFailed
from tenantry.models.community import Audience, Board, BoardPost, Comment
from tenantry.resolvers import boards
from tenantry.resolvers.comments import TargetRef
from tenantry.serving.services import Services
from tests.conftest import Factory
from tests.resolvers.boards.support import admin, board, comment, member, post, reload
from tests.support import run


async def test_staff_create_a_board_with_a_slug_from_its_name(
    services: Services, factory: Factory
) -> None:
    # given
    tenant = await factory.tenant()
    boss = await admin(services, factory, tenant)
    data = boards.BoardIn(name="Free Talk", read_access=Audience.MEMBERS)

    # when
    first = await run(services, tenant, lambda s: boards.create_board(s, ctx=boss.ctx, data=data))
    second = await run(services, tenant, lambda s: boards.create_board(s, ctx=boss.ctx, data=data))

    # then
    assert (first.slug, second.slug) == ("free-talk", "free-talk-2")
    assert first.read_access == Audience.MEMBERS


async def test_an_explicit_slug_taken_is_refused(services: Services, factory: Factory) -> None:
    # given
    tenant = await factory.tenant()
    boss = await admin(services, factory, tenant)
    taken = await board(services, tenant, "Free")

    # when / then
    with pytest.raises(ValidationFailed) as raised:
        await run(
            services,
            tenant,
            lambda s: boards.create_board(
                s, ctx=boss.ctx, data=boards.BoardIn(name="X", slug=taken.slug)
            ),
        )
    assert raised.value.fields == {"slug": ["The slug has already been taken."]}


async def test_members_cannot_create_boards(services: Services, factory: Factory) -> None:
    # given
    tenant = await factory.tenant()
    mina = await member(services, tenant)

    # when / then
    with pytest.raises(Forbidden):
        await run(
            services,
            tenant,
            lambda s: boards.create_board(s, ctx=mina.ctx, data=boards.BoardIn(name="Mine")),
        )


async def test_update_changes_only_the_given_fields(services: Services, factory: Factory) -> None:
    # given
    tenant = await factory.tenant()
    boss = await admin(services, factory, tenant)
    free = await board(services, tenant, "Free", description="Talk")
    assert free.id is not None
    data = boards.BoardUpdate(name="Chat", comment_access=Audience.PUBLIC)

    # when
    updated = await run(
        services,
        tenant,
        lambda s: boards.update_board(s, ctx=boss.ctx, board_id=free.id or 0, data=data),
    )

    # then
    assert (updated.name, updated.description, updated.comment_access) == (
        "Chat",
        "Talk",
        Audience.PUBLIC,
    )


async def test_delete_removes_posts_and_their_comments(
    services: Services, factory: Factory
) -> None:
    # given
    tenant = await factory.tenant()
    boss = await admin(services, factory, tenant)
    mina = await member(services, tenant)
    free = await board(services, tenant, "Free")
    written = await post(services, tenant, free, member_id=mina.id)
    said = await comment(services, tenant, mina.ctx, TargetRef(post_id=written.id))
    kept = await comment(services, tenant, mina.ctx, TargetRef(page_slug="guestbook"))

    # when
    await run(
        services, tenant, lambda s: boards.delete_board(s, ctx=boss.ctx, board_id=free.id or 0)
    )

    # then
    assert await reload(services, tenant, Board, free.id) is None
    assert await reload(services, tenant, BoardPost, written.id) is None
    assert await reload(services, tenant, Comment, said.id) is None
    assert await reload(services, tenant, Comment, kept.id) is not None
