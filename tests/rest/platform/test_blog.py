from __future__ import annotations

import httpx
import pytest

from tenantry.models.tenant import StaffRole
from tenantry.resolvers import tenants
from tenantry.serving.services import Services
from tests.conftest import Factory
from tests.resolvers.blog.support import BlogWriter
from tests.support import iso


async def named_staff(services: Services, tenant_id: int, name: str) -> int:
    async with services.db.unit(None) as uow:
        staff = await tenants.create_staff(
            uow.session,
            tenant_id=tenant_id,
            email=f"{name.lower()}-{tenant_id}@example.com",
            password="staff-pass-123",
            name=name,
            role=StaffRole.ADMIN,
        )
        await uow.commit()
    assert staff.id is not None
    return staff.id


async def test_list_envelope(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    staff_id = await named_staff(services, tenant.id, "Jane")
    writer = BlogWriter(services, tenant, staff_id=staff_id)
    tech = await writer.category("Tech")
    python = await writer.tag("Python")
    created = await writer.post(
        "Hello World",
        "Hello **there**.",
        category=tech,
        tags=[python],
        cover_image="https://img.example/c.png",
    )
    post = await writer.reload(created.id)

    # when
    response = await client.get(f"/api/{tenant.slug}/blog")

    # then
    assert response.status_code == 200
    assert response.json() == {
        "data": [
            {
                "id": post.id,
                "title": "Hello World",
                "slug": "hello-world",
                "excerpt": "Hello there.",
                "cover_image": "https://img.example/c.png",
                "status": "published",
                "published_at": iso(post.published_at),
                "view_count": 0,
                "category": {"id": tech.id, "name": "Tech", "slug": "tech"},
                "tags": [{"id": python.id, "name": "Python", "slug": "python"}],
                "author": {"id": staff_id, "name": "Jane"},
                "created_at": iso(post.created_at),
                "updated_at": iso(post.updated_at),
            }
        ],
        "meta": {"current_page": 1, "last_page": 1, "per_page": 15, "total": 1},
    }


async def test_detail_envelope(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    writer = BlogWriter(services, tenant)
    markdown = '# Title\n\n<script>x()</script>\n\nSee [a](javascript:y) and <b onclick="z()">b</b>'
    created = await writer.post("Hello", markdown)
    post = await writer.reload(created.id)

    # when
    response = await client.get(f"/api/{tenant.slug}/blog/hello")

    # then
    assert response.status_code == 200
    assert response.json() == {
        "data": {
            "id": post.id,
            "title": "Hello",
            "slug": "hello",
            "excerpt": "Title See [a](javascript:y) and b",
            "cover_image": None,
            "status": "published",
            "published_at": iso(post.published_at),
            "view_count": 1,
            "category": None,
            "tags": [],
            "author": None,
            "created_at": iso(post.created_at),
            "updated_at": iso(post.updated_at),
            "content": "<h1>Title</h1>\n\n<p>See [a](javascript:y) and <b>b</b></p>",
            "content_markdown": markdown,
        }
    }


async def test_detail_of_unknown_slug_is_404(client: httpx.AsyncClient, factory: Factory) -> None:
    tenant = await factory.tenant()

    response = await client.get(f"/api/{tenant.slug}/blog/nope")

    assert response.status_code == 404
    assert response.json() == {"message": "Post not found.", "code": "resource_missing"}


async def test_draft_is_404_for_the_public(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    await BlogWriter(services, tenant).post("Draft", publish=False)

    response = await client.get(
        f"/api/{tenant.slug}/blog/draft", headers={"X-API-Key": tenant.publishable_key}
    )

    assert response.status_code == 404
    assert response.json() == {"message": "Post not found.", "code": "resource_missing"}


async def test_draft_is_shown_to_a_secret_key(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    await BlogWriter(services, tenant).post("Draft", publish=False)

    response = await client.get(
        f"/api/{tenant.slug}/blog/draft", headers={"Authorization": f"Bearer {tenant.secret_key}"}
    )

    assert response.status_code == 200
    assert response.json()["data"]["status"] == "draft"


async def test_another_tenants_post_is_404(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    mine = await factory.tenant()
    theirs = await factory.tenant()
    await BlogWriter(services, theirs).post("Theirs")

    detail = await client.get(f"/api/{mine.slug}/blog/theirs")
    listing = await client.get(f"/api/{mine.slug}/blog")

    assert detail.status_code == 404
    assert listing.json()["data"] == []


async def test_list_of_unknown_tenant_is_404(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/no-such-tenant/blog")

    assert response.status_code == 404
    assert response.json() == {"message": "Tenant not found.", "code": "resource_missing"}


@pytest.mark.parametrize(
    ("query", "errors"),
    [
        ("page=0", {"page": ["The page field must be at least 1."]}),
        ("page=abc", {"page": ["The page field must be an integer."]}),
        ("per_page=101", {"per_page": ["The per page field must be between 1 and 100."]}),
        ("per_page=x", {"per_page": ["The per page field must be an integer."]}),
    ],
)
async def test_bad_paging_is_422(
    client: httpx.AsyncClient, factory: Factory, query: str, errors: dict[str, list[str]]
) -> None:
    tenant = await factory.tenant()

    response = await client.get(f"/api/{tenant.slug}/blog?{query}")

    assert response.status_code == 422
    assert response.json() == {
        "message": "The given data was invalid.",
        "code": "parameter_invalid",
        "errors": errors,
    }


async def test_paging_meta(client: httpx.AsyncClient, factory: Factory, services: Services) -> None:
    tenant = await factory.tenant()
    writer = BlogWriter(services, tenant)
    for n in range(5):
        await writer.post(f"Post {n}")

    response = await client.get(f"/api/{tenant.slug}/blog?per_page=2&page=3")

    assert [post["slug"] for post in response.json()["data"]] == ["post-0"]
    assert response.json()["meta"] == {
        "current_page": 3,
        "last_page": 3,
        "per_page": 2,
        "total": 5,
    }


async def test_newest_published_first(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    writer = BlogWriter(services, tenant)
    for title in ("Old", "Middle", "New"):
        await writer.post(title)

    response = await client.get(f"/api/{tenant.slug}/blog")

    assert [post["slug"] for post in response.json()["data"]] == ["new", "middle", "old"]


async def test_filter_by_category_and_tag(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    writer = BlogWriter(services, tenant)
    tech, life = await writer.category("Tech"), await writer.category("Life")
    rust = await writer.tag("Rust")
    await writer.post("Rusty tech", category=tech, tags=[rust])
    await writer.post("Plain tech", category=tech)
    await writer.post("Rusty life", category=life, tags=[rust])

    # when
    by_category = await client.get(f"/api/{tenant.slug}/blog?category=tech")
    by_tag = await client.get(f"/api/{tenant.slug}/blog?tag=rust")
    by_both = await client.get(f"/api/{tenant.slug}/blog?category=tech&tag=rust")
    unknown = await client.get(f"/api/{tenant.slug}/blog?category=nope")

    # then
    assert [p["slug"] for p in by_category.json()["data"]] == ["plain-tech", "rusty-tech"]
    assert [p["slug"] for p in by_tag.json()["data"]] == ["rusty-life", "rusty-tech"]
    assert [p["slug"] for p in by_both.json()["data"]] == ["rusty-tech"]
    assert unknown.json()["data"] == []


async def test_search(client: httpx.AsyncClient, factory: Factory, services: Services) -> None:
    tenant = await factory.tenant()
    writer = BlogWriter(services, tenant)
    await writer.post("Kimchi recipe", "Cabbage, chili and patience.")
    await writer.post("Bread", "Flour and water.")

    found = await client.get(f"/api/{tenant.slug}/blog", params={"search": "chili"})
    odd = await client.get(f"/api/{tenant.slug}/blog", params={"search": '"chili OR'})

    assert [p["slug"] for p in found.json()["data"]] == ["kimchi-recipe"]
    assert odd.status_code == 200


async def test_categories_envelope(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    writer = BlogWriter(services, tenant)
    tech = await writer.category("Tech", description="Computers")
    await writer.post("One", category=tech)

    response = await client.get(f"/api/{tenant.slug}/blog/categories")

    assert response.status_code == 200
    assert response.json() == {
        "data": [
            {
                "id": tech.id,
                "name": "Tech",
                "slug": "tech",
                "description": "Computers",
                "posts_count": 1,
            }
        ],
        "meta": {"current_page": 1, "last_page": 1, "per_page": 1, "total": 1},
    }


async def test_tags_envelope(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    writer = BlogWriter(services, tenant)
    tag = await writer.tag("Python")
    await writer.post("One", tags=[tag])
    await writer.post("Two", tags=[tag], publish=False)

    response = await client.get(f"/api/{tenant.slug}/blog/tags")

    assert response.status_code == 200
    assert response.json() == {
        "data": [{"id": tag.id, "name": "Python", "slug": "python", "posts_count": 1}],
        "meta": {"current_page": 1, "last_page": 1, "per_page": 1, "total": 1},
    }


@pytest.mark.parametrize("path", ["blog/categories", "blog/tags"])
async def test_taxonomy_of_unknown_tenant_is_404(client: httpx.AsyncClient, path: str) -> None:
    response = await client.get(f"/api/no-such-tenant/{path}")

    assert response.status_code == 404
    assert response.json() == {"message": "Tenant not found.", "code": "resource_missing"}
