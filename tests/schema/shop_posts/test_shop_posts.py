"""shopPosts, shopPost and the shop post mutations: the same resolvers as /posts."""

from __future__ import annotations

import httpx
import pytest

from tenantry.models.tenant import StaffRole
from tenantry.serving.services import Services
from tests.conftest import Factory, TenantFixture
from tests.resolvers.shop_posts.support import make_post, reload_post
from tests.rest.shop_posts.shop import register
from tests.support import error_codes, graphql, set_tenant_settings, staff_token

POSTS = """
query($filter: ShopPostFilter, $perPage: Int!) {
  shopPosts(filter: $filter, perPage: $perPage) {
    items { id title slug active postType categoryId bodyData dynamicVariablesCount availableKeys }
    pageInfo { page perPage total lastPage hasNextPage }
  }
}
"""
POST = "query($key: String!) { shopPost(idOrSlug: $key) { id slug bodyData } }"
CREATE = """
mutation($input: CreateShopPostInput!) {
  createShopPost(input: $input) { id title slug bodyData active }
}
"""
UPDATE = """
mutation($key: String!, $input: UpdateShopPostInput!) {
  updateShopPost(idOrSlug: $key, input: $input) { title bodyData }
}
"""
BODY_DATA = """
mutation($key: String!, $bodyData: JSON!) {
  updateShopPostBodyData(idOrSlug: $key, bodyData: $bodyData) { bodyData dynamicVariablesCount }
}
"""
DELETE = "mutation($key: String!) { deleteShopPost(idOrSlug: $key) }"


@pytest.fixture
async def tenant(factory: Factory) -> TenantFixture:
    return await factory.tenant()


async def test_shop_posts_lists_with_a_body_data_filter(
    client: httpx.AsyncClient, services: Services, tenant: TenantFixture
) -> None:
    # given
    apple = await make_post(services, tenant, title="Apple", body_data={"brand": "Apple", "a": 1})
    await make_post(services, tenant, title="Other", body_data={"brand": "Other"})
    # when
    body = await graphql(
        client,
        POSTS,
        {"filter": {"bodyDataKey": "brand", "bodyDataValue": "Apple"}, "perPage": 500},
        tenant=tenant.slug,
    )
    # then
    assert "errors" not in body
    assert body["data"]["shopPosts"] == {
        "items": [
            {
                "id": str(apple.id),
                "title": "Apple",
                "slug": "apple",
                "active": True,
                "postType": None,
                "categoryId": None,
                "bodyData": {"brand": "Apple", "a": 1},
                "dynamicVariablesCount": 2,
                "availableKeys": ["a", "brand"],
            }
        ],
        "pageInfo": {"page": 1, "perPage": 50, "total": 1, "lastPage": 1, "hasNextPage": False},
    }


async def test_shop_post_unknown_is_not_found(
    client: httpx.AsyncClient, tenant: TenantFixture
) -> None:
    body = await graphql(client, POST, {"key": "nope"}, tenant=tenant.slug)
    assert error_codes(body) == ["NOT_FOUND"]
    assert body["errors"][0]["message"] == "Post not found"


async def test_closed_shop_needs_a_credential_to_read(
    client: httpx.AsyncClient, services: Services, tenant: TenantFixture
) -> None:
    # given
    post = await make_post(services, tenant, title="Members only")
    await set_tenant_settings(services, tenant, shop_posts={"public_read": False})
    # when
    anonymous = await graphql(client, POST, {"key": post.slug}, tenant=tenant.slug)
    with_key = await graphql(client, POST, {"key": post.slug}, api_key=tenant.publishable_key)
    # then
    assert error_codes(anonymous) == ["UNAUTHENTICATED"]
    assert with_key["data"]["shopPost"]["id"] == str(post.id)


async def test_shop_user_creates_updates_and_deletes_a_post(
    client: httpx.AsyncClient, services: Services, tenant: TenantFixture
) -> None:
    user = await register(client, tenant)
    token = user.access_token
    created = await graphql(
        client,
        CREATE,
        {"input": {"title": "Via GraphQL", "bodyData": {"price": "10"}}},
        bearer=token,
    )
    assert created["data"]["createShopPost"] == {
        "id": created["data"]["createShopPost"]["id"],
        "title": "Via GraphQL",
        "slug": "via-graphql",
        "bodyData": {"price": "10"},
        "active": True,
    }
    updated = await graphql(
        client,
        UPDATE,
        {"key": "via-graphql", "input": {"title": "Renamed", "bodyData": {"stock": 3}}},
        bearer=token,
    )
    assert updated["data"]["updateShopPost"] == {
        "title": "Renamed",
        "bodyData": {"price": "10", "stock": 3},
    }
    replaced = await graphql(
        client, BODY_DATA, {"key": "via-graphql", "bodyData": {"only": True}}, bearer=token
    )
    assert replaced["data"]["updateShopPostBodyData"] == {
        "bodyData": {"only": True},
        "dynamicVariablesCount": 1,
    }
    deleted = await graphql(client, DELETE, {"key": "via-graphql"}, bearer=token)
    assert deleted["data"] == {"deleteShopPost": True}


async def test_body_data_rules_are_bad_user_input(
    client: httpx.AsyncClient, tenant: TenantFixture
) -> None:
    body = await graphql(
        client,
        CREATE,
        {"input": {"title": "x", "bodyData": {"invalid@key": "v", "slug": "s"}}},
        api_key=tenant.secret_key,
    )
    assert error_codes(body) == ["BAD_USER_INPUT"]
    assert body["errors"][0]["extensions"]["fields"] == {
        "body_data": [
            "Body data key 'invalid@key' contains invalid characters",
            "Body data key 'slug' is reserved",
        ]
    }


async def test_anonymous_writes_are_unauthenticated(
    client: httpx.AsyncClient, services: Services, tenant: TenantFixture
) -> None:
    post = await make_post(services, tenant, title="Safe")
    body = await graphql(
        client, UPDATE, {"key": str(post.id), "input": {"title": "x"}}, tenant=tenant.slug
    )
    assert error_codes(body) == ["UNAUTHENTICATED"]
    assert (await reload_post(services, tenant, post.id)).title == "Safe"


async def test_support_agents_may_not_write(
    client: httpx.AsyncClient, factory: Factory, services: Services, tenant: TenantFixture
) -> None:
    staff_id, _ = await factory.staff(tenant, role=StaffRole.AGENT)
    token = await staff_token(services, tenant, staff_id)
    body = await graphql(client, CREATE, {"input": {"title": "x"}}, bearer=token)
    assert error_codes(body) == ["FORBIDDEN"]


async def test_admin_staff_see_inactive_posts(
    client: httpx.AsyncClient, factory: Factory, services: Services, tenant: TenantFixture
) -> None:
    post = await make_post(services, tenant, title="Hidden", active=False)
    staff_id, _ = await factory.staff(tenant, role=StaffRole.ADMIN)
    token = await staff_token(services, tenant, staff_id)
    seen = await graphql(client, POST, {"key": post.slug}, bearer=token)
    unseen = await graphql(client, POST, {"key": post.slug}, tenant=tenant.slug)
    assert seen["data"]["shopPost"]["id"] == str(post.id)
    assert error_codes(unseen) == ["NOT_FOUND"]
