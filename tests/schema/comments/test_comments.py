from __future__ import annotations

import httpx

from tenantry.models.community import Comment, CommentLike, CommentTarget
from tenantry.resolvers.comments import TargetRef
from tenantry.serving.services import Services
from tests.conftest import Factory, StatementCounter, TenantFixture
from tests.resolvers.blog.support import BlogWriter
from tests.resolvers.boards.support import (
    Person,
    admin,
    board,
    comment,
    member,
    members,
    post,
)
from tests.support import add, error_codes, graphql

COMMENTS = """
query Comments($target: CommentTargetInput!, $page: Int!, $perPage: Int!) {
  comments(target: $target, page: $page, perPage: $perPage) {
    items {
      id content parentId likeCount liked isDeleted
      author { id name type }
      replies { id content parentId liked author { id name type } replies { id } }
    }
    pageInfo { page perPage total lastPage hasNextPage }
    commentCount
  }
}
"""

CREATE = """
mutation Create($target: CommentTargetInput!, $input: CreateCommentInput!) {
  createComment(target: $target, input: $input) { id content parentId author { name type } }
}
"""

UPDATE = """
mutation Update($id: ID!, $input: UpdateCommentInput!) {
  updateComment(id: $id, input: $input) { id content }
}
"""

DELETE = (
    "mutation Delete($id: ID!) { deleteComment(id: $id) { id content isDeleted author { name } } }"
)
LIKE = "mutation Like($id: ID!) { toggleCommentLike(id: $id) { commentId liked likeCount } }"


async def test_comments_on_a_board_post_with_replies_and_likes(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    target = await post(services, tenant, await board(services, tenant))
    mina, joon = await member(services, tenant, "Mina"), await member(services, tenant, "Joon")
    ref = TargetRef(post_id=target.id)
    top = await comment(services, tenant, mina.ctx, ref, "Top")
    reply = await comment(services, tenant, joon.ctx, ref, "Reply", parent_id=top.id)
    await add(services, tenant, CommentLike(comment_id=top.id or 0, member_id=joon.id))

    # when
    body = await graphql(
        client,
        COMMENTS,
        {"target": {"postId": str(target.id)}, "page": 1, "perPage": 10},
        tenant=tenant.slug,
        bearer=joon.token,
    )

    # then
    assert body == {
        "data": {
            "comments": {
                "items": [
                    {
                        "id": str(top.id),
                        "content": "Top",
                        "parentId": None,
                        "likeCount": 0,
                        "liked": True,
                        "isDeleted": False,
                        "author": {"id": str(mina.id), "name": "Mina", "type": "MEMBER"},
                        "replies": [
                            {
                                "id": str(reply.id),
                                "content": "Reply",
                                "parentId": str(top.id),
                                "liked": False,
                                "author": {"id": str(joon.id), "name": "Joon", "type": "MEMBER"},
                                "replies": [],
                            }
                        ],
                    }
                ],
                "pageInfo": {
                    "page": 1,
                    "perPage": 10,
                    "total": 1,
                    "lastPage": 1,
                    "hasNextPage": False,
                },
                "commentCount": 2,
            }
        }
    }


async def test_a_target_must_be_named_exactly_once(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    # given
    tenant = await factory.tenant()

    # when
    body = await graphql(
        client,
        COMMENTS,
        {"target": {"pageSlug": "a", "blogSlug": "b"}, "page": 1, "perPage": 10},
        tenant=tenant.slug,
    )

    # then
    assert error_codes(body) == ["BAD_USER_INPUT"]


async def test_member_comments_and_replies_on_a_blog_post(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    article = await BlogWriter(services, tenant).post("Hello")
    mina = await member(services, tenant, "Mina")
    target = {"blogSlug": article.slug}

    # when
    top = await graphql(
        client,
        CREATE,
        {"target": target, "input": {"content": "Top"}},
        tenant=tenant.slug,
        bearer=mina.token,
    )
    top_id = top["data"]["createComment"]["id"]
    reply = await graphql(
        client,
        CREATE,
        {"target": target, "input": {"content": "Reply", "parentId": top_id}},
        tenant=tenant.slug,
        bearer=mina.token,
    )
    anonymous = await graphql(
        client, CREATE, {"target": target, "input": {"content": "Hi"}}, tenant=tenant.slug
    )

    # then
    assert top["data"]["createComment"] == {
        "id": top_id,
        "content": "Top",
        "parentId": None,
        "author": {"name": "Mina", "type": "MEMBER"},
    }
    assert reply["data"]["createComment"]["parentId"] == top_id
    assert error_codes(anonymous) == ["UNAUTHENTICATED"]


async def test_update_by_author_and_not_by_strangers(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    mina, stranger = await member(services, tenant), await member(services, tenant)
    said = await comment(services, tenant, mina.ctx, TargetRef(page_slug="guestbook"))
    variables = {"id": str(said.id), "input": {"content": "Edited"}}

    # when
    by_stranger = await graphql(
        client, UPDATE, variables, tenant=tenant.slug, bearer=stranger.token
    )
    by_author = await graphql(client, UPDATE, variables, tenant=tenant.slug, bearer=mina.token)

    # then
    assert error_codes(by_stranger) == ["NOT_FOUND"]
    assert by_author["data"]["updateComment"] == {"id": str(said.id), "content": "Edited"}


async def test_delete_returns_the_placeholder_or_null(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    mina = await member(services, tenant)
    boss = await admin(services, factory, tenant)
    ref = TargetRef(page_slug="guestbook")
    top = await comment(services, tenant, mina.ctx, ref, "Top")
    reply = await comment(services, tenant, mina.ctx, ref, "Reply", parent_id=top.id)

    # when
    kept = await graphql(client, DELETE, {"id": str(top.id)}, tenant=tenant.slug, bearer=boss.token)
    gone = await graphql(
        client, DELETE, {"id": str(reply.id)}, tenant=tenant.slug, bearer=mina.token
    )

    # then
    assert kept["data"]["deleteComment"] == {
        "id": str(top.id),
        "content": None,
        "isDeleted": True,
        "author": None,
    }
    assert gone == {"data": {"deleteComment": None}}


async def test_toggle_like(client: httpx.AsyncClient, factory: Factory, services: Services) -> None:
    # given
    tenant = await factory.tenant()
    mina = await member(services, tenant)
    said = await comment(services, tenant, mina.ctx, TargetRef(page_slug="guestbook"))

    # when
    liked = await graphql(client, LIKE, {"id": str(said.id)}, tenant=tenant.slug, bearer=mina.token)
    anonymous = await graphql(client, LIKE, {"id": str(said.id)}, tenant=tenant.slug)

    # then
    assert liked["data"]["toggleCommentLike"] == {
        "commentId": str(said.id),
        "liked": True,
        "likeCount": 1,
    }
    assert error_codes(anonymous) == ["UNAUTHENTICATED"]


async def wall(services: Services, tenant: TenantFixture, viewer: Person, size: int) -> None:
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
            member_id=viewer.id,
            content="Yo",
        )
        for top in tops
    ]
    await add(services, tenant, *replies)
    await add(
        services, tenant, *(CommentLike(comment_id=t.id or 0, member_id=viewer.id) for t in tops)
    )


async def test_comments_statements_do_not_grow_with_comments(
    client: httpx.AsyncClient,
    factory: Factory,
    services: Services,
    count_queries: StatementCounter,
) -> None:
    # given
    few, many = await factory.tenant(), await factory.tenant()
    few_viewer, many_viewer = await member(services, few), await member(services, many)
    await wall(services, few, few_viewer, 5)
    await wall(services, many, many_viewer, 50)

    # when
    counts = []
    for tenant, viewer in ((few, few_viewer), (many, many_viewer)):
        count_queries.reset()
        body = await graphql(
            client,
            COMMENTS,
            {"target": {"pageSlug": "wall"}, "page": 1, "perPage": 100},
            tenant=tenant.slug,
            bearer=viewer.token,
        )
        items = body["data"]["comments"]["items"]
        assert all(item["liked"] and item["author"] and item["replies"] for item in items)
        counts.append(count_queries.count)

    # then
    assert counts[0] == counts[1]
