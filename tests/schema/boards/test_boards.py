from __future__ import annotations

import httpx

from tenantry.models.community import Audience, BoardPost, BoardType
from tenantry.serving.services import Services
from tests.conftest import Factory, StatementCounter, TenantFixture
from tests.resolvers.boards.support import admin, board, member, members, post, reload
from tests.support import add, error_codes, graphql

BOARD_POSTS = """
query Posts($slug: String!, $page: Int!, $perPage: Int!, $search: String) {
  boardPosts(boardSlug: $slug, page: $page, perPage: $perPage, search: $search) {
    items {
      id boardId title content contentHtml isPinned isAnswered viewCount commentCount
      board { id slug name }
      author { id name type }
    }
    pageInfo { page perPage total lastPage hasNextPage }
  }
}
"""

BOARDS = "query { boards { id slug name type readAccess writeAccess commentAccess } }"

CREATE_BOARD = """
mutation Create($input: CreateBoardInput!) {
  createBoard(input: $input) { id slug name type readAccess commentAccess }
}
"""

CREATE_POST = """
mutation Create($input: CreateBoardPostInput!) {
  createBoardPost(input: $input) { id title isPinned author { id name type } board { slug } }
}
"""

UPDATE_POST = """
mutation Update($id: ID!, $input: UpdateBoardPostInput!) {
  updateBoardPost(id: $id, input: $input) { id title content }
}
"""

DELETE_POST = "mutation Delete($id: ID!) { deleteBoardPost(id: $id) }"
PIN_POST = "mutation Pin($id: ID!) { pinBoardPost(id: $id) { id isPinned } }"
ANSWER_POST = "mutation Answer($id: ID!) { markBoardPostAnswered(id: $id) { id isAnswered } }"
BOARD_POST = "query Post($id: ID!) { boardPost(id: $id) { id viewCount board { name } } }"


async def test_board_posts_with_boards_and_authors(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    free = await board(services, tenant, "Free")
    [writer] = await members(services, tenant, "Mina")
    written = await post(services, tenant, free, member_id=writer, title="Hi", content="**b**")

    # when
    body = await graphql(
        client,
        BOARD_POSTS,
        {"slug": free.slug, "page": 1, "perPage": 10},
        tenant=tenant.slug,
    )

    # then
    assert body == {
        "data": {
            "boardPosts": {
                "items": [
                    {
                        "id": str(written.id),
                        "boardId": str(free.id),
                        "title": "Hi",
                        "content": "**b**",
                        "contentHtml": "<p><strong>b</strong></p>",
                        "isPinned": False,
                        "isAnswered": False,
                        "viewCount": 0,
                        "commentCount": 0,
                        "board": {"id": str(free.id), "slug": free.slug, "name": "Free"},
                        "author": {"id": str(writer), "name": "Mina", "type": "MEMBER"},
                    }
                ],
                "pageInfo": {
                    "page": 1,
                    "perPage": 10,
                    "total": 1,
                    "lastPage": 1,
                    "hasNextPage": False,
                },
            }
        }
    }


async def test_boards_lists_what_the_caller_may_read(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    public = await board(services, tenant, "Public", type=BoardType.NOTICE)
    await board(services, tenant, "Staff", read=Audience.STAFF)

    # when
    body = await graphql(client, BOARDS, tenant=tenant.slug)

    # then
    assert body["data"]["boards"] == [
        {
            "id": str(public.id),
            "slug": public.slug,
            "name": "Public",
            "type": "NOTICE",
            "readAccess": "PUBLIC",
            "writeAccess": "MEMBERS",
            "commentAccess": "MEMBERS",
        }
    ]


async def test_members_board_posts_need_a_member(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    inner = await board(services, tenant, "Inner", read=Audience.MEMBERS)
    mina = await member(services, tenant)
    variables = {"slug": inner.slug, "page": 1, "perPage": 10}

    # when
    anonymous = await graphql(client, BOARD_POSTS, variables, tenant=tenant.slug)
    signed_in = await graphql(client, BOARD_POSTS, variables, tenant=tenant.slug, bearer=mina.token)

    # then
    assert error_codes(anonymous) == ["UNAUTHENTICATED"]
    assert signed_in["data"]["boardPosts"]["items"] == []


async def test_board_post_counts_a_view(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    written = await post(services, tenant, await board(services, tenant, "Free"))

    # when
    body = await graphql(client, BOARD_POST, {"id": str(written.id)}, tenant=tenant.slug)

    # then
    assert body["data"]["boardPost"] == {
        "id": str(written.id),
        "viewCount": 1,
        "board": {"name": "Free"},
    }


async def test_staff_create_boards_and_members_cannot(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    boss = await admin(services, factory, tenant)
    mina = await member(services, tenant)
    variables = {"input": {"name": "Questions", "type": "QNA", "commentAccess": "PUBLIC"}}

    # when
    by_member = await graphql(
        client, CREATE_BOARD, variables, tenant=tenant.slug, bearer=mina.token
    )
    by_staff = await graphql(client, CREATE_BOARD, variables, tenant=tenant.slug, bearer=boss.token)

    # then
    assert error_codes(by_member) == ["FORBIDDEN"]
    created = by_staff["data"]["createBoard"]
    assert {key: created[key] for key in ("slug", "name", "type", "commentAccess")} == {
        "slug": "questions",
        "name": "Questions",
        "type": "QNA",
        "commentAccess": "PUBLIC",
    }


async def test_member_creates_a_post_and_strangers_cannot_change_it(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    free = await board(services, tenant, "Free")
    mina, stranger = await member(services, tenant, "Mina"), await member(services, tenant, "S")

    # when
    created = await graphql(
        client,
        CREATE_POST,
        {"input": {"boardId": str(free.id), "title": "Hello"}},
        tenant=tenant.slug,
        bearer=mina.token,
    )
    post_id = created["data"]["createBoardPost"]["id"]
    by_stranger = await graphql(
        client,
        UPDATE_POST,
        {"id": post_id, "input": {"title": "X"}},
        tenant=tenant.slug,
        bearer=stranger.token,
    )
    deleted_by_stranger = await graphql(
        client, DELETE_POST, {"id": post_id}, tenant=tenant.slug, bearer=stranger.token
    )
    by_author = await graphql(
        client,
        UPDATE_POST,
        {"id": post_id, "input": {"content": "Body"}},
        tenant=tenant.slug,
        bearer=mina.token,
    )

    # then
    assert created["data"]["createBoardPost"] == {
        "id": post_id,
        "title": "Hello",
        "isPinned": False,
        "author": {"id": str(mina.id), "name": "Mina", "type": "MEMBER"},
        "board": {"slug": free.slug},
    }
    assert error_codes(by_stranger) == ["NOT_FOUND"]
    assert error_codes(deleted_by_stranger) == ["NOT_FOUND"]
    assert by_author["data"]["updateBoardPost"] == {
        "id": post_id,
        "title": "Hello",
        "content": "Body",
    }


async def test_author_deletes_a_post(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    mina = await member(services, tenant)
    written = await post(services, tenant, await board(services, tenant), member_id=mina.id)

    # when
    body = await graphql(
        client, DELETE_POST, {"id": str(written.id)}, tenant=tenant.slug, bearer=mina.token
    )

    # then
    assert body == {"data": {"deleteBoardPost": True}}
    assert await reload(services, tenant, BoardPost, written.id) is None


async def test_staff_pin_and_answer_but_members_cannot(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    mina = await member(services, tenant)
    boss = await admin(services, factory, tenant)
    question = await post(
        services, tenant, await board(services, tenant, type=BoardType.QNA), member_id=mina.id
    )
    chat = await post(services, tenant, await board(services, tenant))
    ident = {"id": str(question.id)}

    # when
    pinned_by_member = await graphql(client, PIN_POST, ident, tenant=tenant.slug, bearer=mina.token)
    pinned = await graphql(client, PIN_POST, ident, tenant=tenant.slug, bearer=boss.token)
    answered = await graphql(client, ANSWER_POST, ident, tenant=tenant.slug, bearer=boss.token)
    not_qna = await graphql(
        client, ANSWER_POST, {"id": str(chat.id)}, tenant=tenant.slug, bearer=boss.token
    )

    # then
    assert error_codes(pinned_by_member) == ["FORBIDDEN"]
    assert pinned["data"]["pinBoardPost"] == {"id": str(question.id), "isPinned": True}
    assert answered["data"]["markBoardPostAnswered"] == {
        "id": str(question.id),
        "isAnswered": True,
    }
    assert error_codes(not_qna) == ["BAD_USER_INPUT"]


async def many_posts(services: Services, tenant: TenantFixture, size: int) -> str:
    free = await board(services, tenant, "Free")
    writers = await members(services, tenant, *(f"M{n}" for n in range(size)))
    assert free.id is not None
    await add(
        services,
        tenant,
        *(BoardPost(board_id=free.id, member_id=w, title=f"P{w}") for w in writers),
    )
    return free.slug


async def test_board_posts_statements_do_not_grow_with_posts(
    client: httpx.AsyncClient,
    factory: Factory,
    services: Services,
    count_queries: StatementCounter,
) -> None:
    # given
    few, many = await factory.tenant(), await factory.tenant()
    few_slug = await many_posts(services, few, 5)
    many_slug = await many_posts(services, many, 50)

    # when
    counts = []
    for tenant, slug in ((few, few_slug), (many, many_slug)):
        count_queries.reset()
        body = await graphql(
            client, BOARD_POSTS, {"slug": slug, "page": 1, "perPage": 100}, tenant=tenant.slug
        )
        assert all(item["author"] and item["board"] for item in body["data"]["boardPosts"]["items"])
        counts.append(count_queries.count)

    # then
    assert counts[0] == counts[1]
