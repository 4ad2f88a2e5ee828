"""GET /courses and GET /courses/{slug}: published courses for everyone."""

from __future__ import annotations

import httpx

from tenantry.serving.services import Services
from tests.conftest import Factory
from tests.resolvers.cart.rows import product
from tests.resolvers.courses.support import CourseWriter
from tests.support import iso


async def test_list_envelope(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant(currency="KRW")
    writer = CourseWriter(services, tenant)
    ticket = await product(services, tenant, "Course ticket", price=49_000)
    paid = await writer.course(
        "Django Deep Dive", product=ticket, description="ORM", cover_image="https://img/c.png"
    )
    await writer.lesson(paid, "One", duration=300)
    await writer.lesson(paid, "Two", duration=420)
    free = await writer.course("Free Intro")

    # when
    response = await client.get(f"/api/{tenant.slug}/courses")

    # then
    assert response.status_code == 200
    assert response.json() == {
        "data": [
            {
                "id": free.id,
                "slug": "free-intro",
                "title": "Free Intro",
                "description": "",
                "cover_image": None,
                "is_free": True,
                "price": 0,
                "currency": "KRW",
                "lesson_count": 0,
                "total_duration_seconds": 0,
                "created_at": iso(free.created_at),
                "updated_at": iso(free.updated_at),
            },
            {
                "id": paid.id,
                "slug": "django-deep-dive",
                "title": "Django Deep Dive",
                "description": "ORM",
                "cover_image": "https://img/c.png",
                "is_free": False,
                "price": 49_000,
                "currency": "KRW",
                "lesson_count": 2,
                "total_duration_seconds": 720,
                "created_at": iso(paid.created_at),
                "updated_at": iso(paid.updated_at),
            },
        ],
        "meta": {"current_page": 1, "last_page": 1, "per_page": 15, "total": 2},
    }


async def test_list_hides_unpublished_courses(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    writer = CourseWriter(services, tenant)
    await writer.course("Draft course", published=False)
    shown = await writer.course("Live course")

    response = await client.get(f"/api/{tenant.slug}/courses")

    assert [item["id"] for item in response.json()["data"]] == [shown.id]
    assert response.json()["meta"]["total"] == 1


async def test_list_searches_titles_and_descriptions_and_pages(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    writer = CourseWriter(services, tenant)
    await writer.course("Rust basics")
    await writer.course("Cooking", description="Learn rust removal from pans")
    await writer.course("Python")

    response = await client.get(
        f"/api/{tenant.slug}/courses", params={"search": "RUST", "per_page": 1, "page": 2}
    )

    body = response.json()
    assert [item["title"] for item in body["data"]] == ["Rust basics"]
    assert body["meta"] == {"current_page": 2, "last_page": 2, "per_page": 1, "total": 2}


async def test_list_rejects_a_bad_page(client: httpx.AsyncClient, factory: Factory) -> None:
    tenant = await factory.tenant()

    response = await client.get(f"/api/{tenant.slug}/courses", params={"per_page": "x"})

    assert response.status_code == 422
    assert response.json() == {
        "message": "The given data was invalid.",
        "code": "parameter_invalid",
        "errors": {"per_page": ["The per page field must be an integer."]},
    }


async def test_detail_shows_the_outline_and_only_preview_content(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    writer = CourseWriter(services, tenant)
    course = await writer.course("Python 101")
    attachments = [{"name": "slides.pdf", "url": "https://cdn/s.pdf", "size": 1024}]
    preview = await writer.lesson(
        course,
        "Welcome",
        duration=60,
        is_preview=True,
        content="Hello",
        video_url="https://v/1",
        attachments=attachments,
    )
    locked = await writer.lesson(course, "Secrets", duration=600, content="Paid text")

    # when
    response = await client.get(f"/api/{tenant.slug}/courses/python-101")

    # then
    assert response.status_code == 200
    data = response.json()["data"]
    assert data["lesson_count"] == 2
    assert data["total_duration_seconds"] == 660
    assert data["lessons"] == [
        {
            "id": preview.id,
            "title": "Welcome",
            "position": 1,
            "duration_seconds": 60,
            "is_preview": True,
            "content": "Hello",
            "video_url": "https://v/1",
            "attachments": attachments,
        },
        {
            "id": locked.id,
            "title": "Secrets",
            "position": 2,
            "duration_seconds": 600,
            "is_preview": False,
        },
    ]


async def test_detail_of_an_unpublished_course_is_404(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    await CourseWriter(services, tenant).course("Hidden", published=False)

    response = await client.get(f"/api/{tenant.slug}/courses/hidden")

    assert response.status_code == 404
    assert response.json() == {"message": "Course not found.", "code": "resource_missing"}


async def test_detail_of_an_unknown_course_is_404(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    tenant = await factory.tenant()

    response = await client.get(f"/api/{tenant.slug}/courses/nope")

    assert response.status_code == 404
    assert response.json() == {"message": "Course not found.", "code": "resource_missing"}


async def test_admins_see_unpublished_course_detail(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    await CourseWriter(services, tenant).course("Hidden", published=False)

    response = await client.get(
        f"/api/{tenant.slug}/courses/hidden",
        headers={"Authorization": f"Bearer {tenant.secret_key}"},
    )

    assert response.status_code == 200


async def test_another_tenants_courses_are_invisible(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    mine, theirs = await factory.tenant(), await factory.tenant()
    await CourseWriter(services, theirs).course("Their course")

    # when
    listed = await client.get(f"/api/{mine.slug}/courses")
    shown = await client.get(f"/api/{mine.slug}/courses/their-course")

    # then
    assert listed.json()["data"] == []
    assert shown.status_code == 404
