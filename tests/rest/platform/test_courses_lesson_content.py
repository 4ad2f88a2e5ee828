"""Which lessons show their content is the domain's rule: REST and GraphQL answer alike."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tenantry.serving.services import Services
from tests.conftest import Factory, TenantFixture
from tests.resolvers.courses.support import CourseWriter, enroll
from tests.support import bearer, graphql, member_token, members

COURSE = """
query($slug: String!) { course(slug: $slug) { lessons { title content } } }
"""
MY_COURSE = """
query($slug: String!) { myCourse(slug: $slug) { lessons { lesson { title content } } } }
"""


async def python_course(services: Services, tenant: TenantFixture) -> None:
    writer = CourseWriter(services, tenant)
    course = await writer.course("Python 101")
    await writer.lesson(course, "Preview", content="free", is_preview=True)
    await writer.lesson(course, "Paid", content="paid")


def outline(lessons: list[dict[str, Any]]) -> dict[str, str | None]:
    return {lesson["title"]: lesson.get("content") for lesson in lessons}


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("anonymous", {"Preview": "free", "Paid": None}),
        ("secret key", {"Preview": "free", "Paid": "paid"}),
    ],
)
async def test_the_outline_shows_the_same_content_on_both_interfaces(
    client: httpx.AsyncClient,
    services: Services,
    factory: Factory,
    who: str,
    expected: dict[str, str | None],
) -> None:
    # given
    tenant = await factory.tenant()
    await python_course(services, tenant)
    token = tenant.secret_key if who == "secret key" else None
    headers = bearer(token) if token else {}
    # when
    rest = await client.get(f"/api/{tenant.slug}/courses/python-101", headers=headers)
    gql = await graphql(client, COURSE, {"slug": "python-101"}, tenant=tenant.slug, bearer=token)
    # then
    assert outline(rest.json()["data"]["lessons"]) == expected
    assert outline(gql["data"]["course"]["lessons"]) == expected


async def test_an_enrolled_member_sees_every_lesson_on_both_interfaces(
    client: httpx.AsyncClient, services: Services, factory: Factory
) -> None:
    # given
    tenant = await factory.tenant()
    await python_course(services, tenant)
    [member_id] = await members(services, tenant)
    await enroll(services, tenant, member_id, "python-101")
    token = await member_token(services, tenant, member_id)
    expected = {"Preview": "free", "Paid": "paid"}
    # when
    rest = await client.get(f"/api/{tenant.slug}/my/courses/python-101", headers=bearer(token))
    gql = await graphql(client, MY_COURSE, {"slug": "python-101"}, tenant=tenant.slug, bearer=token)
    # then
    assert outline(rest.json()["data"]["lessons"]) == expected
    assert outline([item["lesson"] for item in gql["data"]["myCourse"]["lessons"]]) == expected
