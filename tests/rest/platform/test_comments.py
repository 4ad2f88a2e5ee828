from __future__ import annotations

import httpx

from tenantry.models.community import Audience, BoardPost, Comment
from tenantry.resolvers.comments import TargetRef
from tenantry.serving.services import Services
from tests.conftest import Factory
from tests.resolvers.blog.support import BlogWriter
from tests.resolvers.boards.support import admin, board, comment, member, post, reload
from tests.support import iso, set_tenant_settings


async def test_blog_comments_list_envelope_with_replies_embedded(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    article = await BlogWriter(services, tenant).post("Hello")
    ref = TargetRef(blog_slug=article.slug)
    mina, joon = await member(services, tenant, "Mina"), await member(services, tenant, "Joon")
    first = await comment(services, tenant, mina.ctx, ref, "First!")
    reply = await comment(services, tenant, joon.ctx, ref, "Welcome.", parent_id=first.id)
    second = await comment(services, tenant, joon.ctx, ref, "Second.")

    # when
    response = await client.get(f"/api/{tenant.slug}/blog/{article.slug}/comments")

    # then
    assert response.status_code == 200
    assert response.json() == {
        "data": [
            {
                "id": first.id,
                "content": "First!",
                "author": {"id": mina.id, "name": "Mina", "type": "member"},
                "parent_id": None,
                "like_count": 0,
                "liked": False,
                "is_deleted": False,
                "replies": [
                    {
                        "id": reply.id,
                        "content": "Welcome.",
                        "author": {"id": joon.id, "name": "Joon", "type": "member"},
                        "parent_id": first.id,
                        "like_count": 0,
                        "liked": False,
                        "is_deleted": False,
                        "replies": [],
                        "created_at": iso(reply.created_at),
                        "updated_at": iso(reply.updated_at),
                    }
                ],
                "created_at": iso(first.created_at),
                "updated_at": iso(first.updated_at),
            },
            {
                "id": second.id,
                "content": "Second.",
                "author": {"id": joon.id, "name": "Joon", "type": "member"},
                "parent_id": None,
                "like_count": 0,
                "liked": False,
                "is_deleted": False,
                "replies": [],
                "created_at": iso(second.created_at),
                "updated_at": iso(second.updated_at),
            },
        ],
        "meta": {
            "current_page": 1,
            "last_page": 1,
            "per_page": 15,
            "total": 2,
            "comment_count": 3,
        },
    }


async def test_member_comments_on_a_blog_post(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    article = await BlogWriter(services, tenant).post("Hello")
    mina = await member(services, tenant, "Mina")

    # when
    response = await client.post(
        f"/api/{tenant.slug}/blog/{article.slug}/comments",
        json={"content": "  Great read.  "},
        headers=mina.headers,
    )

    # then
    assert response.status_code == 201
    data = response.json()["data"]
    row = await reload(services, tenant, Comment, data["id"])
    assert row is not None
    assert data == {
        "id": row.id,
        "content": "Great read.",
        "author": {"id": mina.id, "name": "Mina", "type": "member"},
        "parent_id": None,
        "like_count": 0,
        "liked": False,
        "is_deleted": False,
        "replies": [],
        "created_at": iso(row.created_at),
        "updated_at": iso(row.updated_at),
    }


async def test_anonymous_blog_comment_is_401_unless_guests_are_allowed(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    article = await BlogWriter(services, tenant).post("Hello")
    url = f"/api/{tenant.slug}/blog/{article.slug}/comments"

    # when
    refused = await client.post(url, json={"content": "Hi", "author_name": "Guest"})
    await set_tenant_settings(services, tenant, comments={"guests": True})
    nameless = await client.post(url, json={"content": "Hi"})
    accepted = await client.post(url, json={"content": "Hi", "author_name": "Guest"})

    # then
    assert refused.status_code == 401
    assert refused.json() == {"message": "Unauthenticated.", "code": "unauthenticated"}
    assert nameless.status_code == 422
    assert nameless.json()["errors"] == {"author_name": ["The author name field is required."]}
    assert accepted.status_code == 201
    assert accepted.json()["data"]["author"] == {"id": None, "name": "Guest", "type": "guest"}


async def test_comment_validation_errors(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    mina = await member(services, tenant)

    # when
    response = await client.post(
        f"/api/{tenant.slug}/comments/guestbook", json={"content": ""}, headers=mina.headers
    )

    # then
    assert response.status_code == 422
    assert response.json() == {
        "message": "The given data was invalid.",
        "code": "parameter_missing",
        "errors": {"content": ["The content field is required."]},
    }


async def test_draft_or_unknown_blog_post_has_no_comments(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    draft = await BlogWriter(services, tenant).post("Draft", publish=False)
    mina = await member(services, tenant)

    # when
    listed = await client.get(f"/api/{tenant.slug}/blog/{draft.slug}/comments")
    posted = await client.post(
        f"/api/{tenant.slug}/blog/{draft.slug}/comments",
        json={"content": "Hi"},
        headers=mina.headers,
    )
    unknown = await client.get(f"/api/{tenant.slug}/blog/nope/comments")

    # then
    assert (listed.status_code, posted.status_code, unknown.status_code) == (404, 404, 404)
    assert listed.json() == {"message": "Post not found.", "code": "resource_missing"}


async def test_guestbook_page_comments(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    mina = await member(services, tenant, "Mina")
    url = f"/api/{tenant.slug}/comments/guestbook"

    # when
    created = await client.post(url, json={"content": "Hello!"}, headers=mina.headers)
    listed = await client.get(url)
    elsewhere = await client.get(f"/api/{tenant.slug}/comments/about")

    # then
    assert created.status_code == 201
    assert [item["content"] for item in listed.json()["data"]] == ["Hello!"]
    assert elsewhere.json()["data"] == []


async def test_board_post_comments_follow_the_boards_comment_access(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    public = await post(services, tenant, await board(services, tenant, comment=Audience.PUBLIC))
    members_only = await post(services, tenant, await board(services, tenant))
    staff_only = await post(services, tenant, await board(services, tenant, comment=Audience.STAFF))
    mina = await member(services, tenant)
    boss = await admin(services, factory, tenant)

    async def say(target: BoardPost, headers: dict[str, str], **body: str) -> int:
        response = await client.post(
            f"/api/{tenant.slug}/posts/{target.id}/comments",
            json={"content": "Hi", **body},
            headers=headers,
        )
        return response.status_code

    # when
    outcomes = [
        await say(public, {}, author_name="Guest"),
        await say(members_only, {}),
        await say(members_only, mina.headers),
        await say(staff_only, mina.headers),
        await say(staff_only, boss.headers),
    ]

    # then
    assert outcomes == [201, 401, 201, 403, 201]


async def test_board_post_comment_count_follows_writes_and_deletes(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    target = await post(services, tenant, await board(services, tenant))
    mina = await member(services, tenant)
    url = f"/api/{tenant.slug}/posts/{target.id}/comments"
    first = await client.post(url, json={"content": "One"}, headers=mina.headers)
    await client.post(url, json={"content": "Two"}, headers=mina.headers)

    # when
    await client.delete(
        f"/api/{tenant.slug}/comments/{first.json()['data']['id']}", headers=mina.headers
    )
    detail = await client.get(f"/api/{tenant.slug}/posts/{target.id}")

    # then
    assert detail.json()["data"]["comment_count"] == 1
    listed = await client.get(url)
    assert listed.json()["meta"]["comment_count"] == 1


async def test_board_post_comments_of_a_hidden_board_are_not_found(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    hidden = await post(services, tenant, await board(services, tenant, read=Audience.STAFF))
    mina = await member(services, tenant)

    # when
    listed = await client.get(f"/api/{tenant.slug}/posts/{hidden.id}/comments")
    posted = await client.post(
        f"/api/{tenant.slug}/posts/{hidden.id}/comments",
        json={"content": "Hi"},
        headers=mina.headers,
    )

    # then
    assert (listed.status_code, posted.status_code) == (404, 404)


async def test_a_reply_to_a_reply_joins_the_top_level_thread(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    mina = await member(services, tenant)
    ref = TargetRef(page_slug="guestbook")
    top = await comment(services, tenant, mina.ctx, ref, "Top")
    reply = await comment(services, tenant, mina.ctx, ref, "Reply", parent_id=top.id)

    # when
    response = await client.post(
        f"/api/{tenant.slug}/comments/guestbook",
        json={"content": "Deeper", "parent_id": reply.id},
        headers=mina.headers,
    )

    # then
    assert response.status_code == 201
    assert response.json()["data"]["parent_id"] == top.id


async def test_a_parent_on_another_target_is_invalid(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    mina = await member(services, tenant)
    elsewhere = await comment(services, tenant, mina.ctx, TargetRef(page_slug="about"))

    # when
    response = await client.post(
        f"/api/{tenant.slug}/comments/guestbook",
        json={"content": "Hi", "parent_id": elsewhere.id},
        headers=mina.headers,
    )

    # then
    assert response.status_code == 422
    assert response.json()["errors"] == {"parent_id": ["The selected parent id is invalid."]}


async def test_comments_page_with_replies(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    mina = await member(services, tenant)
    ref = TargetRef(page_slug="wall")
    tops = [await comment(services, tenant, mina.ctx, ref, f"Top {n}") for n in range(3)]
    await comment(services, tenant, mina.ctx, ref, "Reply", parent_id=tops[2].id)

    # when
    response = await client.get(
        f"/api/{tenant.slug}/comments/wall", params={"page": 2, "per_page": 2}
    )

    # then
    body = response.json()
    assert [item["content"] for item in body["data"]] == ["Top 2"]
    assert [item["content"] for item in body["data"][0]["replies"]] == ["Reply"]
    assert body["meta"] == {
        "current_page": 2,
        "last_page": 2,
        "per_page": 2,
        "total": 3,
        "comment_count": 4,
    }
