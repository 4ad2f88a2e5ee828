"""Staff course and lesson mutations over GraphQL."""

from __future__ import annotations

import httpx

from tenantry.models.tenant import StaffRole
from tenantry.serving.services import Services
from tests.conftest import Factory
from tests.resolvers.cart.rows import product
from tests.resolvers.courses.support import CourseWriter
from tests.support import error_codes, graphql, member_token, members, staff_token

CREATE = """
mutation($input: CreateCourseInput!) {
  createCourse(input: $input) {
    id slug title isPublished isFree price currency lessonCount productId
  }
}
"""
UPDATE = """
mutation($id: ID!, $input: UpdateCourseInput!) {
  updateCourse(id: $id, input: $input) { slug isPublished productId isFree price }
}
"""
DELETE = "mutation($id: ID!) { deleteCourse(id: $id) }"
CREATE_LESSON = """
mutation($courseId: ID!, $input: CreateLessonInput!) {
  createLesson(courseId: $courseId, input: $input) {
    id title position durationSeconds isPreview content videoUrl attachments
  }
}
"""
UPDATE_LESSON = """
mutation($id: ID!, $input: UpdateLessonInput!) {
  updateLesson(id: $id, input: $input) { title position }
}
"""
DELETE_LESSON = "mutation($id: ID!) { deleteLesson(id: $id) }"
REORDER = """
mutation($courseId: ID!, $ids: [ID!]!) {
  reorderLessons(courseId: $courseId, lessonIds: $ids) { id position }
}
"""
OUTLINE = "query($slug: String!) { course(slug: $slug) { lessons { title position } } }"


async def test_staff_create_and_publish_a_paid_course(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant(currency="EUR")
    staff_id, _ = await factory.staff(tenant, role=StaffRole.ADMIN)
    token = await staff_token(services, tenant, staff_id)
    ticket = await product(services, tenant, "Ticket", price=2500)

    # when
    created = await graphql(client, CREATE, {"input": {"title": "Async Python"}}, bearer=token)
    course_id = created["data"]["createCourse"]["id"]
    updated = await graphql(
        client,
        UPDATE,
        {"id": course_id, "input": {"isPublished": True, "productId": str(ticket.id)}},
        bearer=token,
    )

    # then
    assert created["data"]["createCourse"] == {
        "id": course_id,
        "slug": "async-python",
        "title": "Async Python",
        "isPublished": False,
        "isFree": True,
        "price": 0,
        "currency": "EUR",
        "lessonCount": 0,
        "productId": None,
    }
    assert updated["data"]["updateCourse"] == {
        "slug": "async-python",
        "isPublished": True,
        "productId": str(ticket.id),
        "isFree": False,
        "price": 2500,
    }


async def test_members_may_not_create_courses(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    [member_id] = await members(services, tenant)
    token = await member_token(services, tenant, member_id)

    body = await graphql(client, CREATE, {"input": {"title": "Mine"}}, bearer=token)

    assert error_codes(body) == ["FORBIDDEN"]


async def test_bad_course_input_is_bad_user_input(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    tenant = await factory.tenant()

    body = await graphql(
        client,
        CREATE,
        {"input": {"title": " ", "coverImage": "ftp://x"}},
        bearer=tenant.secret_key,
    )

    assert error_codes(body) == ["BAD_USER_INPUT"]
    assert set(body["errors"][0]["extensions"]["fields"]) == {"title", "cover_image"}


async def test_staff_manage_lessons_in_order(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    key = tenant.secret_key
    course = await CourseWriter(services, tenant).course("Python 101")
    attachments = [{"name": "a.pdf", "url": "https://cdn/a.pdf"}]

    # when
    ids = []
    for title in ("One", "Two", "Three"):
        body = await graphql(
            client,
            CREATE_LESSON,
            {
                "courseId": str(course.id),
                "input": {"title": title, "durationSeconds": 60, "attachments": attachments},
            },
            bearer=key,
        )
        ids.append(body["data"]["createLesson"]["id"])
    await graphql(client, UPDATE_LESSON, {"id": ids[0], "input": {"position": 3}}, bearer=key)
    await graphql(client, DELETE_LESSON, {"id": ids[1]}, bearer=key)
    outline = await graphql(client, OUTLINE, {"slug": "python-101"}, bearer=key)

    # then
    assert outline["data"]["course"]["lessons"] == [
        {"title": "Three", "position": 1},
        {"title": "One", "position": 2},
    ]


async def test_reorder_lessons(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    writer = CourseWriter(services, tenant)
    course = await writer.course("Python 101")
    a, b = await writer.lessons(course, 2)

    body = await graphql(
        client,
        REORDER,
        {"courseId": str(course.id), "ids": [str(b.id), str(a.id)]},
        bearer=tenant.secret_key,
    )

    assert body["data"]["reorderLessons"] == [
        {"id": str(b.id), "position": 1},
        {"id": str(a.id), "position": 2},
    ]


async def test_reorder_with_a_missing_lesson_is_bad_user_input(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    writer = CourseWriter(services, tenant)
    course = await writer.course("Python 101")
    a, _ = await writer.lessons(course, 2)

    body = await graphql(
        client, REORDER, {"courseId": str(course.id), "ids": [str(a.id)]}, bearer=tenant.secret_key
    )

    assert error_codes(body) == ["BAD_USER_INPUT"]


async def test_delete_course(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    course = await CourseWriter(services, tenant).course("Gone")

    deleted = await graphql(client, DELETE, {"id": str(course.id)}, bearer=tenant.secret_key)
    again = await graphql(client, DELETE, {"id": str(course.id)}, bearer=tenant.secret_key)

    assert deleted["data"] == {"deleteCourse": True}
    assert error_codes(again) == ["NOT_FOUND"]
