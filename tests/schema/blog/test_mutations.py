from __future__ import annotations

import httpx
import pytest

from tenantry.models.tenant import StaffRole
from tenantry.serving.services import Services
from tests.conftest import Factory, TenantFixture
from tests.resolvers.blog.support import BlogWriter
from tests.support import error_codes, graphql, staff_token

CREATE = """
mutation($input: CreateBlogPostInput!) {
  createBlogPost(input: $input) {
    id slug title status excerpt contentHtml publishedAt
    author { id name } category { slug } tags { slug }
  }
}
"""
UPDATE = """
mutation($id: ID!, $input: UpdateBlogPostInput!) {
  updateBlogPost(id: $id, input: $input) { slug title category { slug } tags { slug } }
}
"""
PUBLISH = """
mutation($id: ID!, $at: DateTime) {
  publishBlogPost(id: $id, publishedAt: $at) { status publishedAt }
}
"""
UNPUBLISH = "mutation($id: ID!) { unpublishBlogPost(id: $id) { status publishedAt } }"
DELETE = "mutation($id: ID!) { deleteBlogPost(id: $id) }"
CREATE_CATEGORY = """
mutation($input: CreateBlogCategoryInput!) {
  createBlogCategory(input: $input) { id slug name description position postCount }
}
"""
UPDATE_CATEGORY = """
mutation($id: ID!, $input: UpdateBlogCategoryInput!) {
  updateBlogCategory(id: $id, input: $input) { slug name }
}
"""
DELETE_CATEGORY = "mutation($id: ID!) { deleteBlogCategory(id: $id) }"
CREATE_TAG = "mutation($input: CreateBlogTagInput!) { createBlogTag(input: $input) { id slug } }"
DELETE_TAG = "mutation($id: ID!) { deleteBlogTag(id: $id) }"


async def admin_token(factory: Factory, services: Services, tenant: TenantFixture) -> str:
    staff_id, _ = await factory.staff(tenant, role=StaffRole.ADMIN)
    return await staff_token(services, tenant, staff_id)


async def test_staff_creates_a_draft_as_its_author(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    staff_id, _ = await factory.staff(tenant, role=StaffRole.OWNER)
    token = await staff_token(services, tenant, staff_id)
    writer = BlogWriter(services, tenant)
    tech, rust = await writer.category("Tech"), await writer.tag("Rust")
    data = {
        "title": "새 글 Hello",
        "content": "Body <img src=x onerror=alert(1)>",
        "categoryId": str(tech.id),
        "tagIds": [str(rust.id)],
    }

    # when
    body = await graphql(client, CREATE, {"input": data}, bearer=token)

    # then
    assert "errors" not in body
    post = body["data"]["createBlogPost"]
    assert post["slug"] == "새-글-hello"
    assert post["status"] == "DRAFT"
    assert post["publishedAt"] is None
    assert post["contentHtml"] == '<p>Body <img src="x"></p>'
    assert post["author"] == {"id": str(staff_id), "name": ""}
    assert post["category"] == {"slug": "tech"}
    assert post["tags"] == [{"slug": "rust"}]


async def test_invalid_input_is_bad_user_input(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    data = {"title": "", "coverImage": "javascript:alert(1)"}

    body = await graphql(client, CREATE, {"input": data}, bearer=tenant.secret_key)

    assert error_codes(body) == ["BAD_USER_INPUT"]
    assert body["errors"][0]["extensions"]["fields"] == {
        "title": ["The title field is required."],
        "cover_image": ["The cover image field must be a valid URL."],
    }


@pytest.mark.parametrize(
    ("who", "code"),
    [("anonymous", "UNAUTHENTICATED"), ("publishable", "UNAUTHENTICATED"), ("agent", "FORBIDDEN")],
)
async def test_only_admins_may_write(
    client: httpx.AsyncClient, factory: Factory, services: Services, who: str, code: str
) -> None:
    # given
    tenant = await factory.tenant()
    credentials: dict[str, str] = {"tenant": tenant.slug}
    if who == "publishable":
        credentials = {"api_key": tenant.publishable_key}
    if who == "agent":
        agent_id, _ = await factory.staff(tenant, role=StaffRole.AGENT)
        credentials = {"bearer": await staff_token(services, tenant, agent_id)}

    # when
    body = await graphql(client, CREATE, {"input": {"title": "Nope"}}, **credentials)

    # then
    assert body["data"] is None
    assert error_codes(body) == [code]


async def test_update_changes_given_fields(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    writer = BlogWriter(services, tenant)
    old, new = await writer.tag("Old"), await writer.tag("New")
    post = await writer.post("Hello", category=await writer.category("Tech"), tags=[old])
    variables = {
        "id": str(post.id),
        "input": {"title": "Bye", "categoryId": None, "tagIds": [str(new.id)]},
    }

    body = await graphql(client, UPDATE, variables, bearer=tenant.secret_key)

    assert body == {
        "data": {
            "updateBlogPost": {
                "slug": "hello",
                "title": "Bye",
                "category": None,
                "tags": [{"slug": "new"}],
            }
        }
    }


async def test_update_of_unknown_post_is_not_found(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    tenant = await factory.tenant()

    body = await graphql(
        client, UPDATE, {"id": "999999", "input": {"title": "x"}}, bearer=tenant.secret_key
    )

    assert error_codes(body) == ["NOT_FOUND"]


async def test_non_numeric_id_is_a_missing_post(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    tenant = await factory.tenant()

    body = await graphql(client, DELETE, {"id": "abc"}, bearer=tenant.secret_key)

    assert error_codes(body) == ["NOT_FOUND"]
    assert body["errors"][0]["message"] == "Post not found."


async def test_publish_unpublish_and_schedule(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    token = await admin_token(factory, services, tenant)
    post = await BlogWriter(services, tenant).post("Hello", publish=False)
    post_id = str(post.id)

    # when
    published = await graphql(client, PUBLISH, {"id": post_id}, bearer=token)
    drafted = await graphql(client, UNPUBLISH, {"id": post_id}, bearer=token)
    at = "2099-01-01T09:00:00+00:00"
    scheduled = await graphql(client, PUBLISH, {"id": post_id, "at": at}, bearer=token)

    # then
    assert published["data"]["publishBlogPost"]["status"] == "PUBLISHED"
    assert drafted["data"]["unpublishBlogPost"] == {"status": "DRAFT", "publishedAt": None}
    assert scheduled["data"]["publishBlogPost"] == {"status": "SCHEDULED", "publishedAt": at}


async def test_delete_post(client: httpx.AsyncClient, factory: Factory, services: Services) -> None:
    tenant = await factory.tenant()
    post = await BlogWriter(services, tenant).post("Bye")

    deleted = await graphql(client, DELETE, {"id": str(post.id)}, bearer=tenant.secret_key)
    again = await graphql(client, DELETE, {"id": str(post.id)}, bearer=tenant.secret_key)

    assert deleted == {"data": {"deleteBlogPost": True}}
    assert error_codes(again) == ["NOT_FOUND"]


async def test_category_lifecycle(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    token = await admin_token(factory, services, tenant)

    created = await graphql(
        client, CREATE_CATEGORY, {"input": {"name": "Tech News", "position": 2}}, bearer=token
    )
    category = created["data"]["createBlogCategory"]
    renamed = await graphql(
        client, UPDATE_CATEGORY, {"id": category["id"], "input": {"name": "Tech"}}, bearer=token
    )
    deleted = await graphql(client, DELETE_CATEGORY, {"id": category["id"]}, bearer=token)

    assert category == {
        "id": category["id"],
        "slug": "tech-news",
        "name": "Tech News",
        "description": "",
        "position": 2,
        "postCount": 0,
    }
    assert renamed == {"data": {"updateBlogCategory": {"slug": "tech-news", "name": "Tech"}}}
    assert deleted == {"data": {"deleteBlogCategory": True}}


async def test_tag_with_taken_slug_is_refused(client: httpx.AsyncClient, factory: Factory) -> None:
    tenant = await factory.tenant()
    variables = {"input": {"name": "Python", "slug": "py"}}

    first = await graphql(client, CREATE_TAG, variables, bearer=tenant.secret_key)
    second = await graphql(client, CREATE_TAG, variables, bearer=tenant.secret_key)

    assert first["data"]["createBlogTag"]["slug"] == "py"
    assert error_codes(second) == ["BAD_USER_INPUT"]
    assert second["errors"][0]["extensions"]["fields"] == {
        "slug": ["The slug has already been taken."]
    }


async def test_delete_tag(client: httpx.AsyncClient, factory: Factory, services: Services) -> None:
    tenant = await factory.tenant()
    tag = await BlogWriter(services, tenant).tag("Gone")

    body = await graphql(client, DELETE_TAG, {"id": str(tag.id)}, bearer=tenant.secret_key)

    assert body == {"data": {"deleteBlogTag": True}}
