"""POST /my/courses/{slug}/lessons/{id}/complete and /progress."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from tenantry.models.courses import Enrollment, LessonProgress
from tenantry.serving.services import Services
from tests.conftest import Factory, TenantFixture
from tests.resolvers.courses.support import CourseWriter, enroll, load, progress_rows
from tests.support import bearer, count, frozen_clock, member_token, members

pytestmark = pytest.mark.usefixtures("app")


async def enrolled_member(
    services: Services, tenant: TenantFixture, slug: str = "python-101"
) -> tuple[Enrollment, dict[str, str]]:
    [member_id] = await members(services, tenant)
    enrollment = await enroll(services, tenant, member_id, slug)
    return enrollment, bearer(await member_token(services, tenant, member_id))


async def test_completing_a_lesson_answers_its_state(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    writer = CourseWriter(services, tenant)
    course = await writer.course("Python 101")
    first, _, _ = await writer.lessons(course, 3, duration=100)
    _, headers = await enrolled_member(services, tenant)

    # when
    with frozen_clock(services) as clock:
        response = await client.post(
            f"/api/{tenant.slug}/my/courses/python-101/lessons/{first.id}/complete",
            headers=headers,
        )

    # then
    assert response.status_code == 200
    assert response.json() == {
        "data": {
            "lesson_id": first.id,
            "completed": True,
            "seconds_watched": 0,
            "completed_at": clock.moment.isoformat().replace("+00:00", "Z"),
            "course_progress_percent": 33,
            "course_completed_at": None,
        }
    }


async def test_completing_twice_keeps_the_first_completion(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    writer = CourseWriter(services, tenant)
    course = await writer.course("Python 101")
    lesson, _ = await writer.lessons(course, 2)
    enrollment, headers = await enrolled_member(services, tenant)
    url = f"/api/{tenant.slug}/my/courses/python-101/lessons/{lesson.id}/complete"
    first = await client.post(url, headers=headers)

    with frozen_clock(services) as clock:
        clock.advance(60)
        second = await client.post(url, headers=headers)

    assert second.status_code == 200
    assert second.json() == first.json()
    assert len(await progress_rows(services, tenant, enrollment.id)) == 1


async def test_completing_every_lesson_completes_the_course(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    writer = CourseWriter(services, tenant)
    course = await writer.course("Python 101")
    lessons = await writer.lessons(course, 2)
    enrollment, headers = await enrolled_member(services, tenant)
    base = f"/api/{tenant.slug}/my/courses/python-101/lessons"
    await client.post(f"{base}/{lessons[0].id}/complete", headers=headers)

    # when
    response = await client.post(f"{base}/{lessons[1].id}/complete", headers=headers)

    # then
    data = response.json()["data"]
    assert data["course_progress_percent"] == 100
    assert data["course_completed_at"] == data["completed_at"]
    stored = await load(services, tenant, Enrollment, enrollment.id)
    assert stored.completed_at is not None


async def test_completing_is_403_when_not_enrolled(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    writer = CourseWriter(services, tenant)
    lesson = await writer.lesson(await writer.course("Python 101"))
    [member_id] = await members(services, tenant)
    headers = bearer(await member_token(services, tenant, member_id))

    response = await client.post(
        f"/api/{tenant.slug}/my/courses/python-101/lessons/{lesson.id}/complete", headers=headers
    )

    assert response.status_code == 403
    assert response.json() == {
        "message": "You are not enrolled in this course.",
        "code": "not_enrolled",
    }
    assert await count(services, tenant, LessonProgress) == 0


async def test_completing_a_lesson_of_another_course_is_404(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    writer = CourseWriter(services, tenant)
    await writer.lesson(await writer.course("Python 101"))
    other = await writer.lesson(await writer.course("Other"))
    _, headers = await enrolled_member(services, tenant)

    response = await client.post(
        f"/api/{tenant.slug}/my/courses/python-101/lessons/{other.id}/complete", headers=headers
    )

    assert response.status_code == 404
    assert response.json() == {"message": "Lesson not found.", "code": "resource_missing"}


async def post_progress(
    client: httpx.AsyncClient,
    tenant: TenantFixture,
    lesson_id: int | None,
    headers: dict[str, str],
    body: object,
) -> httpx.Response:
    return await client.post(
        f"/api/{tenant.slug}/my/courses/python-101/lessons/{lesson_id}/progress",
        json=body,
        headers=headers,
    )


async def test_progress_never_decreases(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    writer = CourseWriter(services, tenant)
    lesson = await writer.lesson(await writer.course("Python 101"), duration=600)
    _, headers = await enrolled_member(services, tenant)
    await post_progress(client, tenant, lesson.id, headers, {"seconds_watched": 120})

    response = await post_progress(client, tenant, lesson.id, headers, {"seconds_watched": 30})

    assert response.status_code == 200
    assert response.json()["data"]["seconds_watched"] == 120
    assert response.json()["data"]["completed"] is False


async def test_progress_is_clamped_to_the_duration_and_completes_the_lesson(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    writer = CourseWriter(services, tenant)
    lesson = await writer.lesson(await writer.course("Python 101"), duration=600)
    _, headers = await enrolled_member(services, tenant)

    response = await post_progress(client, tenant, lesson.id, headers, {"seconds_watched": 9000})

    data = response.json()["data"]
    assert data["seconds_watched"] == 600
    assert data["completed"] is True
    assert data["course_completed_at"] is not None


@pytest.mark.parametrize(("seconds", "completed"), [(539, False), (540, True)])
async def test_ninety_percent_of_the_duration_completes_the_lesson(
    client: httpx.AsyncClient,
    factory: Factory,
    services: Services,
    seconds: int,
    completed: bool,
) -> None:
    tenant = await factory.tenant()
    writer = CourseWriter(services, tenant)
    lesson = await writer.lesson(await writer.course("Python 101"), duration=600)
    _, headers = await enrolled_member(services, tenant)

    response = await post_progress(client, tenant, lesson.id, headers, {"seconds_watched": seconds})

    assert response.json()["data"]["completed"] is completed


async def test_a_lesson_of_unknown_duration_is_never_auto_completed(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    writer = CourseWriter(services, tenant)
    lesson = await writer.lesson(await writer.course("Python 101"), duration=0)
    _, headers = await enrolled_member(services, tenant)

    response = await post_progress(client, tenant, lesson.id, headers, {"seconds_watched": 5000})

    assert response.json()["data"]["seconds_watched"] == 5000
    assert response.json()["data"]["completed"] is False


@pytest.mark.parametrize(
    ("body", "message", "code"),
    [
        (
            {"seconds_watched": -1},
            "The seconds watched field must be at least 0.",
            "parameter_invalid",
        ),
        (
            {"seconds_watched": "many"},
            "The seconds watched field must be an integer.",
            "parameter_invalid",
        ),
        ({}, "The seconds watched field is required.", "parameter_missing"),
    ],
)
async def test_progress_rejects_bad_seconds(
    client: httpx.AsyncClient,
    factory: Factory,
    services: Services,
    body: dict[str, object],
    message: str,
    code: str,
) -> None:
    tenant = await factory.tenant()
    writer = CourseWriter(services, tenant)
    lesson = await writer.lesson(await writer.course("Python 101"), duration=600)
    _, headers = await enrolled_member(services, tenant)

    response = await post_progress(client, tenant, lesson.id, headers, body)

    assert response.status_code == 422
    assert response.json() == {
        "message": "The given data was invalid.",
        "code": code,
        "errors": {"seconds_watched": [message]},
    }


async def test_twenty_concurrent_progress_posts_keep_the_maximum(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    writer = CourseWriter(services, tenant)
    lesson = await writer.lesson(await writer.course("Python 101"), duration=10_000)
    enrollment, headers = await enrolled_member(services, tenant)
    seconds = [(n * 37) % 20 * 100 + 5 for n in range(20)]

    # when
    async with asyncio.timeout(60):
        responses = await asyncio.gather(
            *[
                post_progress(client, tenant, lesson.id, headers, {"seconds_watched": value})
                for value in seconds
            ]
        )

    # then
    assert {response.status_code for response in responses} == {200}
    [row] = await progress_rows(services, tenant, enrollment.id)
    assert row.seconds_watched == max(seconds)
    assert row.completed_at is None
