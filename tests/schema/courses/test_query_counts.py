"""Course lists cost the same SQL statements for 5 courses as for 50."""

from __future__ import annotations

import httpx

from tenantry.models.courses import Course, Lesson, LessonProgress
from tenantry.serving.services import Services
from tests.conftest import Factory, StatementCounter, TenantFixture
from tests.resolvers.cart.rows import product
from tests.resolvers.courses.support import enroll
from tests.support import add, graphql, member_token, members

COURSES = """
{ courses(perPage: 100) {
    items { slug isFree price currency lessonCount totalDurationSeconds
            lessons { title position content } }
    pageInfo { total } } }
"""
MY_COURSES = """
{ myCourses { progressPercent lastActivityAt
    course { slug price lessonCount lessons { title } }
    lessons { lesson { title content } completed secondsWatched } } }
"""


async def catalog(services: Services, factory: Factory, size: int) -> tuple[TenantFixture, str]:
    """size published courses (half of them paid) of 3 lessons, all enrolled by one member
    who has progress on every first lesson."""
    tenant = await factory.tenant()
    ticket = await product(services, tenant, "Ticket", price=1000)
    rows = [
        Course(
            slug=f"course-{n}",
            title=f"Course {n}",
            is_published=True,
            product_id=ticket.id if n % 2 else None,
        )
        for n in range(size)
    ]
    await add(services, tenant, *rows)
    lessons = [
        Lesson(course_id=course.id or 0, title=f"L{i}", position=i + 1, duration_seconds=60)
        for course in rows
        for i in range(3)
    ]
    await add(services, tenant, *lessons)
    [member_id] = await members(services, tenant)
    free = [course for n, course in enumerate(rows) if n % 2 == 0]
    enrollments = [await enroll(services, tenant, member_id, course.slug) for course in free]
    firsts = {lesson.course_id: lesson for lesson in lessons if lesson.position == 1}
    await add(
        services,
        tenant,
        *[
            LessonProgress(
                enrollment_id=e.id or 0, lesson_id=firsts[e.course_id].id or 0, seconds_watched=9
            )
            for e in enrollments
        ],
    )
    return tenant, await member_token(services, tenant, member_id)


async def statements(
    client: httpx.AsyncClient,
    counter: StatementCounter,
    query: str,
    *,
    tenant: str | None = None,
    bearer: str | None = None,
) -> int:
    counter.reset()
    body = await graphql(client, query, tenant=tenant, bearer=bearer)
    assert "errors" not in body, body
    return counter.count


async def test_course_list_statements_do_not_grow_with_courses(
    client: httpx.AsyncClient,
    factory: Factory,
    services: Services,
    count_queries: StatementCounter,
) -> None:
    # given
    few, _ = await catalog(services, factory, 5)
    many, _ = await catalog(services, factory, 50)

    # when
    for_few = await statements(client, count_queries, COURSES, tenant=few.slug)
    for_many = await statements(client, count_queries, COURSES, tenant=many.slug)

    # then
    assert for_few == for_many


async def test_my_courses_statements_do_not_grow_with_enrollments(
    client: httpx.AsyncClient,
    factory: Factory,
    services: Services,
    count_queries: StatementCounter,
) -> None:
    _, few_token = await catalog(services, factory, 5)
    _, many_token = await catalog(services, factory, 50)

    for_few = await statements(client, count_queries, MY_COURSES, bearer=few_token)
    for_many = await statements(client, count_queries, MY_COURSES, bearer=many_token)

    assert for_few == for_many
