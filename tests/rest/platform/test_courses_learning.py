"""GET /my/courses, /my/courses/{slug} and its lessons: an enrolled member's view."""

from __future__ import annotations

import httpx
import pytest

from tenantry.models.courses import Enrollment
from tenantry.serving.services import Services
from tests.conftest import Factory
from tests.resolvers.courses.support import CourseWriter, enroll, load
from tests.support import bearer, iso, member_token, members

pytestmark = pytest.mark.usefixtures("app")


async def test_my_courses_envelope(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given: one of three lessons completed
    tenant = await factory.tenant()
    writer = CourseWriter(services, tenant)
    course = await writer.course("Python 101")
    first, _, _ = await writer.lessons(course, 3, duration=100)
    [member_id] = await members(services, tenant)
    enrollment = await enroll(services, tenant, member_id, "python-101")
    headers = bearer(await member_token(services, tenant, member_id))
    done = await client.post(
        f"/api/{tenant.slug}/my/courses/python-101/lessons/{first.id}/complete", headers=headers
    )

    # when
    response = await client.get(f"/api/{tenant.slug}/my/courses", headers=headers)

    # then
    assert response.status_code == 200
    [item] = response.json()["data"]
    assert item["course"]["id"] == course.id
    assert item["course"]["lesson_count"] == 3
    assert {key: value for key, value in item.items() if key != "course"} == {
        "progress_percent": 33,
        "completed_lessons": 1,
        "total_lessons": 3,
        "last_activity_at": done.json()["data"]["completed_at"],
        "completed_at": None,
        "enrolled_at": iso(enrollment.created_at),
    }


async def test_my_courses_before_any_activity(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    await CourseWriter(services, tenant).course("Empty")
    [member_id] = await members(services, tenant)
    enrollment = await enroll(services, tenant, member_id, "empty")
    headers = bearer(await member_token(services, tenant, member_id))

    response = await client.get(f"/api/{tenant.slug}/my/courses", headers=headers)

    [item] = response.json()["data"]
    assert item["progress_percent"] == 0
    assert item["total_lessons"] == 0
    assert item["last_activity_at"] == iso(enrollment.created_at)


async def test_my_courses_lists_only_the_callers_enrollments(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    writer = CourseWriter(services, tenant)
    await writer.course("Mine")
    await writer.course("Theirs")
    me, other = await members(services, tenant, 2)
    await enroll(services, tenant, me, "mine")
    await enroll(services, tenant, other, "theirs")
    headers = bearer(await member_token(services, tenant, me))

    response = await client.get(f"/api/{tenant.slug}/my/courses", headers=headers)

    assert [item["course"]["slug"] for item in response.json()["data"]] == ["mine"]


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/my/courses"),
        ("GET", "/my/courses/c"),
        ("GET", "/my/courses/c/lessons/{id}"),
        ("POST", "/my/courses/c/lessons/{id}/complete"),
        ("POST", "/my/courses/c/lessons/{id}/progress"),
    ],
)
async def test_member_paths_refuse_anonymous_callers(
    client: httpx.AsyncClient, factory: Factory, services: Services, method: str, path: str
) -> None:
    tenant = await factory.tenant()
    writer = CourseWriter(services, tenant)
    lesson = await writer.lesson(await writer.course("C"), "Locked")

    response = await client.request(
        method, f"/api/{tenant.slug}" + path.format(id=lesson.id), json={"seconds_watched": 1}
    )

    assert response.status_code == 401
    assert response.json() == {"message": "Unauthenticated.", "code": "unauthenticated"}


async def test_my_course_shows_each_lessons_progress(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    writer = CourseWriter(services, tenant)
    course = await writer.course("Python 101")
    first, second = await writer.lessons(course, 2, duration=100)
    [member_id] = await members(services, tenant)
    await enroll(services, tenant, member_id, "python-101")
    headers = bearer(await member_token(services, tenant, member_id))
    base = f"/api/{tenant.slug}/my/courses/python-101"
    done = await client.post(f"{base}/lessons/{first.id}/complete", headers=headers)
    await client.post(
        f"{base}/lessons/{second.id}/progress", json={"seconds_watched": 40}, headers=headers
    )

    # when
    response = await client.get(base, headers=headers)

    # then
    assert response.status_code == 200
    data = response.json()["data"]
    assert data["lessons"] == [
        {
            "id": first.id,
            "title": "Lesson 0",
            "position": 1,
            "duration_seconds": 100,
            "is_preview": False,
            "content": "",
            "video_url": None,
            "attachments": [],
            "completed": True,
            "seconds_watched": 0,
            "completed_at": done.json()["data"]["completed_at"],
        },
        {
            "id": second.id,
            "title": "Lesson 1",
            "position": 2,
            "duration_seconds": 100,
            "is_preview": False,
            "content": "",
            "video_url": None,
            "attachments": [],
            "completed": False,
            "seconds_watched": 40,
            "completed_at": None,
        },
    ]
    assert data["progress_percent"] == 50
    assert data["completed_lessons"] == 1
    assert data["total_lessons"] == 2


async def test_my_course_without_enrollment_is_403(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    await CourseWriter(services, tenant).course("Python 101")
    [member_id] = await members(services, tenant)
    headers = bearer(await member_token(services, tenant, member_id))

    response = await client.get(f"/api/{tenant.slug}/my/courses/python-101", headers=headers)

    assert response.status_code == 403
    assert response.json() == {
        "message": "You are not enrolled in this course.",
        "code": "not_enrolled",
    }


async def test_my_course_of_an_unknown_slug_is_404(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    [member_id] = await members(services, tenant)
    headers = bearer(await member_token(services, tenant, member_id))

    response = await client.get(f"/api/{tenant.slug}/my/courses/nope", headers=headers)

    assert response.status_code == 404
    assert response.json() == {"message": "Course not found.", "code": "resource_missing"}


async def test_enrolled_members_keep_an_unpublished_course(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    writer = CourseWriter(services, tenant)
    course = await writer.course("Python 101")
    [member_id] = await members(services, tenant)
    await enroll(services, tenant, member_id, "python-101")
    await writer.update(course, is_published=False)
    headers = bearer(await member_token(services, tenant, member_id))

    response = await client.get(f"/api/{tenant.slug}/my/courses/python-101", headers=headers)

    assert response.status_code == 200


async def test_lesson_content_for_an_enrolled_member(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    writer = CourseWriter(services, tenant)
    course = await writer.course("Python 101")
    attachments = [{"name": "code.zip", "url": "https://cdn/code.zip"}]
    lesson = await writer.lesson(
        course,
        "Loops",
        duration=300,
        content="for x in y",
        video_url="https://v/loops",
        attachments=attachments,
    )
    [member_id] = await members(services, tenant)
    await enroll(services, tenant, member_id, "python-101")
    headers = bearer(await member_token(services, tenant, member_id))

    # when
    response = await client.get(
        f"/api/{tenant.slug}/my/courses/python-101/lessons/{lesson.id}", headers=headers
    )

    # then
    assert response.status_code == 200
    assert response.json() == {
        "data": {
            "id": lesson.id,
            "course_id": course.id,
            "title": "Loops",
            "position": 1,
            "duration_seconds": 300,
            "is_preview": False,
            "content": "for x in y",
            "video_url": "https://v/loops",
            "attachments": attachments,
            "completed": False,
            "seconds_watched": 0,
            "completed_at": None,
        }
    }


async def test_lesson_content_is_403_when_not_enrolled(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    writer = CourseWriter(services, tenant)
    lesson = await writer.lesson(await writer.course("Python 101"), "Loops", content="secret")
    [member_id] = await members(services, tenant)
    headers = bearer(await member_token(services, tenant, member_id))

    response = await client.get(
        f"/api/{tenant.slug}/my/courses/python-101/lessons/{lesson.id}", headers=headers
    )

    assert response.status_code == 403
    assert response.json() == {
        "message": "You are not enrolled in this course.",
        "code": "not_enrolled",
    }


async def test_a_preview_lesson_is_readable_by_anyone(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    writer = CourseWriter(services, tenant)
    lesson = await writer.lesson(
        await writer.course("Python 101"), "Trailer", content="hello", is_preview=True
    )

    response = await client.get(f"/api/{tenant.slug}/my/courses/python-101/lessons/{lesson.id}")

    assert response.status_code == 200
    assert response.json()["data"]["content"] == "hello"


@pytest.mark.parametrize("lesson_ref", ["other", "999999999", "abc"])
async def test_a_lesson_of_another_course_or_unknown_is_404(
    client: httpx.AsyncClient, factory: Factory, services: Services, lesson_ref: str
) -> None:
    # given: a member enrolled in one course asks for a lesson through it
    tenant = await factory.tenant()
    writer = CourseWriter(services, tenant)
    await writer.lesson(await writer.course("Mine"), "Mine")
    other = await writer.lesson(await writer.course("Other"), "Other", is_preview=True)
    [member_id] = await members(services, tenant)
    await enroll(services, tenant, member_id, "mine")
    headers = bearer(await member_token(services, tenant, member_id))
    lesson_id = str(other.id) if lesson_ref == "other" else lesson_ref

    # when
    response = await client.get(
        f"/api/{tenant.slug}/my/courses/mine/lessons/{lesson_id}", headers=headers
    )

    # then
    assert response.status_code == 404
    assert response.json() == {"message": "Lesson not found.", "code": "resource_missing"}


async def test_a_lesson_of_an_unpublished_course_is_404_for_strangers(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    writer = CourseWriter(services, tenant)
    course = await writer.course("Hidden", published=False)
    lesson = await writer.lesson(course, "Trailer", is_preview=True)

    response = await client.get(f"/api/{tenant.slug}/my/courses/hidden/lessons/{lesson.id}")

    assert response.status_code == 404


async def test_another_tenants_enrollment_is_invisible(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given: the same slug in two tenants, enrolled only in the other one
    mine, theirs = await factory.tenant(), await factory.tenant()
    await CourseWriter(services, mine).course("Python 101")
    await CourseWriter(services, theirs).course("Python 101")
    [their_member] = await members(services, theirs)
    enrollment = await enroll(services, theirs, their_member, "python-101")
    [my_member] = await members(services, mine)
    headers = bearer(await member_token(services, mine, my_member))

    # when
    listed = await client.get(f"/api/{mine.slug}/my/courses", headers=headers)
    shown = await client.get(f"/api/{mine.slug}/my/courses/python-101", headers=headers)

    # then
    assert listed.json() == {
        "data": [],
        "meta": {"current_page": 1, "last_page": 1, "per_page": 15, "total": 0},
    }
    assert shown.status_code == 403
    assert (await load(services, theirs, Enrollment, enrollment.id)).member_id == their_member
