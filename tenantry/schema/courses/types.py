"""Course object types. Lessons, totals, prices and progress resolve through loaders."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import strawberry
from strawberry.scalars import JSON
from strawberry.types import Info

from tenantry.models import courses as rows
from tenantry.resolvers import courses
from tenantry.schema.context import GraphQLContext
from tenantry.schema.courses import loaders
from tenantry.schema.ids import graphql_id
from tenantry.schema.pagination import PageInfo

GQLInfo = Info[GraphQLContext, None]


@strawberry.type(description="content, videoUrl and attachments are null unless readable.")
class Lesson:
    id: strawberry.ID
    course_id: strawberry.ID
    title: str
    position: int
    duration_seconds: int
    is_preview: bool
    content: str | None
    video_url: str | None
    attachments: JSON | None

    @classmethod
    def from_model(cls, lesson: rows.Lesson, *, readable: bool) -> Lesson:
        attachments: Any = lesson.attachments if readable else None
        return cls(
            id=graphql_id(lesson.id),
            course_id=graphql_id(lesson.course_id),
            title=lesson.title,
            position=lesson.position,
            duration_seconds=lesson.duration_seconds,
            is_preview=lesson.is_preview,
            content=lesson.content if readable else None,
            video_url=lesson.video_url if readable else None,
            attachments=attachments,
        )


@strawberry.type
class Course:
    id: strawberry.ID
    slug: str
    title: str
    description: str
    cover_image: str | None
    is_published: bool
    product_id: strawberry.ID | None
    created_at: datetime
    updated_at: datetime
    row: strawberry.Private[rows.Course]

    @classmethod
    def from_model(cls, course: rows.Course) -> Course:
        return cls(
            id=graphql_id(course.id),
            slug=course.slug,
            title=course.title,
            description=course.description,
            cover_image=course.cover_image,
            is_published=course.is_published,
            product_id=graphql_id(course.product_id) if course.product_id is not None else None,
            created_at=course.created_at,
            updated_at=course.updated_at,
            row=course,
        )

    async def _price(self, info: GQLInfo) -> courses.CoursePrice:
        product = None
        if self.row.product_id is not None:
            product = await loaders.product_by_id(info.context).load(self.row.product_id)
        return courses.price_of(self.row, product, info.context.ctx)

    @strawberry.field(description="No product linked: anyone may enroll.")
    async def is_free(self, info: GQLInfo) -> bool:
        return (await self._price(info)).is_free

    @strawberry.field(description="The product's price in minor units; 0 when free.")
    async def price(self, info: GQLInfo) -> int:
        return (await self._price(info)).price

    @strawberry.field
    async def currency(self, info: GQLInfo) -> str:
        return (await self._price(info)).currency

    @strawberry.field
    async def lesson_count(self, info: GQLInfo) -> int:
        stats = await loaders.stats_by_course_id(info.context).load(self.row.id or 0)
        return stats.lesson_count

    @strawberry.field
    async def total_duration_seconds(self, info: GQLInfo) -> int:
        stats = await loaders.stats_by_course_id(info.context).load(self.row.id or 0)
        return stats.total_duration_seconds

    @strawberry.field(description="The outline; content only for previews (and for admins).")
    async def lessons(self, info: GQLInfo) -> list[Lesson]:
        ctx = info.context.ctx
        found = await loaders.lessons_by_course_id(info.context).load(self.row.id or 0)
        return [
            Lesson.from_model(row, readable=courses.shows_lesson_content(ctx, row)) for row in found
        ]


@strawberry.type
class CoursePage:
    items: list[Course]
    page_info: PageInfo


@strawberry.type
class Enrollment:
    id: strawberry.ID
    course_id: strawberry.ID
    order_id: strawberry.ID | None
    enrolled_at: datetime
    completed_at: datetime | None

    @classmethod
    def from_model(cls, enrollment: rows.Enrollment) -> Enrollment:
        order_id = enrollment.order_id
        return cls(
            id=graphql_id(enrollment.id),
            course_id=graphql_id(enrollment.course_id),
            order_id=graphql_id(order_id) if order_id is not None else None,
            enrolled_at=enrollment.created_at,
            completed_at=enrollment.completed_at,
        )


@strawberry.type(description="A lesson with its content and the member's progress on it.")
class LessonState:
    lesson: Lesson
    completed: bool
    seconds_watched: int
    completed_at: datetime | None
    course: MyCourse | None = strawberry.field(description="Null for a reader not enrolled.")

    @classmethod
    def build(
        cls,
        lesson: rows.Lesson,
        progress: rows.LessonProgress | None,
        course: MyCourse | None = None,
    ) -> LessonState:
        return cls(
            lesson=Lesson.from_model(lesson, readable=True),
            completed=progress is not None and progress.completed_at is not None,
            seconds_watched=progress.seconds_watched if progress else 0,
            completed_at=progress.completed_at if progress else None,
            course=course,
        )

    @classmethod
    def from_state(cls, state: courses.LessonState) -> LessonState:
        mine = MyCourse.from_mine(state.course) if state.course else None
        return cls.build(state.lesson, state.progress, mine)


@strawberry.type(description="A course the member is enrolled in, with their progress.")
class MyCourse:
    course: Course
    enrollment: Enrollment
    progress_percent: int = strawberry.field(description="Completed / total lessons, floored.")
    completed_lessons: int
    total_lessons: int
    last_activity_at: datetime
    completed_at: datetime | None

    @classmethod
    def from_mine(cls, mine: courses.MyCourse) -> MyCourse:
        progress = mine.progress
        return cls(
            course=Course.from_model(mine.course),
            enrollment=Enrollment.from_model(mine.enrollment),
            progress_percent=progress.percent,
            completed_lessons=progress.completed_lessons,
            total_lessons=progress.total_lessons,
            last_activity_at=progress.last_activity_at,
            completed_at=progress.completed_at,
        )

    @strawberry.field
    async def lessons(self, info: GQLInfo) -> list[LessonState]:
        course_id = int(self.course.id)
        found = await loaders.lessons_by_course_id(info.context).load(course_id)
        progress = await loaders.progress_by_enrollment_id(info.context).load(
            int(self.enrollment.id)
        )
        by_lesson = {row.lesson_id: row for row in progress}
        return [LessonState.build(row, by_lesson.get(row.id or 0)) for row in found]
