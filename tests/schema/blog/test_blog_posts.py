from __future__ import annotations

from datetime import timedelta

import httpx

from tenantry.serving.services import Services
from tests.conftest import Factory
from tests.resolvers.blog.support import BlogWriter
from tests.schema.blog.support import BLOG_LIST
from tests.support import error_codes, graphql, staff_token

SLUGS = "query($drafts: Boolean!) { blogPosts(includeDrafts: $drafts) { items { slug status } } }"
ONE = "query($slug: String!) { blogPost(slug: $slug) { slug status viewCount contentHtml } }"


async def test_list_shows_published_posts_with_relations(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    writer = BlogWriter(services, tenant)
    tech, rust = await writer.category("Tech"), await writer.tag("Rust")
    post = await writer.post("Hello", "Hi *there*", category=tech, tags=[rust])
    await writer.post("Draft", publish=False)

    # when
    body = await graphql(client, BLOG_LIST, {"page": 1, "perPage": 10}, tenant=tenant.slug)

    # then
    assert "errors" not in body
    page = body["data"]["blogPosts"]
    assert page["pageInfo"] == {
        "page": 1,
        "perPage": 10,
        "total": 1,
        "lastPage": 1,
        "hasNextPage": False,
    }
    [item] = page["items"]
    assert item["id"] == str(post.id)
    assert item["slug"] == "hello"
    assert item["excerpt"] == "Hi there"
    assert item["status"] == "PUBLISHED"
    assert item["author"] is None
    assert item["category"] == {"id": str(tech.id), "slug": "tech", "name": "Tech"}
    assert item["tags"] == [{"id": str(rust.id), "slug": "rust", "name": "Rust"}]


async def test_drafts_are_invisible_to_the_public(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    await BlogWriter(services, tenant).post("Draft", publish=False)

    listed = await graphql(client, SLUGS, {"drafts": False}, api_key=tenant.publishable_key)
    single = await graphql(client, ONE, {"slug": "draft"}, api_key=tenant.publishable_key)

    assert listed["data"]["blogPosts"]["items"] == []
    assert single["data"] == {"blogPost": None}
    assert error_codes(single) == ["NOT_FOUND"]


async def test_drafts_are_visible_to_admin_staff(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    staff_id, _ = await factory.staff(tenant)
    token = await staff_token(services, tenant, staff_id)
    writer = BlogWriter(services, tenant)
    await writer.post("Draft", publish=False)
    await writer.post("Live")

    # when
    listed = await graphql(client, SLUGS, {"drafts": True}, bearer=token)
    single = await graphql(client, ONE, {"slug": "draft"}, bearer=token)

    # then
    assert sorted(item["slug"] for item in listed["data"]["blogPosts"]["items"]) == [
        "draft",
        "live",
    ]
    assert single["data"]["blogPost"]["status"] == "DRAFT"


async def test_drafts_are_refused_to_the_public_who_asks(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    tenant = await factory.tenant()

    anonymous = await graphql(client, SLUGS, {"drafts": True}, tenant=tenant.slug)
    publishable = await graphql(client, SLUGS, {"drafts": True}, api_key=tenant.publishable_key)

    assert error_codes(anonymous) == ["UNAUTHENTICATED"]
    assert error_codes(publishable) == ["UNAUTHENTICATED"]


async def test_scheduled_post_is_invisible_before_its_time(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    later = services.clock.now() + timedelta(hours=3)
    await BlogWriter(services, tenant).post("Later", published_at=later)

    listed = await graphql(client, SLUGS, {"drafts": False}, tenant=tenant.slug)
    admin = await graphql(client, SLUGS, {"drafts": True}, bearer=tenant.secret_key)

    assert listed["data"]["blogPosts"]["items"] == []
    assert admin["data"]["blogPosts"]["items"] == [{"slug": "later", "status": "SCHEDULED"}]


async def test_single_post_counts_the_view(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    await BlogWriter(services, tenant).post("Read me", "<script>x</script>\n\n**hi**")

    await graphql(client, ONE, {"slug": "read-me"}, tenant=tenant.slug)
    body = await graphql(client, ONE, {"slug": "read-me"}, tenant=tenant.slug)

    assert body["data"]["blogPost"] == {
        "slug": "read-me",
        "status": "PUBLISHED",
        "viewCount": 2,
        "contentHtml": "<p><strong>hi</strong></p>",
    }


async def test_unknown_slug_is_a_not_found_error(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    tenant = await factory.tenant()

    body = await graphql(client, ONE, {"slug": "nope"}, tenant=tenant.slug)

    assert body["data"] == {"blogPost": None}
    assert body["errors"][0]["message"] == "Post not found."
    assert error_codes(body) == ["NOT_FOUND"]


async def test_another_tenants_post_is_not_found(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    mine, theirs = await factory.tenant(), await factory.tenant()
    await BlogWriter(services, theirs).post("Theirs")

    single = await graphql(client, ONE, {"slug": "theirs"}, bearer=mine.secret_key)
    listed = await graphql(client, SLUGS, {"drafts": True}, bearer=mine.secret_key)

    assert error_codes(single) == ["NOT_FOUND"]
    assert listed["data"]["blogPosts"]["items"] == []


async def test_bad_page_size_is_bad_user_input(client: httpx.AsyncClient, factory: Factory) -> None:
    tenant = await factory.tenant()

    body = await graphql(client, BLOG_LIST, {"page": 1, "perPage": 500}, tenant=tenant.slug)

    assert error_codes(body) == ["BAD_USER_INPUT"]
    assert body["errors"][0]["extensions"]["fields"] == {
        "per_page": ["The per page field must be between 1 and 100."]
    }


async def test_search_and_filters(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    writer = BlogWriter(services, tenant)
    tech = await writer.category("Tech")
    await writer.post("Compilers", "Parsing and codegen.", category=tech)
    await writer.post("Gardening", "Parsing the soil.")

    searched = await graphql(
        client, BLOG_LIST, {"page": 1, "perPage": 5, "search": "parsing"}, tenant=tenant.slug
    )
    filtered = await graphql(
        client,
        BLOG_LIST,
        {"page": 1, "perPage": 5, "search": '"parsing', "category": "tech"},
        tenant=tenant.slug,
    )

    assert len(searched["data"]["blogPosts"]["items"]) == 2
    assert [p["slug"] for p in filtered["data"]["blogPosts"]["items"]] == ["compilers"]


async def test_categories_and_tags_with_counts(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    writer = BlogWriter(services, tenant)
    tech, rust = await writer.category("Tech"), await writer.tag("Rust")
    await writer.post("One", category=tech, tags=[rust])
    await writer.post("Two", category=tech, publish=False)
    query = """{
      blogCategories { slug name postCount }
      blogTags { slug name postCount }
      blogPosts { items { category { slug postCount } tags { slug postCount } } }
    }"""

    body = await graphql(client, query, tenant=tenant.slug)

    assert body == {
        "data": {
            "blogCategories": [{"slug": "tech", "name": "Tech", "postCount": 1}],
            "blogTags": [{"slug": "rust", "name": "Rust", "postCount": 1}],
            "blogPosts": {
                "items": [
                    {
                        "category": {"slug": "tech", "postCount": 1},
                        "tags": [{"slug": "rust", "postCount": 1}],
                    }
                ]
            },
        }
    }
