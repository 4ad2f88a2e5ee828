"""Staff writes: courses and their lessons, whose positions stay 1..n in order."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from tenantry.core.access import require_admin
from tenantry.core.context import Ctx
from tenantry.core.errors import NotFound, ValidationFailed
from tenantry.models.catalog import Product
from tenantry.models.courses import Course, Lesson
from tenantry.resolvers.courses.inputs import CourseIn, CourseUpdate, LessonIn, LessonUpdate
from tenantry.resolvers.rows import row_by_id
from tenantry.resolvers.slugs import changed_slug, flush_unique, new_slug

REORDER_MISMATCH = "The lesson ids must list every lesson of the course exactly once."


async def create_course(session: AsyncSession, *, ctx: Ctx, data: CourseIn) -> Course:
    require_admin(ctx)
    await _check_product(session, data.product_id)
    slug = await new_slug(session, Course, data.slug, data.title, fallback="course")
    course = Course(
        slug=slug,
        title=data.title,
        description=data.description,
        cover_image=data.cover_image,
        product_id=data.product_id,
        is_published=data.is_published,
    )
    session.add(course)
    await flush_unique(session)
    return course


async def update_course(
    session: AsyncSession, *, ctx: Ctx, course_id: int, data: CourseUpdate
) -> Course:
    require_admin(ctx)
    course = await _course(session, course_id)
    given = data.model_fields_set
    if data.title is not None:
        course.title = data.title
    if data.slug and data.slug != course.slug:
        course.slug = await changed_slug(session, Course, data.slug, exclude_id=course.id)
    if data.description is not None:
        course.description = data.description
    if "cover_image" in given:
        course.cover_image = data.cover_image
    if "product_id" in given:
        await _check_product(session, data.product_id)
        course.product_id = data.product_id
    if data.is_published is not None:
        course.is_published = data.is_published
    await flush_unique(session)
    return course


async def delete_course(session: AsyncSession, *, ctx: Ctx, course_id: int) -> None:
    """Its lessons, enrollments and progress go with it (the foreign keys cascade)."""
    require_admin(ctx)
    await session.delete(await _course(session, course_id))
    await session.flush()


async def create_lesson(
    session: AsyncSession, *, ctx: Ctx, course_id: int, data: LessonIn
) -> Lesson:
    require_admin(ctx)
    await _course(session, course_id, lock=True)
    lessons = await _lessons(session, course_id)
    lesson = Lesson(
        course_id=course_id,
        title=data.title,
        content=data.content,
        video_url=data.video_url,
        attachments=[item.model_dump(exclude_none=True) for item in data.attachments],
        duration_seconds=data.duration_seconds,
        is_preview=data.is_preview,
    )
    session.add(lesson)
    _place(lessons, lesson, data.position)
    await session.flush()
    return lesson


async def update_lesson(
    session: AsyncSession, *, ctx: Ctx, lesson_id: int, data: LessonUpdate
) -> Lesson:
    require_admin(ctx)
    lesson = await row_by_id(session, Lesson, lesson_id, "lesson")
    given = data.model_fields_set
    if data.title is not None:
        lesson.title = data.title
    if data.content is not None:
        lesson.content = data.content
    if "video_url" in given:
        lesson.video_url = data.video_url
    if data.attachments is not None:
        lesson.attachments = [item.model_dump(exclude_none=True) for item in data.attachments]
    if data.duration_seconds is not None:
        lesson.duration_seconds = data.duration_seconds
    if data.is_preview is not None:
        lesson.is_preview = data.is_preview
    if data.position is not None:
        await _course(session, lesson.course_id, lock=True)
        others = [row for row in await _lessons(session, lesson.course_id) if row is not lesson]
        _place(others, lesson, data.position)
    await session.flush()
    return lesson


async def delete_lesson(session: AsyncSession, *, ctx: Ctx, lesson_id: int) -> None:
    """Members' progress on it goes too; the lessons after it move up one place."""
    require_admin(ctx)
    lesson = await row_by_id(session, Lesson, lesson_id, "lesson")
    await _course(session, lesson.course_id, lock=True)
    others = [row for row in await _lessons(session, lesson.course_id) if row is not lesson]
    await session.delete(lesson)
    _renumber(others)
    await session.flush()


async def reorder_lessons(
    session: AsyncSession, *, ctx: Ctx, course_id: int, lesson_ids: Sequence[int]
) -> list[Lesson]:
    """lesson_ids names every lesson of the course once, in their new order."""
    require_admin(ctx)
    await _course(session, course_id, lock=True)
    lessons = {lesson.id: lesson for lesson in await _lessons(session, course_id)}
    if len(lesson_ids) != len(lessons) or set(lesson_ids) != set(lessons):
        raise ValidationFailed.single("lesson_ids", REORDER_MISMATCH)
    ordered = [lessons[lesson_id] for lesson_id in lesson_ids]
    _renumber(ordered)
    await session.flush()
    return ordered


def _place(others: list[Lesson], lesson: Lesson, position: int | None) -> None:
    index = len(others) if position is None else min(position - 1, len(others))
    _renumber([*others[:index], lesson, *others[index:]])


def _renumber(lessons: Sequence[Lesson]) -> None:
    for number, lesson in enumerate(lessons, start=1):
        if lesson.position != number:
            lesson.position = number


async def _lessons(session: AsyncSession, course_id: int) -> list[Lesson]:
    rows = await session.scalars(
        select(Lesson)
        .where(col(Lesson.course_id) == course_id)
        .order_by(col(Lesson.position), col(Lesson.id))
    )
    return list(rows)


async def _course(session: AsyncSession, course_id: int, *, lock: bool = False) -> Course:
    """lock serializes lesson writes of one course, so concurrent ones never share a position."""
    query = select(Course).where(col(Course.id) == course_id)
    if lock:
        query = query.with_for_update(key_share=True)
    course = await session.scalar(query)
    if course is None:
        raise NotFound("course")
    return course


async def _check_product(session: AsyncSession, product_id: int | None) -> None:
    if product_id is None:
        return
    found = await session.scalar(select(Product.id).where(col(Product.id) == product_id))
    if found is None:
        raise ValidationFailed.single("product_id", "The selected product id is invalid.")
