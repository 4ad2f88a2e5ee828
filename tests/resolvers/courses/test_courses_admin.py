"""Staff course writes: slugs, products, permissions."""

from __future__ import annotations

import pytest

from tenantry.core.errors import Forbidden, Unauthenticated, ValidationFailed
from tenantry.models.courses import Course, Enrollment, Lesson
from tenantry.resolvers import courses
from tenantry.serving.services import Services
from tests.conftest import Factory
from tests.resolvers.cart.rows import product
from tests.resolvers.courses.support import CourseWriter, enroll
from tests.support import count, make_ctx, member_ctx, members, run


async def test_slugs_come_from_titles_and_stay_unique(factory: Factory, services: Services) -> None:
    writer = CourseWriter(services, await factory.tenant())

    first = await writer.course("파이썬 Basics")
    second = await writer.course("파이썬 Basics")

    assert (first.slug, second.slug) == ("파이썬-basics", "파이썬-basics-2")


async def test_an_explicit_slug_already_taken_is_refused(
    factory: Factory, services: Services
) -> None:
    writer = CourseWriter(services, await factory.tenant())
    await writer.course("One", slug="python")

    with pytest.raises(ValidationFailed) as raised:
        await writer.course("Two", slug="python")

    assert raised.value.fields == {"slug": ["The slug has already been taken."]}


async def test_an_unknown_product_is_refused(factory: Factory, services: Services) -> None:
    tenant, other = await factory.tenant(), await factory.tenant()
    foreign = await product(services, other, "Theirs")
    writer = CourseWriter(services, tenant)

    with pytest.raises(ValidationFailed) as raised:
        await writer.course("Paid", product=foreign)

    assert raised.value.fields == {"product_id": ["The selected product id is invalid."]}


async def test_update_publishes_and_links_a_product(factory: Factory, services: Services) -> None:
    tenant = await factory.tenant()
    writer = CourseWriter(services, tenant)
    ticket = await product(services, tenant, "Ticket", price=5000)
    course = await writer.course("Draft", published=False)

    updated = await writer.update(course, is_published=True, product_id=ticket.id)
    freed = await writer.update(updated, product_id=None)

    assert updated.is_published is True
    assert freed.product_id is None


async def test_deleting_a_course_removes_its_lessons_and_enrollments(
    factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    writer = CourseWriter(services, tenant)
    course = await writer.course("Gone")
    await writer.lessons(course, 2)
    [member_id] = await members(services, tenant)
    await enroll(services, tenant, member_id, "gone")

    await run(
        services,
        tenant,
        lambda s: courses.delete_course(s, ctx=writer.ctx, course_id=course.id or 0),
    )

    assert await count(services, tenant, Course) == 0
    assert await count(services, tenant, Lesson) == 0
    assert await count(services, tenant, Enrollment) == 0


async def test_members_may_not_write_courses(factory: Factory, services: Services) -> None:
    tenant = await factory.tenant()
    [member_id] = await members(services, tenant)
    ctx = member_ctx(services, tenant, member_id)

    with pytest.raises(Forbidden):
        await run(
            services,
            tenant,
            lambda s: courses.create_course(s, ctx=ctx, data=courses.CourseIn(title="Mine")),
        )


async def test_anonymous_callers_may_not_write_courses(
    factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    ctx = make_ctx(services, tenant)

    with pytest.raises(Unauthenticated):
        await run(
            services,
            tenant,
            lambda s: courses.create_course(s, ctx=ctx, data=courses.CourseIn(title="Mine")),
        )
