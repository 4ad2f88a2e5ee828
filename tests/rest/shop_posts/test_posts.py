"""GET/POST /posts and GET/PUT/PATCH/DELETE /posts/{id_or_slug}: envelopes and access."""

from __future__ import annotations

import httpx
import pytest

from tenantry.models.tenant import TenantStatus
from tenantry.resolvers import tenants
from tenantry.serving.services import Services
from tests.conftest import Factory, TenantFixture
from tests.resolvers.shop_posts.support import (
    create_over_http,
    key_headers,
    make_post,
    reload_post,
)
from tests.rest.shop_posts.shop import IsA, bearer, host, login, register, session_cookie

NOT_FOUND = {"success": False, "error": "Post not found", "code": "resource_missing"}
UNAUTHENTICATED = {"success": False, "error": "Unauthenticated.", "code": "unauthenticated"}


@pytest.fixture
async def tenant(factory: Factory) -> TenantFixture:
    return await factory.tenant()


async def test_list_answers_posts_and_pagination(
    client: httpx.AsyncClient, services: Services, tenant: TenantFixture
) -> None:
    # given
    post = await make_post(
        services,
        tenant,
        title="iPhone 15 Pro Review",
        content="Detailed review...",
        post_type="review",
        category_id=1,
        body_data={"product_name": "iPhone 15 Pro", "price": "999"},
    )
    # when
    response = await client.get("/posts", headers=host(tenant))
    # then
    assert response.status_code == 200
    assert response.json() == {
        "success": True,
        "data": {
            "posts": [
                {
                    "id": post.id,
                    "title": "iPhone 15 Pro Review",
                    "content": "Detailed review...",
                    "active": True,
                    "post_type": "review",
                    "category_id": 1,
                    "image_link": None,
                    "body_data": {"product_name": "iPhone 15 Pro", "price": "999"},
                    "slug": "iphone-15-pro-review",
                    "created_at": IsA(str),
                    "updated_at": IsA(str),
                }
            ],
            "pagination": {"total_pages": 1, "current_page": 1, "per_page": 20, "total_count": 1},
        },
    }
    assert response.json()["data"]["posts"][0]["created_at"].endswith("Z")


async def test_list_pages_through_posts_newest_first(
    client: httpx.AsyncClient, services: Services, tenant: TenantFixture
) -> None:
    ids = [(await make_post(services, tenant, title=f"Post {n}")).id for n in range(5)]
    response = await client.get("/posts?page=2&per_page=2", headers=host(tenant))
    data = response.json()["data"]
    assert [p["id"] for p in data["posts"]] == [ids[2], ids[1]]
    assert data["pagination"] == {
        "total_pages": 3,
        "current_page": 2,
        "per_page": 2,
        "total_count": 5,
    }


async def test_per_page_above_fifty_is_lowered_to_fifty(
    client: httpx.AsyncClient, tenant: TenantFixture
) -> None:
    response = await client.get("/posts?per_page=500", headers=host(tenant))
    assert response.status_code == 200
    assert response.json()["data"]["pagination"]["per_page"] == 50


async def test_per_page_that_is_not_a_number_is_422(
    client: httpx.AsyncClient, tenant: TenantFixture
) -> None:
    response = await client.get("/posts?per_page=many", headers=host(tenant))
    assert response.status_code == 422
    assert response.json() == {
        "success": False,
        "error": "Validation failed",
        "code": "parameter_invalid",
        "validation_errors": ["Per page must be an integer"],
    }


async def test_list_filters_by_query_category_type_and_active(
    client: httpx.AsyncClient, services: Services, tenant: TenantFixture
) -> None:
    # given
    wanted = await make_post(
        services, tenant, title="Galaxy S24 review", category_id=3, post_type="review"
    )
    await make_post(services, tenant, title="Galaxy S24 news", category_id=3, post_type="news")
    await make_post(services, tenant, title="Galaxy S24 review", category_id=4, post_type="review")
    await make_post(services, tenant, title="Pixel review", category_id=3, post_type="review")
    # when
    response = await client.get(
        "/posts?query=galaxy&category_id=3&post_type=review&active=true", headers=host(tenant)
    )
    # then
    assert [p["id"] for p in response.json()["data"]["posts"]] == [wanted.id]


async def test_query_treats_percent_and_underscore_as_text(
    client: httpx.AsyncClient, services: Services, tenant: TenantFixture
) -> None:
    wanted = await make_post(services, tenant, title="50% off")
    await make_post(services, tenant, title="500 off")
    response = await client.get("/posts", params={"query": "0%"}, headers=host(tenant))
    assert [p["id"] for p in response.json()["data"]["posts"]] == [wanted.id]


async def test_inactive_posts_are_hidden_from_readers(
    client: httpx.AsyncClient, services: Services, tenant: TenantFixture
) -> None:
    hidden = await make_post(services, tenant, title="Draft", active=False)
    listed = await client.get("/posts?active=false", headers=host(tenant))
    shown = await client.get(f"/posts/{hidden.id}", headers=host(tenant))
    assert listed.json()["data"]["posts"] == []
    assert shown.status_code == 404
    assert shown.json() == NOT_FOUND


async def test_inactive_posts_are_visible_to_writers(
    client: httpx.AsyncClient, services: Services, tenant: TenantFixture
) -> None:
    hidden = await make_post(services, tenant, title="Draft", active=False)
    listed = await client.get("/posts?active=false", headers=key_headers(tenant))
    shown = await client.get(f"/posts/{hidden.slug}", headers=key_headers(tenant))
    assert [p["id"] for p in listed.json()["data"]["posts"]] == [hidden.id]
    assert shown.json()["data"]["post"]["active"] is False


async def test_show_finds_a_post_by_id_and_by_slug(
    client: httpx.AsyncClient, services: Services, tenant: TenantFixture
) -> None:
    post = await make_post(services, tenant, title="Hello World")
    by_id = await client.get(f"/posts/{post.id}", headers=host(tenant))
    by_slug = await client.get("/posts/hello-world", headers=host(tenant))
    assert by_id.status_code == by_slug.status_code == 200
    assert by_id.json() == by_slug.json()
    assert by_id.json()["data"]["post"]["id"] == post.id


async def test_unknown_post_is_404(client: httpx.AsyncClient, tenant: TenantFixture) -> None:
    response = await client.get("/posts/nothing-here", headers=host(tenant))
    assert response.status_code == 404
    assert response.json() == NOT_FOUND


async def test_another_shops_host_never_sees_the_post(
    client: httpx.AsyncClient, services: Services, factory: Factory, tenant: TenantFixture
) -> None:
    # given
    post = await make_post(services, tenant, title="Mine")
    other = await factory.tenant()
    # when
    listed = await client.get("/posts", headers=host(other))
    by_id = await client.get(f"/posts/{post.id}", headers=key_headers(other))
    by_slug = await client.get(f"/posts/{post.slug}", headers=host(other))
    # then
    assert listed.json()["data"]["posts"] == []
    assert by_id.json() == by_slug.json() == NOT_FOUND


async def test_create_with_a_shop_token_answers_201(
    client: httpx.AsyncClient, services: Services, tenant: TenantFixture
) -> None:
    # given
    user = await register(client, tenant)
    payload = {
        "post": {
            "title": "iPhone 15 Pro Max Review",
            "content": "Comprehensive review...",
            "active": True,
            "post_type": "product_review",
            "category_id": 1,
            "image_link": "https://example.com/iphone.jpg",
            "body_data": {"brand": "Apple", "price_usd": "1199", "rating": 4.8},
        }
    }
    # when
    response = await client.post("/posts", json=payload, headers=bearer(tenant, user.access_token))
    # then
    assert response.status_code == 201
    assert response.json() == {
        "success": True,
        "message": "Post created successfully",
        "data": {
            "post": {
                "id": IsA(int),
                "title": "iPhone 15 Pro Max Review",
                "slug": "iphone-15-pro-max-review",
                "created_at": IsA(str),
                "updated_at": IsA(str),
            }
        },
    }
    stored = await reload_post(services, tenant, response.json()["data"]["post"]["id"])
    assert stored.member_id == user.id
    assert stored.body_data == {"brand": "Apple", "price_usd": "1199", "rating": 4.8}
    assert stored.image_link == "https://example.com/iphone.jpg"


async def test_create_with_the_session_cookie(
    client: httpx.AsyncClient, tenant: TenantFixture
) -> None:
    user = await register(client, tenant)
    cookie = (await login(client, tenant, user.email)).cookies["_session_id"]
    response = await client.post(
        "/posts", json={"post": {"title": "Session Post"}}, headers=session_cookie(tenant, cookie)
    )
    assert response.status_code == 201


async def test_create_with_a_secret_key(client: httpx.AsyncClient, tenant: TenantFixture) -> None:
    response = await client.post(
        "/posts", json={"post": {"title": "API Key Post"}}, headers=key_headers(tenant)
    )
    assert response.status_code == 201


async def test_create_with_a_publishable_key_is_401(
    client: httpx.AsyncClient, tenant: TenantFixture
) -> None:
    response = await client.post(
        "/posts",
        json={"post": {"title": "Nope"}},
        headers=key_headers(tenant, tenant.publishable_key),
    )
    assert response.status_code == 401
    assert response.json() == {
        "success": False,
        "error": "A secret API key is required for writes.",
        "code": "secret_key_required",
    }


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("POST", "/posts"),
        ("PUT", "/posts/{id}"),
        ("PATCH", "/posts/{id}"),
        ("DELETE", "/posts/{id}"),
        ("PATCH", "/posts/{id}/update_body_data"),
    ],
)
async def test_writes_without_credentials_are_401(
    client: httpx.AsyncClient, services: Services, tenant: TenantFixture, method: str, path: str
) -> None:
    post = await make_post(services, tenant)
    response = await client.request(
        method,
        path.format(id=post.id),
        json={"post": {"title": "x", "body_data": {}}},
        headers=host(tenant),
    )
    assert response.status_code == 401
    assert response.json() == UNAUTHENTICATED
    assert (await reload_post(services, tenant, post.id)).title == "A post"


async def test_create_without_a_title_lists_every_problem(
    client: httpx.AsyncClient, tenant: TenantFixture
) -> None:
    response = await client.post(
        "/posts",
        json={"post": {"content": "x", "body_data": {"invalid@key": "v"}}},
        headers=key_headers(tenant),
    )
    assert response.status_code == 422
    assert response.json() == {
        "success": False,
        "error": "Failed to create post",
        "code": "parameter_invalid",
        "validation_errors": [
            "Title can't be blank",
            "Body data key 'invalid@key' contains invalid characters",
        ],
    }


async def test_create_without_a_post_object_is_400(
    client: httpx.AsyncClient, tenant: TenantFixture
) -> None:
    response = await client.post("/posts", json={"title": "x"}, headers=key_headers(tenant))
    assert response.status_code == 400
    assert response.json() == {
        "success": False,
        "error": "param is missing or the value is empty: post",
        "code": "parameter_missing",
    }


async def test_slugs_come_from_titles_and_stay_unique_per_shop(
    client: httpx.AsyncClient, factory: Factory, tenant: TenantFixture
) -> None:
    first = await create_over_http(client, tenant, title="Same Title")
    second = await create_over_http(client, tenant, title="Same Title")
    third = await create_over_http(client, tenant, title="Same  title!")
    elsewhere = await create_over_http(client, await factory.tenant(), title="Same Title")
    assert [first["slug"], second["slug"], third["slug"]] == [
        "same-title",
        "same-title-2",
        "same-title-3",
    ]
    assert elsewhere["slug"] == "same-title"


async def test_no_post_takes_the_search_slug(
    client: httpx.AsyncClient, tenant: TenantFixture
) -> None:
    post = await create_over_http(client, tenant, title="Search")
    assert post["slug"] == "search-2"


async def test_put_updates_fields_and_merges_body_data(
    client: httpx.AsyncClient, services: Services, tenant: TenantFixture
) -> None:
    # given
    post = await make_post(services, tenant, title="Old", body_data={"price": "999", "brand": "A"})
    payload = {"post": {"title": "Updated", "active": False, "body_data": {"price": "899"}}}
    # when
    response = await client.put(f"/posts/{post.id}", json=payload, headers=key_headers(tenant))
    # then
    assert response.status_code == 200
    assert response.json() == {
        "success": True,
        "message": "Post updated successfully",
        "data": {"post": {"id": post.id, "title": "Updated", "updated_at": IsA(str)}},
    }
    stored = await reload_post(services, tenant, post.id)
    assert (stored.title, stored.active, stored.slug) == ("Updated", False, "old")
    assert stored.body_data == {"price": "899", "brand": "A"}


async def test_patch_by_slug_changes_only_what_is_sent(
    client: httpx.AsyncClient, services: Services, tenant: TenantFixture
) -> None:
    post = await make_post(services, tenant, title="Keep", content="body", post_type="news")
    response = await client.patch(
        f"/posts/{post.slug}", json={"post": {"category_id": 7}}, headers=key_headers(tenant)
    )
    assert response.status_code == 200
    stored = await reload_post(services, tenant, post.id)
    assert (stored.title, stored.content, stored.post_type, stored.category_id) == (
        "Keep",
        "body",
        "news",
        7,
    )


async def test_update_with_a_blank_title_is_422(
    client: httpx.AsyncClient, services: Services, tenant: TenantFixture
) -> None:
    post = await make_post(services, tenant)
    response = await client.put(
        f"/posts/{post.id}", json={"post": {"title": " "}}, headers=key_headers(tenant)
    )
    assert response.status_code == 422
    assert response.json() == {
        "success": False,
        "error": "Failed to update post",
        "code": "parameter_invalid",
        "validation_errors": ["Title can't be blank"],
    }


async def test_merge_that_would_pass_fifty_keys_is_422(
    client: httpx.AsyncClient, services: Services, tenant: TenantFixture
) -> None:
    post = await make_post(services, tenant, body_data={f"k{n}": n for n in range(30)})
    more = {f"m{n}": n for n in range(21)}
    response = await client.put(
        f"/posts/{post.id}", json={"post": {"body_data": more}}, headers=key_headers(tenant)
    )
    assert response.status_code == 422
    assert response.json()["validation_errors"] == ["Body data cannot have more than 50 keys"]
    assert len((await reload_post(services, tenant, post.id)).body_data) == 30


async def test_update_of_an_unknown_post_is_404(
    client: httpx.AsyncClient, tenant: TenantFixture
) -> None:
    response = await client.put(
        "/posts/999999", json={"post": {"title": "x"}}, headers=key_headers(tenant)
    )
    assert response.status_code == 404
    assert response.json() == NOT_FOUND


async def test_delete_removes_the_post(
    client: httpx.AsyncClient, services: Services, tenant: TenantFixture
) -> None:
    post = await make_post(services, tenant)
    response = await client.delete(f"/posts/{post.slug}", headers=key_headers(tenant))
    again = await client.get(f"/posts/{post.id}", headers=host(tenant))
    assert response.status_code == 200
    assert response.json() == {"success": True, "message": "Post deleted successfully"}
    assert again.status_code == 404


async def test_suspended_shop_is_403(
    client: httpx.AsyncClient, services: Services, tenant: TenantFixture
) -> None:
    async with services.db.unit(None) as uow:
        await tenants.set_tenant_status(
            uow.session, slug=tenant.slug, status=TenantStatus.SUSPENDED
        )
        await uow.commit()
    response = await client.get("/posts", headers=host(tenant))
    assert response.status_code == 403
    assert response.json() == {
        "success": False,
        "error": "Shop is not active",
        "code": "tenant_suspended",
    }
