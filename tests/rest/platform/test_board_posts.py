from __future__ import annotations

import httpx

from tenantry.models.community import Audience, BoardPost, BoardType, Comment, CommentTarget
from tenantry.resolvers.comments import TargetRef
from tenantry.serving.services import Services
from tests.conftest import Factory
from tests.resolvers.boards.support import admin, board, comment, member, post, reload
from tests.support import iso


async def test_member_creates_a_post(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    free = await board(services, tenant, "Free")
    writer = await member(services, tenant, "Mina")

    # when
    response = await client.post(
        f"/api/{tenant.slug}/posts",
        json={"board_id": free.id, "title": "Hello World", "content": "Post **content**"},
        headers=writer.headers,
    )

    # then
    assert response.status_code == 201
    data = response.json()["data"]
    row = await reload(services, tenant, BoardPost, data["id"])
    assert row is not None
    assert response.json() == {
        "data": {
            "id": row.id,
            "board_id": free.id,
            "board": {"id": free.id, "slug": free.slug, "name": "Free"},
            "title": "Hello World",
            "content": "Post **content**",
            "content_html": "<p>Post <strong>content</strong></p>",
            "is_pinned": False,
            "is_answered": False,
            "view_count": 0,
            "comment_count": 0,
            "author": {"id": writer.id, "name": "Mina", "type": "member"},
            "created_at": iso(row.created_at),
            "updated_at": iso(row.updated_at),
        }
    }


async def test_creating_a_post_needs_a_signed_in_caller(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    free = await board(services, tenant, "Free", write=Audience.PUBLIC)

    # when
    response = await client.post(
        f"/api/{tenant.slug}/posts", json={"board_id": free.id, "title": "Hi"}
    )

    # then
    assert response.status_code == 401
    assert response.json() == {"message": "Unauthenticated.", "code": "unauthenticated"}


async def test_creating_a_post_validates_the_body(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    writer = await member(services, tenant)

    # when
    response = await client.post(
        f"/api/{tenant.slug}/posts", json={"title": " "}, headers=writer.headers
    )

    # then
    assert response.status_code == 422
    assert response.json() == {
        "message": "The given data was invalid.",
        "code": "parameter_missing",
        "errors": {
            "board_id": ["The board id field is required."],
            "title": ["The title field is required."],
        },
    }


async def test_a_board_the_member_cannot_see_is_an_invalid_board_id(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant, other = await factory.tenant(), await factory.tenant()
    hidden = await board(services, tenant, "Staff", read=Audience.STAFF)
    theirs = await board(services, other, "Theirs")
    writer = await member(services, tenant)
    invalid = {
        "message": "The given data was invalid.",
        "code": "parameter_invalid",
        "errors": {"board_id": ["The selected board id is invalid."]},
    }

    # when
    responses = [
        await client.post(
            f"/api/{tenant.slug}/posts",
            json={"board_id": target.id, "title": "Hi"},
            headers=writer.headers,
        )
        for target in (hidden, theirs)
    ]

    # then
    assert [(r.status_code, r.json()) for r in responses] == [(422, invalid), (422, invalid)]


async def test_notice_boards_take_posts_from_staff_only(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    notices = await board(services, tenant, "Notice", type=BoardType.NOTICE)
    writer = await member(services, tenant)
    boss = await admin(services, factory, tenant)
    body = {"board_id": notices.id, "title": "Opening hours", "is_pinned": True}

    # when
    as_member = await client.post(f"/api/{tenant.slug}/posts", json=body, headers=writer.headers)
    as_staff = await client.post(f"/api/{tenant.slug}/posts", json=body, headers=boss.headers)

    # then
    assert as_member.status_code == 403
    assert as_member.json() == {"message": "This action is unauthorized.", "code": "forbidden"}
    assert as_staff.status_code == 201
    assert as_staff.json()["data"]["is_pinned"] is True
    assert as_staff.json()["data"]["author"]["type"] == "staff"


async def test_staff_write_boards_refuse_members(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    staff_board = await board(services, tenant, "Announcements", write=Audience.STAFF)
    writer = await member(services, tenant)

    # when
    response = await client.post(
        f"/api/{tenant.slug}/posts",
        json={"board_id": staff_board.id, "title": "Hi"},
        headers=writer.headers,
    )

    # then
    assert response.status_code == 403


async def test_members_cannot_pin_their_own_posts(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    free = await board(services, tenant, "Free")
    writer = await member(services, tenant)
    mine = await post(services, tenant, free, member_id=writer.id)

    # when
    created = await client.post(
        f"/api/{tenant.slug}/posts",
        json={"board_id": free.id, "title": "Look", "is_pinned": True},
        headers=writer.headers,
    )
    updated = await client.put(
        f"/api/{tenant.slug}/posts/{mine.id}", json={"is_pinned": True}, headers=writer.headers
    )

    # then
    assert (created.status_code, updated.status_code) == (403, 403)


async def test_detail_counts_each_view(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    free = await board(services, tenant, "Free")
    created = await post(services, tenant, free, title="Seen")

    # when
    await client.get(f"/api/{tenant.slug}/posts/{created.id}")
    response = await client.get(f"/api/{tenant.slug}/posts/{created.id}")

    # then
    assert response.status_code == 200
    assert response.json()["data"]["view_count"] == 2
    row = await reload(services, tenant, BoardPost, created.id)
    assert row is not None
    assert row.view_count == 2
    assert row.updated_at == created.updated_at


async def test_detail_sanitizes_markdown(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    free = await board(services, tenant, "Free")
    created = await post(
        services,
        tenant,
        free,
        content='<script>x()</script>\n\n[a](javascript:y) <b onclick="z">b</b>',
    )

    # when
    response = await client.get(f"/api/{tenant.slug}/posts/{created.id}")

    # then
    html = response.json()["data"]["content_html"]
    assert "<script" not in html
    assert "href" not in html
    assert "onclick" not in html
    assert "<b>b</b>" in html


async def test_detail_of_unknown_or_malformed_or_foreign_post_is_404(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant, other = await factory.tenant(), await factory.tenant()
    theirs = await post(services, other, await board(services, other, "Theirs"))

    # when
    responses = [
        await client.get(f"/api/{tenant.slug}/posts/{ident}")
        for ident in (theirs.id, "abc", 99_999_999)
    ]

    # then
    assert [r.status_code for r in responses] == [404, 404, 404]
    assert responses[0].json() == {"message": "Post not found.", "code": "resource_missing"}


async def test_detail_follows_the_boards_read_access(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    inner = await post(services, tenant, await board(services, tenant, "M", read=Audience.MEMBERS))
    staff_only = await post(
        services, tenant, await board(services, tenant, "S", read=Audience.STAFF)
    )
    reader = await member(services, tenant)

    # when
    anonymous = await client.get(f"/api/{tenant.slug}/posts/{inner.id}")
    as_member = await client.get(f"/api/{tenant.slug}/posts/{inner.id}", headers=reader.headers)
    hidden = await client.get(f"/api/{tenant.slug}/posts/{staff_only.id}", headers=reader.headers)

    # then
    assert (anonymous.status_code, as_member.status_code, hidden.status_code) == (401, 200, 404)


async def test_update_by_author_and_staff_but_not_by_others(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    free = await board(services, tenant, "Free")
    author, stranger = await member(services, tenant, "A"), await member(services, tenant, "B")
    boss = await admin(services, factory, tenant)
    created = await post(services, tenant, free, member_id=author.id, title="Draft")
    url = f"/api/{tenant.slug}/posts/{created.id}"

    # when
    anonymous = await client.put(url, json={"title": "X"})
    by_stranger = await client.put(url, json={"title": "X"}, headers=stranger.headers)
    by_author = await client.put(url, json={"title": "Mine"}, headers=author.headers)
    by_staff = await client.put(url, json={"content": "Edited"}, headers=boss.headers)

    # then
    assert anonymous.status_code == 401
    assert by_stranger.status_code == 404
    assert by_stranger.json() == {"message": "Post not found.", "code": "resource_missing"}
    assert by_author.status_code == 200
    assert by_author.json()["data"]["title"] == "Mine"
    assert by_staff.status_code == 200
    assert by_staff.json()["data"]["content"] == "Edited"
    assert by_staff.json()["data"]["author"]["id"] == author.id


async def test_update_validates_the_body(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    author = await member(services, tenant)
    created = await post(services, tenant, await board(services, tenant), member_id=author.id)

    # when
    response = await client.put(
        f"/api/{tenant.slug}/posts/{created.id}", json={"title": "x" * 301}, headers=author.headers
    )

    # then
    assert response.status_code == 422
    assert response.json()["errors"] == {
        "title": ["The title field must not be greater than 300 characters."]
    }


async def test_delete_by_author_and_staff_but_not_by_others(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    free = await board(services, tenant, "Free")
    author, stranger = await member(services, tenant, "A"), await member(services, tenant, "B")
    boss = await admin(services, factory, tenant)
    first = await post(services, tenant, free, member_id=author.id)
    second = await post(services, tenant, free, member_id=author.id)

    # when
    anonymous = await client.delete(f"/api/{tenant.slug}/posts/{first.id}")
    by_stranger = await client.delete(
        f"/api/{tenant.slug}/posts/{first.id}", headers=stranger.headers
    )
    by_author = await client.delete(f"/api/{tenant.slug}/posts/{first.id}", headers=author.headers)
    by_staff = await client.delete(f"/api/{tenant.slug}/posts/{second.id}", headers=boss.headers)

    # then
    assert (anonymous.status_code, by_stranger.status_code) == (401, 404)
    assert by_author.json() == {"message": "Post deleted."}
    assert by_staff.json() == {"message": "Post deleted."}
    assert await reload(services, tenant, BoardPost, first.id) is None
    assert await reload(services, tenant, BoardPost, second.id) is None


async def test_delete_removes_the_posts_comments(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    author = await member(services, tenant)
    created = await post(services, tenant, await board(services, tenant), member_id=author.id)
    said = await comment(services, tenant, author.ctx, TargetRef(post_id=created.id))

    # when
    response = await client.delete(f"/api/{tenant.slug}/posts/{created.id}", headers=author.headers)

    # then
    assert response.status_code == 200
    assert await reload(services, tenant, Comment, said.id) is None
    assert said.target_type == CommentTarget.BOARD_POST


async def test_staff_pin_and_answer_qna_posts(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    qna = await board(services, tenant, "Questions", type=BoardType.QNA)
    free = await board(services, tenant, "Free")
    question = await post(services, tenant, qna)
    chat = await post(services, tenant, free)
    boss = await admin(services, factory, tenant)

    # when
    answered = await client.put(
        f"/api/{tenant.slug}/posts/{question.id}",
        json={"is_answered": True, "is_pinned": True},
        headers=boss.headers,
    )
    not_qna = await client.put(
        f"/api/{tenant.slug}/posts/{chat.id}", json={"is_answered": True}, headers=boss.headers
    )

    # then
    assert answered.status_code == 200
    assert (answered.json()["data"]["is_answered"], answered.json()["data"]["is_pinned"]) == (
        True,
        True,
    )
    assert not_qna.status_code == 422
    assert not_qna.json()["errors"] == {
        "is_answered": ["Only posts on a Q&A board can be marked answered."]
    }


async def test_another_tenants_post_cannot_be_changed(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant, other = await factory.tenant(), await factory.tenant()
    theirs = await post(services, other, await board(services, other))
    boss = await admin(services, factory, tenant)

    # when
    updated = await client.put(
        f"/api/{tenant.slug}/posts/{theirs.id}", json={"title": "X"}, headers=boss.headers
    )
    deleted = await client.delete(f"/api/{tenant.slug}/posts/{theirs.id}", headers=boss.headers)

    # then
    assert (updated.status_code, deleted.status_code) == (404, 404)
    assert await reload(services, other, BoardPost, theirs.id) is not None
