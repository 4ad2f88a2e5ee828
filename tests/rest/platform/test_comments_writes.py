from __future__ import annotations

import httpx

from tenantry.models.community import Comment
from tenantry.resolvers.comments import TargetRef
from tenantry.serving.services import Services
from tests.conftest import Factory
from tests.resolvers.blog.support import BlogWriter
from tests.resolvers.boards.support import admin, board, comment, member, post, reload

GUESTBOOK = TargetRef(page_slug="guestbook")


async def test_update_by_author_and_staff_but_not_by_others(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    author, stranger = await member(services, tenant, "A"), await member(services, tenant, "B")
    boss = await admin(services, factory, tenant)
    said = await comment(services, tenant, author.ctx, GUESTBOOK, "Typo")
    url = f"/api/{tenant.slug}/comments/{said.id}"

    # when
    anonymous = await client.put(url, json={"content": "X"})
    by_stranger = await client.put(url, json={"content": "X"}, headers=stranger.headers)
    by_author = await client.put(url, json={"content": "Fixed"}, headers=author.headers)
    by_staff = await client.put(url, json={"content": "Moderated"}, headers=boss.headers)

    # then
    assert anonymous.status_code == 401
    assert by_stranger.status_code == 404
    assert by_stranger.json() == {"message": "Comment not found.", "code": "resource_missing"}
    assert by_author.status_code == 200
    assert by_author.json()["data"]["content"] == "Fixed"
    assert by_staff.status_code == 200
    assert by_staff.json()["data"]["content"] == "Moderated"
    assert by_staff.json()["data"]["author"] == {"id": author.id, "name": "A", "type": "member"}


async def test_update_validates_the_content(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    author = await member(services, tenant)
    said = await comment(services, tenant, author.ctx, GUESTBOOK)

    # when
    response = await client.put(
        f"/api/{tenant.slug}/comments/{said.id}",
        json={"content": "x" * 5001},
        headers=author.headers,
    )

    # then
    assert response.status_code == 422
    assert response.json()["errors"] == {
        "content": ["The content field must not be greater than 5000 characters."]
    }


async def test_delete_by_author_and_staff_but_not_by_others(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    author, stranger = await member(services, tenant, "A"), await member(services, tenant, "B")
    boss = await admin(services, factory, tenant)
    first = await comment(services, tenant, author.ctx, GUESTBOOK)
    second = await comment(services, tenant, author.ctx, GUESTBOOK)

    # when
    anonymous = await client.delete(f"/api/{tenant.slug}/comments/{first.id}")
    by_stranger = await client.delete(
        f"/api/{tenant.slug}/comments/{first.id}", headers=stranger.headers
    )
    by_author = await client.delete(
        f"/api/{tenant.slug}/comments/{first.id}", headers=author.headers
    )
    by_staff = await client.delete(f"/api/{tenant.slug}/comments/{second.id}", headers=boss.headers)

    # then
    assert (anonymous.status_code, by_stranger.status_code) == (401, 404)
    assert by_author.json() == {"message": "Comment deleted."}
    assert by_staff.json() == {"message": "Comment deleted."}
    assert await reload(services, tenant, Comment, first.id) is None
    assert await reload(services, tenant, Comment, second.id) is None


async def test_deleting_a_comment_with_replies_leaves_a_placeholder(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    author, replier = await member(services, tenant, "A"), await member(services, tenant, "B")
    top = await comment(services, tenant, author.ctx, GUESTBOOK, "Top")
    await comment(services, tenant, replier.ctx, GUESTBOOK, "Reply", parent_id=top.id)

    # when
    deleted = await client.delete(f"/api/{tenant.slug}/comments/{top.id}", headers=author.headers)
    listed = await client.get(f"/api/{tenant.slug}/comments/guestbook")
    again = await client.put(
        f"/api/{tenant.slug}/comments/{top.id}", json={"content": "Back"}, headers=author.headers
    )

    # then
    assert deleted.status_code == 200
    [placeholder] = listed.json()["data"]
    assert placeholder["id"] == top.id
    assert placeholder["content"] is None
    assert placeholder["author"] is None
    assert placeholder["is_deleted"] is True
    assert [reply["content"] for reply in placeholder["replies"]] == ["Reply"]
    assert listed.json()["meta"]["comment_count"] == 1
    assert again.status_code == 404


async def test_removing_the_last_reply_of_a_placeholder_removes_the_placeholder(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    author, replier = await member(services, tenant, "A"), await member(services, tenant, "B")
    top = await comment(services, tenant, author.ctx, GUESTBOOK, "Top")
    reply = await comment(services, tenant, replier.ctx, GUESTBOOK, "Reply", parent_id=top.id)
    await client.delete(f"/api/{tenant.slug}/comments/{top.id}", headers=author.headers)

    # when
    response = await client.delete(
        f"/api/{tenant.slug}/comments/{reply.id}", headers=replier.headers
    )

    # then
    assert response.status_code == 200
    listed = await client.get(f"/api/{tenant.slug}/comments/guestbook")
    assert listed.json()["data"] == []
    assert await reload(services, tenant, Comment, top.id) is None


async def test_like_toggles_for_a_member(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    author, fan = await member(services, tenant, "A"), await member(services, tenant, "B")
    said = await comment(services, tenant, author.ctx, GUESTBOOK)
    url = f"/api/{tenant.slug}/comments/{said.id}/like"

    # when
    liked = await client.post(url, headers=fan.headers)
    listed = await client.get(f"/api/{tenant.slug}/comments/guestbook", headers=fan.headers)
    unliked = await client.post(url, headers=fan.headers)

    # then
    assert liked.json() == {"data": {"liked": True, "like_count": 1}}
    assert listed.json()["data"][0]["liked"] is True
    assert listed.json()["data"][0]["like_count"] == 1
    assert unliked.json() == {"data": {"liked": False, "like_count": 0}}


async def test_like_needs_a_member_and_a_standing_comment(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    author = await member(services, tenant)
    boss = await admin(services, factory, tenant)
    said = await comment(services, tenant, author.ctx, GUESTBOOK)

    # when
    anonymous = await client.post(f"/api/{tenant.slug}/comments/{said.id}/like")
    as_staff = await client.post(
        f"/api/{tenant.slug}/comments/{said.id}/like", headers=boss.headers
    )
    missing = await client.post(
        f"/api/{tenant.slug}/comments/99999999/like", headers=author.headers
    )

    # then
    assert anonymous.status_code == 401
    assert anonymous.json() == {
        "message": "Only members can like comments.",
        "code": "unauthenticated",
    }
    assert as_staff.status_code == 401
    assert missing.status_code == 404


async def test_another_tenants_comments_are_invisible(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant, other = await factory.tenant(), await factory.tenant()
    theirs = await member(services, other)
    target = await post(services, other, await board(services, other))
    article = await BlogWriter(services, other).post("Theirs")
    said = await comment(services, other, theirs.ctx, GUESTBOOK, "Private")
    await comment(services, other, theirs.ctx, TargetRef(post_id=target.id))
    await comment(services, other, theirs.ctx, TargetRef(blog_slug=article.slug))
    boss = await admin(services, factory, tenant)
    mine = await member(services, tenant)
    base = f"/api/{tenant.slug}"

    # when
    guestbook = await client.get(f"{base}/comments/guestbook")
    on_post = await client.get(f"{base}/posts/{target.id}/comments")
    on_blog = await client.get(f"{base}/blog/{article.slug}/comments")
    updated = await client.put(
        f"{base}/comments/{said.id}", json={"content": "X"}, headers=boss.headers
    )
    deleted = await client.delete(f"{base}/comments/{said.id}", headers=boss.headers)
    liked = await client.post(f"{base}/comments/{said.id}/like", headers=mine.headers)

    # then
    assert guestbook.json()["data"] == []
    assert (on_post.status_code, on_blog.status_code) == (404, 404)
    assert (updated.status_code, deleted.status_code, liked.status_code) == (404, 404, 404)
    assert await reload(services, other, Comment, said.id) is not None
