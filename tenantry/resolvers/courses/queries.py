"""Course reads for everyone, and the batch fetches both edges use to avoid a query per row."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, func, or_
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from tenantry.core.access import require_admin
from tenantry.core.context import Ctx
from tenantry.core.errors import NotFound
from tenantry.core.ids import distinct_ids
from tenantry.core.pagination import Page, PageRequest, paginate
from tenantry.models.catalog import Product
from tenantry.models.courses import Course, Enrollment, Lesson, LessonProgress
from tenantry.resolvers.catalog.fetch import products_by_ids
from tenantry.resolvers.courses.inputs import CourseFilters


@dataclass(frozen=True)
class CourseStats:
    lesson_count: int = 0
    total_duration_seconds: int = 0


NO_LESSONS = CourseStats()


@dataclass(frozen=True)
class CoursePrice:
    """A course is paid exactly when it is linked to a product; the product sets the price."""

    is_free: bool
    price: int
    currency: str


@dataclass(frozen=True)
class CourseProgress:
    completed_lessons: int
    total_lessons: int
    last_activity_at: datetime
    completed_at: datetime | None

    @property
    def percent(self) -> int:
        if self.total_lessons == 0:
            return 0
        return self.completed_lessons * 100 // self.total_lessons


def shows_lesson_content(ctx: Ctx, lesson: Lesson, *, enrolled: bool = False) -> bool:
    """Whether a lesson's content, video and attachments are shown with it: free previews to
    everyone; every lesson to admins, and to a member enrolled in its course."""
    return lesson.is_preview or enrolled or ctx.principal.is_admin


def price_of(course: Course, product: Product | None, ctx: Ctx) -> CoursePrice:
    if course.product_id is None or product is None:
        return CoursePrice(is_free=True, price=0, currency=ctx.tenant.currency)
    return CoursePrice(is_free=False, price=product.price, currency=product.currency)


async def list_courses(
    session: AsyncSession, *, ctx: Ctx, filters: CourseFilters, page: PageRequest
) -> Page[Course]:
    """Published courses, newest first; two statements."""
    query: Select[Any] = select(Course)
    if filters.include_unpublished:
        require_admin(ctx)
    else:
        query = query.where(col(Course.is_published).is_(True))
    terms = (filters.search or "").strip()
    if terms:
        query = query.where(
            or_(
                col(Course.title).icontains(terms, autoescape=True),
                col(Course.description).icontains(terms, autoescape=True),
            )
        )
    query = query.order_by(col(Course.created_at).desc(), col(Course.id).desc())
    return await paginate(session, query, page)


async def get_course(session: AsyncSession, *, ctx: Ctx, slug: str) -> Course:
    """A published course; admins also see unpublished ones."""
    course = await session.scalar(select(Course).where(col(Course.slug) == slug))
    if course is None or not (course.is_published or ctx.principal.is_admin):
        raise NotFound("course")
    return course


async def lessons_by_course_ids(
    session: AsyncSession, ids: Iterable[int | None]
) -> dict[int, list[Lesson]]:
    wanted = distinct_ids(ids)
    found: dict[int, list[Lesson]] = {course_id: [] for course_id in wanted}
    if not wanted:
        return found
    rows = await session.scalars(
        select(Lesson)
        .where(col(Lesson.course_id).in_(wanted))
        .order_by(col(Lesson.course_id), col(Lesson.position), col(Lesson.id))
    )
    for lesson in rows:
        found[lesson.course_id].append(lesson)
    return found


async def stats_by_course_ids(
    session: AsyncSession, ids: Iterable[int | None]
) -> dict[int, CourseStats]:
    wanted = distinct_ids(ids)
    if not wanted:
        return {}
    rows = await session.execute(
        select(
            Lesson.course_id,
            func.count(col(Lesson.id)),
            func.coalesce(func.sum(col(Lesson.duration_seconds)), 0),
        )
        .where(col(Lesson.course_id).in_(wanted))
        .group_by(col(Lesson.course_id))
    )
    stats = dict.fromkeys(wanted, NO_LESSONS)
    for course_id, count, duration in rows:
        stats[course_id] = CourseStats(int(count), int(duration))
    return stats


async def prices_by_course(
    session: AsyncSession, *, ctx: Ctx, courses: Sequence[Course]
) -> dict[int, CoursePrice]:
    products = await products_by_ids(session, (course.product_id for course in courses))
    return {
        course.id: price_of(course, products.get(course.product_id or 0), ctx)
        for course in courses
        if course.id is not None
    }


async def progress_by_enrollment_ids(
    session: AsyncSession, ids: Iterable[int | None]
) -> dict[int, list[LessonProgress]]:
    """Each enrollment's progress rows on lessons that still exist, in lesson order."""
    wanted = distinct_ids(ids)
    found: dict[int, list[LessonProgress]] = {enrollment_id: [] for enrollment_id in wanted}
    if not wanted:
        return found
    rows = await session.scalars(
        select(LessonProgress)
        .join(Lesson, col(Lesson.id) == col(LessonProgress.lesson_id))
        .where(col(LessonProgress.enrollment_id).in_(wanted))
        .order_by(col(Lesson.position), col(Lesson.id))
    )
    for row in rows:
        found[row.enrollment_id].append(row)
    return found


async def summaries_by_enrollment(
    session: AsyncSession, enrollments: Sequence[Enrollment]
) -> dict[int, CourseProgress]:
    """Completed and total lessons, and the latest activity, of each enrollment: two statements."""
    wanted = distinct_ids(enrollment.id for enrollment in enrollments)
    if not wanted:
        return {}
    stats = await stats_by_course_ids(session, (e.course_id for e in enrollments))
    rows = await session.execute(
        select(
            LessonProgress.enrollment_id,
            func.count(col(LessonProgress.completed_at)),
            func.max(col(LessonProgress.updated_at)),
        )
        .join(Lesson, col(Lesson.id) == col(LessonProgress.lesson_id))
        .where(col(LessonProgress.enrollment_id).in_(wanted))
        .group_by(col(LessonProgress.enrollment_id))
    )
    activity = {enrollment_id: (int(done), last) for enrollment_id, done, last in rows}
    summaries: dict[int, CourseProgress] = {}
    for enrollment in enrollments:
        assert enrollment.id is not None
        done, last = activity.get(enrollment.id, (0, None))
        summaries[enrollment.id] = CourseProgress(
            completed_lessons=done,
            total_lessons=stats.get(enrollment.course_id, NO_LESSONS).lesson_count,
            last_activity_at=last or enrollment.created_at,
            completed_at=enrollment.completed_at,
        )
    return summaries
