from __future__ import annotations

import httpx

from tenantry.models.community import Audience, BoardType
from tenantry.serving.services import Services
from tests.conftest import Factory
from tests.resolvers.boards.support import admin, board, member, members, post, reload
from tests.support import iso


async def test_list_shows_active_public_boards_to_anonymous_callers(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    free = await board(services, tenant, "Free", description="Talk.", position=2)
    notice = await board(services, tenant, "Notice", type=BoardType.NOTICE, position=1)
    await board(services, tenant, "Members", read=Audience.MEMBERS)
    await board(services, tenant, "Staff", read=Audience.STAFF)
    await board(services, tenant, "Closed", is_active=False)

    # when
    response = await client.get(f"/api/{tenant.slug}/boards")

    # then
    assert response.status_code == 200
    assert [item["id"] for item in response.json()["data"]] == [notice.id, free.id]
    assert response.json()["data"][1] == {
        "id": free.id,
        "slug": free.slug,
        "name": "Free",
        "description": "Talk.",
        "type": "free",
        "read_access": "public",
        "write_access": "members",
        "comment_access": "members",
        "is_active": True,
        "position": 2,
        "created_at": iso(free.created_at),
        "updated_at": iso(free.updated_at),
    }


async def test_list_adds_members_boards_for_members_and_staff_boards_for_staff(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    public = await board(services, tenant, "Public")
    inner = await board(services, tenant, "Members", read=Audience.MEMBERS)
    staff_only = await board(services, tenant, "Staff", read=Audience.STAFF)
    reader = await member(services, tenant)
    boss = await admin(services, factory, tenant)
    url = f"/api/{tenant.slug}/boards"

    # when
    as_member = await client.get(url, headers=reader.headers)
    as_staff = await client.get(url, headers=boss.headers)

    # then
    assert [item["id"] for item in as_member.json()["data"]] == [public.id, inner.id]
    assert [item["id"] for item in as_staff.json()["data"]] == [public.id, inner.id, staff_only.id]


async def test_show_returns_the_board_by_slug(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    qna = await board(services, tenant, "Questions", type=BoardType.QNA)

    # when
    response = await client.get(f"/api/{tenant.slug}/boards/{qna.slug}")

    # then
    assert response.status_code == 200
    assert response.json()["data"]["id"] == qna.id
    assert response.json()["data"]["type"] == "qna"


async def test_show_unknown_board_is_404(client: httpx.AsyncClient, factory: Factory) -> None:
    # given
    tenant = await factory.tenant()

    # when
    response = await client.get(f"/api/{tenant.slug}/boards/nope")

    # then
    assert response.status_code == 404
    assert response.json() == {"message": "Board not found.", "code": "resource_missing"}


async def test_members_board_asks_anonymous_callers_to_sign_in(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    inner = await board(services, tenant, "Members", read=Audience.MEMBERS)
    reader = await member(services, tenant)
    url = f"/api/{tenant.slug}/boards/{inner.slug}"

    # when
    anonymous = await client.get(url)
    signed_in = await client.get(url, headers=reader.headers)

    # then
    assert anonymous.status_code == 401
    assert anonymous.json() == {"message": "Unauthenticated.", "code": "unauthenticated"}
    assert signed_in.status_code == 200


async def test_staff_board_is_not_revealed_to_members_or_anonymous_callers(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    hidden = await board(services, tenant, "Staff", read=Audience.STAFF)
    reader = await member(services, tenant)
    boss = await admin(services, factory, tenant)
    url = f"/api/{tenant.slug}/boards/{hidden.slug}"

    # when
    anonymous = await client.get(url)
    as_member = await client.get(url, headers=reader.headers)
    as_staff = await client.get(url, headers=boss.headers)

    # then
    assert (anonymous.status_code, as_member.status_code, as_staff.status_code) == (404, 404, 200)
    assert as_member.json() == {"message": "Board not found.", "code": "resource_missing"}


async def test_inactive_board_is_404(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    closed = await board(services, tenant, "Closed", is_active=False)

    # when
    response = await client.get(f"/api/{tenant.slug}/boards/{closed.slug}/posts")

    # then
    assert response.status_code == 404


async def test_another_tenants_board_is_invisible(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant, other = await factory.tenant(), await factory.tenant()
    theirs = await board(services, other, "Theirs")

    # when
    listed = await client.get(f"/api/{tenant.slug}/boards")
    shown = await client.get(f"/api/{tenant.slug}/boards/{theirs.slug}")
    posts = await client.get(f"/api/{tenant.slug}/boards/{theirs.slug}/posts")

    # then
    assert listed.json() == {
        "data": [],
        "meta": {"current_page": 1, "last_page": 1, "per_page": 0, "total": 0},
    }
    assert (shown.status_code, posts.status_code) == (404, 404)


async def test_posts_list_envelope_with_pinned_first_then_newest(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    free = await board(services, tenant, "Free")
    [writer] = await members(services, tenant, "Mina")
    older = await post(services, tenant, free, member_id=writer, title="Older")
    pinned = await post(services, tenant, free, title="Rules", is_pinned=True)
    newer = await post(services, tenant, free, member_id=writer, title="Newer", content="*hi*")
    newer_row = await reload(services, tenant, type(newer), newer.id)
    assert newer_row is not None

    # when
    response = await client.get(f"/api/{tenant.slug}/boards/{free.slug}/posts")

    # then
    assert response.status_code == 200
    body = response.json()
    assert [item["id"] for item in body["data"]] == [pinned.id, newer.id, older.id]
    assert body["data"][1] == {
        "id": newer.id,
        "board_id": free.id,
        "board": {"id": free.id, "slug": free.slug, "name": "Free"},
        "title": "Newer",
        "content": "*hi*",
        "content_html": "<p><em>hi</em></p>",
        "is_pinned": False,
        "is_answered": False,
        "view_count": 0,
        "comment_count": 0,
        "author": {"id": writer, "name": "Mina", "type": "member"},
        "created_at": iso(newer_row.created_at),
        "updated_at": iso(newer_row.updated_at),
    }
    assert body["meta"] == {"current_page": 1, "last_page": 1, "per_page": 15, "total": 3}


async def test_posts_list_searches_title_and_content(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    free = await board(services, tenant, "Free")
    by_title = await post(services, tenant, free, title="Camping gear", content="tents")
    by_content = await post(services, tenant, free, title="Trip", content="We went camping.")
    await post(services, tenant, free, title="Cooking", content="Pasta 100%")

    # when
    response = await client.get(
        f"/api/{tenant.slug}/boards/{free.slug}/posts", params={"search": "CAMPING"}
    )
    percent = await client.get(
        f"/api/{tenant.slug}/boards/{free.slug}/posts", params={"search": "%"}
    )

    # then
    assert sorted(item["id"] for item in response.json()["data"]) == [by_title.id, by_content.id]
    assert [item["title"] for item in percent.json()["data"]] == ["Cooking"]


async def test_posts_list_pages(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    free = await board(services, tenant, "Free")
    for number in range(3):
        await post(services, tenant, free, title=f"Post {number}")

    # when
    response = await client.get(
        f"/api/{tenant.slug}/boards/{free.slug}/posts", params={"page": 2, "per_page": 2}
    )

    # then
    assert [item["title"] for item in response.json()["data"]] == ["Post 0"]
    assert response.json()["meta"] == {
        "current_page": 2,
        "last_page": 2,
        "per_page": 2,
        "total": 3,
    }


async def test_posts_list_rejects_a_bad_page_size(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    free = await board(services, tenant, "Free")

    # when
    response = await client.get(
        f"/api/{tenant.slug}/boards/{free.slug}/posts", params={"per_page": 0}
    )

    # then
    assert response.status_code == 422
    assert response.json() == {
        "message": "The given data was invalid.",
        "code": "parameter_invalid",
        "errors": {"per_page": ["The per page field must be between 1 and 100."]},
    }


async def test_hidden_posts_are_left_out_for_members_but_listed_for_staff(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    free = await board(services, tenant, "Free")
    shown = await post(services, tenant, free, title="Shown")
    hidden = await post(services, tenant, free, title="Hidden", is_hidden=True)
    boss = await admin(services, factory, tenant)
    url = f"/api/{tenant.slug}/boards/{free.slug}/posts"

    # when
    anonymous = await client.get(url)
    as_staff = await client.get(url, headers=boss.headers)
    detail = await client.get(f"/api/{tenant.slug}/posts/{hidden.id}")

    # then
    assert [item["id"] for item in anonymous.json()["data"]] == [shown.id]
    assert sorted(item["id"] for item in as_staff.json()["data"]) == [shown.id, hidden.id]
    assert detail.status_code == 404
