"""A member's side of courses: enrolling, my courses, lesson content, completion and progress."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import case, func, update
from sqlalchemy.engine import CursorResult
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from tenantry.core.access import require_member
from tenantry.core.context import Ctx
from tenantry.core.errors import Forbidden, NotFound, Unauthenticated
from tenantry.models.catalog import Product, ProductType
from tenantry.models.courses import Course, Enrollment, Lesson, LessonProgress
from tenantry.models.order import Order, OrderItem, OrderStatus
from tenantry.models.subscriptions import GRANTING_STATUSES, Subscription, SubscriptionPlan
from tenantry.resolvers.courses.inputs import ProgressIn
from tenantry.resolvers.courses.queries import (
    CourseProgress,
    lessons_by_course_ids,
    progress_by_enrollment_ids,
    summaries_by_enrollment,
)

PURCHASE_REQUIRED = "This course requires a purchase."
SUBSCRIPTION_REQUIRED = "This course requires an active subscription."
ACCESS_ENDED = "Your access to this course ended with your subscription."
NOT_ENROLLED = "You are not enrolled in this course."
# Orders that stand paid; a cancelled or refunded order buys nothing.
PAID_STATUSES = (
    OrderStatus.PAID,
    OrderStatus.PROCESSING,
    OrderStatus.SHIPPED,
    OrderStatus.COMPLETED,
)
# Watching this share of a lesson of known length completes it (seconds * 10 >= duration * 9).
AUTO_COMPLETE_TENTHS = 9


@dataclass(frozen=True)
class Enrolled:
    enrollment: Enrollment
    created: bool


@dataclass(frozen=True)
class MyCourse:
    enrollment: Enrollment
    course: Course
    progress: CourseProgress


@dataclass(frozen=True)
class MyCourseDetail(MyCourse):
    lessons: list[Lesson]
    lesson_progress: dict[int, LessonProgress]  # by lesson id


@dataclass(frozen=True)
class LessonState:
    """A lesson with the caller's progress: course is None for a reader who is not enrolled."""

    lesson: Lesson
    progress: LessonProgress | None = None
    course: MyCourse | None = None


async def enroll_in_course(session: AsyncSession, *, ctx: Ctx, slug: str) -> Enrolled:
    """Free courses for any member; a paid one needs a paid order containing its product, and
    one sold as a subscription a subscription that currently grants it. Enrolling again answers
    the existing enrollment (reopened, progress kept, if a subscription's end had closed it)."""
    member_id = require_member(ctx)
    course = await session.scalar(
        select(Course).where(col(Course.slug) == slug, col(Course.is_published).is_(True))
    )
    if course is None:
        raise NotFound("course")
    assert course.id is not None
    existing = await _enrollment_of(session, course.id, member_id)
    if existing is not None and existing.ended_at is None:
        return Enrolled(existing, created=False)
    order_id = await _entitlement(session, course=course, member_id=member_id)
    if existing is not None:
        existing.ended_at = None
        await session.flush()
        return Enrolled(existing, created=False)
    enrollment = Enrollment(
        course_id=course.id, member_id=member_id, order_id=order_id, created_at=ctx.now()
    )
    try:
        async with session.begin_nested():
            session.add(enrollment)
    except IntegrityError:
        # The member's concurrent request enrolled first; the unique key kept one row.
        existing = await _enrollment_of(session, course.id, member_id)
        if existing is None:
            raise
        return Enrolled(existing, created=False)
    return Enrolled(enrollment, created=True)


async def _entitlement(session: AsyncSession, *, course: Course, member_id: int) -> int | None:
    """The paid order that bought the course (None for a free one or a subscription's)."""
    if course.product_id is None:
        return None
    kind = await session.scalar(select(Product.type).where(col(Product.id) == course.product_id))
    if kind == ProductType.SUBSCRIPTION:
        if await subscribed_to(session, member_id=member_id, product_id=course.product_id):
            return None
        raise Forbidden(SUBSCRIPTION_REQUIRED, code="subscription_required")
    order_id = await session.scalar(
        select(Order.id)
        .join(OrderItem, col(OrderItem.order_id) == col(Order.id))
        .where(
            col(Order.member_id) == member_id,
            col(Order.status).in_(PAID_STATUSES),
            col(OrderItem.product_id) == course.product_id,
        )
        .order_by(col(Order.id))
        .limit(1)
    )
    if order_id is None:
        raise Forbidden(PURCHASE_REQUIRED, code="purchase_required")
    return int(order_id)


async def subscribed_to(session: AsyncSession, *, member_id: int, product_id: int) -> bool:
    """Whether one of the member's subscriptions to a plan of the product currently grants it."""
    found = await session.scalar(
        select(Subscription.id)
        .join(SubscriptionPlan, col(SubscriptionPlan.id) == col(Subscription.plan_id))
        .where(
            col(Subscription.member_id) == member_id,
            col(SubscriptionPlan.product_id) == product_id,
            col(Subscription.status).in_(GRANTING_STATUSES),
        )
        .limit(1)
    )
    return found is not None


async def list_my_courses(session: AsyncSession, *, ctx: Ctx) -> list[MyCourse]:
    """The member's enrollments, latest first, with their progress; three statements."""
    member_id = require_member(ctx)
    rows = (
        await session.execute(
            select(Enrollment, Course)
            .join(Course, col(Course.id) == col(Enrollment.course_id))
            .where(col(Enrollment.member_id) == member_id, col(Enrollment.ended_at).is_(None))
            .order_by(col(Enrollment.created_at).desc(), col(Enrollment.id).desc())
        )
    ).all()
    summaries = await summaries_by_enrollment(session, [enrollment for enrollment, _ in rows])
    return [
        MyCourse(enrollment, course, summaries[enrollment.id])
        for enrollment, course in rows
        if enrollment.id is not None
    ]


async def get_my_course(session: AsyncSession, *, ctx: Ctx, slug: str) -> MyCourseDetail:
    """An enrolled course keeps working for its members after it is unpublished."""
    enrollment, course = await _enrolled(session, ctx, slug)
    return await _detail(session, enrollment, course)


async def get_lesson(
    session: AsyncSession, *, ctx: Ctx, course_slug: str, lesson_id: int
) -> LessonState:
    """A lesson with its content: preview lessons for anyone, the others for enrolled members
    (and admins). Members get their progress along with it."""
    principal = ctx.principal
    member_id = principal.member_id if principal.is_member else None
    query = select(Course, Lesson, Enrollment).join(Lesson, col(Lesson.course_id) == col(Course.id))
    query = query.outerjoin(
        Enrollment,
        (col(Enrollment.course_id) == col(Course.id)) & (col(Enrollment.member_id) == member_id),
    ).where(col(Course.slug) == course_slug, col(Lesson.id) == lesson_id)
    row = (await session.execute(query)).first()
    if row is None:
        raise NotFound("lesson")
    course, lesson, found = row
    ended = found is not None and found.ended_at is not None
    enrollment: Enrollment | None = None if ended else found
    if not (course.is_published or enrollment is not None or principal.is_admin):
        raise NotFound("lesson")
    if enrollment is not None:
        return await _state(session, enrollment, course, lesson)
    if lesson.is_preview or principal.is_admin:
        return LessonState(lesson)
    if member_id is None:
        raise Unauthenticated()
    if ended:
        raise Forbidden(ACCESS_ENDED, code="access_ended")
    raise Forbidden(NOT_ENROLLED, code="not_enrolled")


async def complete_lesson(
    session: AsyncSession, *, ctx: Ctx, course_slug: str, lesson_id: int
) -> LessonState:
    """Marks the lesson completed once; completing every lesson completes the course."""
    enrollment, course, lesson = await _enrolled_lesson(session, ctx, course_slug, lesson_id)
    now = ctx.now()
    await _upsert_progress(
        session,
        enrollment,
        lesson,
        seconds=None,
        completed_at=now,
        now=now,
    )
    await _finish_course(session, enrollment, now)
    return await _state(session, enrollment, course, lesson)


async def update_lesson_progress(
    session: AsyncSession, *, ctx: Ctx, course_slug: str, lesson_id: int, data: ProgressIn
) -> LessonState:
    """Keeps the most seconds ever reported (capped at a known duration); reaching 90 % of a
    known duration completes the lesson. A lesson of unknown length (0) completes only
    through complete_lesson."""
    enrollment, course, lesson = await _enrolled_lesson(session, ctx, course_slug, lesson_id)
    now = ctx.now()
    duration = lesson.duration_seconds
    seconds = min(data.seconds_watched, duration) if duration > 0 else data.seconds_watched
    reached = duration > 0 and seconds * 10 >= duration * AUTO_COMPLETE_TENTHS
    await _upsert_progress(
        session,
        enrollment,
        lesson,
        seconds=seconds,
        completed_at=now if reached else None,
        now=now,
    )
    if reached:
        await _finish_course(session, enrollment, now)
    return await _state(session, enrollment, course, lesson)


async def _upsert_progress(
    session: AsyncSession,
    enrollment: Enrollment,
    lesson: Lesson,
    *,
    seconds: int | None,
    completed_at: datetime | None,
    now: datetime,
) -> None:
    """One conditional UPDATE that never lowers seconds nor moves a completion time; the row
    is inserted the first time, and a concurrent first insert falls back to the UPDATE."""
    where = (
        col(LessonProgress.enrollment_id) == enrollment.id,
        col(LessonProgress.lesson_id) == lesson.id,
    )
    values: dict[str, Any] = {"updated_at": now}
    if seconds is not None:
        stored = col(LessonProgress.seconds_watched)
        values["seconds_watched"] = case((stored < seconds, seconds), else_=stored)
    if completed_at is not None:
        values["completed_at"] = func.coalesce(col(LessonProgress.completed_at), completed_at)
    statement = update(LessonProgress).where(*where).values(values)
    statement = statement.execution_options(synchronize_session=False)
    result = await session.execute(statement)
    assert isinstance(result, CursorResult)
    if result.rowcount:
        return
    assert enrollment.id is not None
    assert lesson.id is not None
    row = LessonProgress(
        enrollment_id=enrollment.id,
        lesson_id=lesson.id,
        seconds_watched=seconds or 0,
        completed_at=completed_at,
        updated_at=now,
    )
    try:
        async with session.begin_nested():
            session.add(row)
    except IntegrityError:
        result = await session.execute(statement)
        assert isinstance(result, CursorResult)
        if not result.rowcount:
            raise


async def _finish_course(session: AsyncSession, enrollment: Enrollment, now: datetime) -> None:
    """The first moment every lesson is completed; adding lessons later does not undo it."""
    if enrollment.completed_at is not None:
        return
    summary = (await summaries_by_enrollment(session, [enrollment]))[enrollment.id or 0]
    if summary.total_lessons and summary.completed_lessons >= summary.total_lessons:
        enrollment.completed_at = now
        await session.flush()


async def _enrolled(session: AsyncSession, ctx: Ctx, slug: str) -> tuple[Enrollment, Course]:
    member_id = require_member(ctx)
    row = (
        await session.execute(
            select(Course, Enrollment)
            .outerjoin(
                Enrollment,
                (col(Enrollment.course_id) == col(Course.id))
                & (col(Enrollment.member_id) == member_id),
            )
            .where(col(Course.slug) == slug)
        )
    ).first()
    if row is None:
        raise NotFound("course")
    course, enrollment = row
    if enrollment is None:
        if not course.is_published:
            raise NotFound("course")
        raise Forbidden(NOT_ENROLLED, code="not_enrolled")
    if enrollment.ended_at is not None:
        raise Forbidden(ACCESS_ENDED, code="access_ended")
    return enrollment, course


async def _enrolled_lesson(
    session: AsyncSession, ctx: Ctx, slug: str, lesson_id: int
) -> tuple[Enrollment, Course, Lesson]:
    enrollment, course = await _enrolled(session, ctx, slug)
    # Progress writes of one enrollment take turns, so the last lesson's completion always
    # sees every earlier one and the course is marked completed exactly once.
    await session.execute(
        select(Enrollment)
        .where(col(Enrollment.id) == enrollment.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    lesson = await session.scalar(
        select(Lesson).where(col(Lesson.id) == lesson_id, col(Lesson.course_id) == course.id)
    )
    if lesson is None:
        raise NotFound("lesson")
    return enrollment, course, lesson


async def _detail(session: AsyncSession, enrollment: Enrollment, course: Course) -> MyCourseDetail:
    lessons = (await lessons_by_course_ids(session, [course.id]))[course.id or 0]
    progress = (await progress_by_enrollment_ids(session, [enrollment.id]))[enrollment.id or 0]
    done = sum(1 for row in progress if row.completed_at is not None)
    last = max((row.updated_at for row in progress), default=enrollment.created_at)
    summary = CourseProgress(
        completed_lessons=done,
        total_lessons=len(lessons),
        last_activity_at=last,
        completed_at=enrollment.completed_at,
    )
    return MyCourseDetail(
        enrollment=enrollment,
        course=course,
        progress=summary,
        lessons=lessons,
        lesson_progress={row.lesson_id: row for row in progress},
    )


async def _state(
    session: AsyncSession, enrollment: Enrollment, course: Course, lesson: Lesson
) -> LessonState:
    summary = (await summaries_by_enrollment(session, [enrollment]))[enrollment.id or 0]
    progress = await session.scalar(
        select(LessonProgress)
        .where(
            col(LessonProgress.enrollment_id) == enrollment.id,
            col(LessonProgress.lesson_id) == lesson.id,
        )
        .execution_options(populate_existing=True)
    )
    return LessonState(lesson, progress, MyCourse(enrollment, course, summary))


async def _enrollment_of(
    session: AsyncSession, course_id: int, member_id: int
) -> Enrollment | None:
    return await session.scalar(
        select(Enrollment).where(
            col(Enrollment.course_id) == course_id, col(Enrollment.member_id) == member_id
        )
    )
