"""Lesson positions stay 1..n in order through every staff write."""

from __future__ import annotations

import pytest

from tenantry.core.errors import NotFound, ValidationFailed
from tenantry.models.courses import Course, Lesson
from tenantry.resolvers import courses
from tenantry.serving.services import Services
from tests.conftest import Factory
from tests.resolvers.courses.support import CourseWriter
from tests.support import run


async def outline(writer: CourseWriter, course: Course) -> list[tuple[str, int]]:
    found = await run(
        writer.services, writer.tenant, lambda s: courses.lessons_by_course_ids(s, [course.id])
    )
    return [(lesson.title, lesson.position) for lesson in found[course.id or 0]]


async def test_new_lessons_are_appended(factory: Factory, services: Services) -> None:
    writer = CourseWriter(services, await factory.tenant())
    course = await writer.course()

    await writer.lessons(course, 3)

    assert await outline(writer, course) == [("Lesson 0", 1), ("Lesson 1", 2), ("Lesson 2", 3)]


async def test_a_lesson_created_at_a_position_moves_the_rest_down(
    factory: Factory, services: Services
) -> None:
    writer = CourseWriter(services, await factory.tenant())
    course = await writer.course()
    await writer.lessons(course, 2)

    await writer.lesson(course, "First", position=1)
    await writer.lesson(course, "Last", position=99)

    assert await outline(writer, course) == [
        ("First", 1),
        ("Lesson 0", 2),
        ("Lesson 1", 3),
        ("Last", 4),
    ]


async def test_moving_a_lesson_renumbers_the_others(factory: Factory, services: Services) -> None:
    writer = CourseWriter(services, await factory.tenant())
    course = await writer.course()
    lessons = await writer.lessons(course, 3)
    lesson_id = lessons[2].id or 0

    await run(
        services,
        writer.tenant,
        lambda s: courses.update_lesson(
            s, ctx=writer.ctx, lesson_id=lesson_id, data=courses.LessonUpdate(position=1)
        ),
    )

    assert await outline(writer, course) == [("Lesson 2", 1), ("Lesson 0", 2), ("Lesson 1", 3)]


async def test_deleting_a_lesson_closes_the_gap(factory: Factory, services: Services) -> None:
    writer = CourseWriter(services, await factory.tenant())
    course = await writer.course()
    lessons = await writer.lessons(course, 3)
    lesson_id = lessons[0].id or 0

    await run(
        services,
        writer.tenant,
        lambda s: courses.delete_lesson(s, ctx=writer.ctx, lesson_id=lesson_id),
    )

    assert await outline(writer, course) == [("Lesson 1", 1), ("Lesson 2", 2)]


async def test_reordering_sets_every_position(factory: Factory, services: Services) -> None:
    writer = CourseWriter(services, await factory.tenant())
    course = await writer.course()
    a, b, c = await writer.lessons(course, 3)
    order = [c.id or 0, a.id or 0, b.id or 0]

    await run(
        services,
        writer.tenant,
        lambda s: courses.reorder_lessons(
            s, ctx=writer.ctx, course_id=course.id or 0, lesson_ids=order
        ),
    )

    assert await outline(writer, course) == [("Lesson 2", 1), ("Lesson 0", 2), ("Lesson 1", 3)]


@pytest.mark.parametrize("pick", ["missing", "duplicate", "foreign"])
async def test_reordering_needs_every_lesson_exactly_once(
    factory: Factory, services: Services, pick: str
) -> None:
    # given
    writer = CourseWriter(services, await factory.tenant())
    course = await writer.course()
    a, _ = await writer.lessons(course, 2)
    [foreign] = await writer.lessons(await writer.course("Other"), 1)
    ids = {
        "missing": [a.id or 0],
        "duplicate": [a.id or 0, a.id or 0],
        "foreign": [a.id or 0, foreign.id or 0],
    }[pick]

    # when / then
    with pytest.raises(ValidationFailed) as raised:
        await run(
            services,
            writer.tenant,
            lambda s: courses.reorder_lessons(
                s, ctx=writer.ctx, course_id=course.id or 0, lesson_ids=ids
            ),
        )
    assert raised.value.fields == {"lesson_ids": [courses.REORDER_MISMATCH]}
    assert await outline(writer, course) == [("Lesson 0", 1), ("Lesson 1", 2)]


async def test_a_lesson_for_an_unknown_course_is_not_found(
    factory: Factory, services: Services
) -> None:
    writer = CourseWriter(services, await factory.tenant())

    with pytest.raises(NotFound):
        await writer.lesson(Course(id=999_999_999, slug="x", title="x"))


async def test_updating_lesson_fields(factory: Factory, services: Services) -> None:
    writer = CourseWriter(services, await factory.tenant())
    lesson = await writer.lesson(await writer.course(), video_url="https://v/1")
    data = courses.LessonUpdate.model_validate(
        {
            "title": "Renamed",
            "video_url": None,
            "attachments": [{"name": "a.pdf", "url": "https://cdn/a.pdf"}],
            "duration_seconds": 90,
            "is_preview": True,
        }
    )

    updated: Lesson = await run(
        services,
        writer.tenant,
        lambda s: courses.update_lesson(s, ctx=writer.ctx, lesson_id=lesson.id or 0, data=data),
    )

    assert (updated.title, updated.video_url, updated.duration_seconds) == ("Renamed", None, 90)
    assert updated.attachments == [{"name": "a.pdf", "url": "https://cdn/a.pdf"}]
    assert updated.is_preview is True
