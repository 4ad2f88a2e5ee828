"""The public and member course queries and mutations over GraphQL."""

from __future__ import annotations

import httpx

from tenantry.serving.services import Services
from tests.conftest import Factory
from tests.resolvers.cart.rows import product
from tests.resolvers.courses.support import CourseWriter, purchase
from tests.support import error_codes, graphql, member_token, members

COURSES = """
query($search: String) {
  courses(search: $search) {
    items { slug lessonCount totalDurationSeconds lessons { title content isPreview } }
    pageInfo { total }
  }
}
"""
ENROLL = "mutation($slug: String!) { enrollInCourse(slug: $slug) { courseId orderId } }"
MY_COURSES = """
{ myCourses { course { slug } progressPercent completedLessons totalLessons
              lessons { lesson { title content } completed secondsWatched } } }
"""
MY_COURSE = "query($slug: String!) { myCourse(slug: $slug) { progressPercent completedAt } }"
LESSON = """
query($slug: String!, $id: ID!) {
  lesson(courseSlug: $slug, id: $id) { lesson { content } completed course { progressPercent } }
}
"""
COMPLETE = """
mutation($slug: String!, $id: ID!) {
  completeLesson(courseSlug: $slug, lessonId: $id) {
    completed course { progressPercent completedLessons completedAt }
  }
}
"""
PROGRESS = """
mutation($slug: String!, $id: ID!, $seconds: Int!) {
  updateLessonProgress(courseSlug: $slug, lessonId: $id, secondsWatched: $seconds) {
    completed secondsWatched
  }
}
"""


async def test_courses_show_the_outline_without_locked_content(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    writer = CourseWriter(services, tenant)
    course = await writer.course("Python 101")
    await writer.lesson(course, "Trailer", duration=30, is_preview=True, content="free")
    await writer.lesson(course, "Paid", duration=70, content="secret")
    await writer.course("Draft", published=False)

    body = await graphql(client, COURSES, tenant=tenant.slug)

    assert body["data"]["courses"] == {
        "items": [
            {
                "slug": "python-101",
                "lessonCount": 2,
                "totalDurationSeconds": 100,
                "lessons": [
                    {"title": "Trailer", "content": "free", "isPreview": True},
                    {"title": "Paid", "content": None, "isPreview": False},
                ],
            }
        ],
        "pageInfo": {"total": 1},
    }


async def test_unknown_course_is_not_found(client: httpx.AsyncClient, factory: Factory) -> None:
    tenant = await factory.tenant()

    body = await graphql(client, 'query { course(slug: "nope") { id } }', tenant=tenant.slug)

    assert error_codes(body) == ["NOT_FOUND"]


async def test_enroll_learn_and_complete(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    writer = CourseWriter(services, tenant)
    course = await writer.course("Python 101")
    first, second = await writer.lessons(course, 2, duration=100)
    [member_id] = await members(services, tenant)
    token = await member_token(services, tenant, member_id)
    slug = {"slug": "python-101"}

    # when
    enrolled = await graphql(client, ENROLL, slug, bearer=token)
    watched = await graphql(
        client, PROGRESS, {**slug, "id": str(first.id), "seconds": 95}, bearer=token
    )
    lesson = await graphql(client, LESSON, {**slug, "id": str(second.id)}, bearer=token)
    completed = await graphql(client, COMPLETE, {**slug, "id": str(second.id)}, bearer=token)
    mine = await graphql(client, MY_COURSES, bearer=token)

    # then
    assert enrolled["data"]["enrollInCourse"] == {"courseId": str(course.id), "orderId": None}
    assert watched["data"]["updateLessonProgress"] == {"completed": True, "secondsWatched": 95}
    assert lesson["data"]["lesson"] == {
        "lesson": {"content": ""},
        "completed": False,
        "course": {"progressPercent": 50},
    }
    result = completed["data"]["completeLesson"]
    assert result["completed"] is True
    assert result["course"]["progressPercent"] == 100
    assert result["course"]["completedAt"] is not None
    assert mine["data"]["myCourses"] == [
        {
            "course": {"slug": "python-101"},
            "progressPercent": 100,
            "completedLessons": 2,
            "totalLessons": 2,
            "lessons": [
                {
                    "lesson": {"title": "Lesson 0", "content": ""},
                    "completed": True,
                    "secondsWatched": 95,
                },
                {
                    "lesson": {"title": "Lesson 1", "content": ""},
                    "completed": True,
                    "secondsWatched": 0,
                },
            ],
        }
    ]


async def test_paid_course_enrollment_needs_a_purchase(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    ticket = await product(services, tenant, "Ticket", price=1000)
    await CourseWriter(services, tenant).course("Paid", product=ticket)
    buyer, other = await members(services, tenant, 2)
    order = await purchase(services, tenant, buyer, ticket)

    refused = await graphql(
        client, ENROLL, {"slug": "paid"}, bearer=await member_token(services, tenant, other)
    )
    allowed = await graphql(
        client, ENROLL, {"slug": "paid"}, bearer=await member_token(services, tenant, buyer)
    )

    assert error_codes(refused) == ["FORBIDDEN"]
    assert refused["errors"][0]["message"] == "This course requires a purchase."
    assert allowed["data"]["enrollInCourse"]["orderId"] == str(order.id)


async def test_lesson_content_is_forbidden_when_not_enrolled(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    writer = CourseWriter(services, tenant)
    lesson = await writer.lesson(await writer.course("Python 101"), content="secret")
    [member_id] = await members(services, tenant)
    token = await member_token(services, tenant, member_id)

    body = await graphql(client, LESSON, {"slug": "python-101", "id": str(lesson.id)}, bearer=token)

    assert error_codes(body) == ["FORBIDDEN"]


async def test_my_course_needs_a_member(client: httpx.AsyncClient, factory: Factory) -> None:
    tenant = await factory.tenant()

    body = await graphql(client, MY_COURSE, {"slug": "x"}, tenant=tenant.slug)

    assert error_codes(body) == ["UNAUTHENTICATED"]


async def test_negative_progress_is_bad_user_input(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    writer = CourseWriter(services, tenant)
    lesson = await writer.lesson(await writer.course("Python 101"))
    [member_id] = await members(services, tenant)
    token = await member_token(services, tenant, member_id)
    await graphql(client, ENROLL, {"slug": "python-101"}, bearer=token)

    body = await graphql(
        client,
        PROGRESS,
        {"slug": "python-101", "id": str(lesson.id), "seconds": -5},
        bearer=token,
    )

    assert error_codes(body) == ["BAD_USER_INPUT"]
    assert body["errors"][0]["extensions"]["fields"] == {
        "seconds_watched": ["The seconds watched field must be at least 0."]
    }
