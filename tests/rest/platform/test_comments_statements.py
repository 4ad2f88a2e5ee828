"""Comment and post lists cost the same number of SQL statements for 5 rows as for 50."""

from __future__ import annotations

import httpx

from tenantry.models.community import BoardPost, Comment, CommentLike, CommentTarget
from tenantry.serving.services import Services
from tests.conftest import Factory, StatementCounter, TenantFixture
from tests.resolvers.boards.support import Person, admin, board, member, members
from tests.support import add


async def guestbook(
    services: Services, factory: Factory, tenant: TenantFixture, size: int
) -> Person:
    """size top-level comments by as many members, each with a staff reply the viewer likes."""
    viewer = await member(services, tenant)
    staff = await admin(services, factory, tenant)
    authors = await members(services, tenant, *(f"M{n}" for n in range(size)))
    tops = [
        Comment(target_type=CommentTarget.PAGE, page_slug="wall", member_id=a, content="Hi")
        for a in authors
    ]
    await add(services, tenant, *tops)
    replies = [
        Comment(
            target_type=CommentTarget.PAGE,
            page_slug="wall",
            parent_id=top.id,
            staff_id=staff.id,
            content="Thanks",
        )
        for top in tops
    ]
    await add(services, tenant, *replies)
    await add(
        services,
        tenant,
        *(CommentLike(comment_id=row.id or 0, member_id=viewer.id) for row in [*tops, *replies]),
    )
    return viewer


async def comment_statements(
    client: httpx.AsyncClient, counter: StatementCounter, tenant: TenantFixture, viewer: Person
) -> int:
    counter.reset()
    response = await client.get(
        f"/api/{tenant.slug}/comments/wall", params={"per_page": 100}, headers=viewer.headers
    )
    assert response.status_code == 200
    for item in response.json()["data"]:
        assert item["author"]["type"] == "member"
        assert item["liked"] is True
        assert [reply["author"]["type"] for reply in item["replies"]] == ["staff"]
    return counter.count


async def test_comment_list_statements_do_not_grow_with_comments(
    client: httpx.AsyncClient,
    factory: Factory,
    services: Services,
    count_queries: StatementCounter,
) -> None:
    # given
    few, many = await factory.tenant(), await factory.tenant()
    few_viewer = await guestbook(services, factory, few, 5)
    many_viewer = await guestbook(services, factory, many, 50)

    # when
    for_few = await comment_statements(client, count_queries, few, few_viewer)
    for_many = await comment_statements(client, count_queries, many, many_viewer)

    # then
    assert for_few == for_many


async def board_posts(
    services: Services, factory: Factory, tenant: TenantFixture, size: int
) -> str:
    """size posts, half by members and half by staff; returns the board's slug."""
    free = await board(services, tenant, "Free")
    staff = await admin(services, factory, tenant)
    authors = await members(services, tenant, *(f"M{n}" for n in range(size)))
    assert free.id is not None
    await add(
        services,
        tenant,
        *(
            BoardPost(
                board_id=free.id,
                member_id=a if n % 2 else None,
                staff_id=None if n % 2 else staff.id,
                title=f"Post {n}",
            )
            for n, a in enumerate(authors)
        ),
    )
    return free.slug


async def post_statements(
    client: httpx.AsyncClient, counter: StatementCounter, tenant: TenantFixture, slug: str
) -> int:
    counter.reset()
    response = await client.get(f"/api/{tenant.slug}/boards/{slug}/posts", params={"per_page": 100})
    assert response.status_code == 200
    assert all(item["author"] and item["board"] for item in response.json()["data"])
    return counter.count


async def test_post_list_statements_do_not_grow_with_posts(
    client: httpx.AsyncClient,
    factory: Factory,
    services: Services,
    count_queries: StatementCounter,
) -> None:
    # given
    few, many = await factory.tenant(), await factory.tenant()
    few_slug = await board_posts(services, factory, few, 5)
    many_slug = await board_posts(services, factory, many, 50)

    # when
    for_few = await post_statements(client, count_queries, few, few_slug)
    for_many = await post_statements(client, count_queries, many, many_slug)

    # then
    assert for_few == for_many
