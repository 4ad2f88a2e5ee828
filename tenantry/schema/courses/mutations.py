"""Course writes: staff manage courses and lessons; members enroll and record progress."""

from __future__ import annotations

import strawberry

from tenantry.core.ids import parse_id, parse_reference
from tenantry.core.inputs import parse_input
from tenantry.resolvers import courses
from tenantry.schema.context import GraphQLContext
from tenantry.schema.courses import loaders
from tenantry.schema.courses.inputs import (
    CreateCourseInput,
    CreateLessonInput,
    UpdateCourseInput,
    UpdateLessonInput,
)
from tenantry.schema.courses.types import Course, Enrollment, GQLInfo, Lesson, LessonState
from tenantry.schema.inputs import input_data


def _written(context: GraphQLContext) -> None:
    loaders.forget(context)


@strawberry.type
class Mutation:
    @strawberry.mutation
    async def create_course(self, info: GQLInfo, input: CreateCourseInput) -> Course:
        context = info.context
        data = parse_input(courses.CourseIn, input_data(input))
        course = await courses.create_course(context.session, ctx=context.ctx, data=data)
        _written(context)
        return Course.from_model(course)

    @strawberry.mutation(description="isPublished publishes or unpublishes the course.")
    async def update_course(
        self, info: GQLInfo, id: strawberry.ID, input: UpdateCourseInput
    ) -> Course:
        context = info.context
        data = parse_input(courses.CourseUpdate, input_data(input))
        course = await courses.update_course(
            context.session, ctx=context.ctx, course_id=parse_id(id, "course"), data=data
        )
        _written(context)
        return Course.from_model(course)

    @strawberry.mutation(description="Also deletes its lessons, enrollments and progress.")
    async def delete_course(self, info: GQLInfo, id: strawberry.ID) -> bool:
        context = info.context
        await courses.delete_course(
            context.session, ctx=context.ctx, course_id=parse_id(id, "course")
        )
        _written(context)
        return True

    @strawberry.mutation
    async def create_lesson(
        self, info: GQLInfo, course_id: strawberry.ID, input: CreateLessonInput
    ) -> Lesson:
        context = info.context
        data = parse_input(courses.LessonIn, input_data(input))
        lesson = await courses.create_lesson(
            context.session, ctx=context.ctx, course_id=parse_id(course_id, "course"), data=data
        )
        _written(context)
        return Lesson.from_model(lesson, readable=True)

    @strawberry.mutation
    async def update_lesson(
        self, info: GQLInfo, id: strawberry.ID, input: UpdateLessonInput
    ) -> Lesson:
        context = info.context
        data = parse_input(courses.LessonUpdate, input_data(input))
        lesson = await courses.update_lesson(
            context.session, ctx=context.ctx, lesson_id=parse_id(id, "lesson"), data=data
        )
        _written(context)
        return Lesson.from_model(lesson, readable=True)

    @strawberry.mutation(description="The lessons after it move up one place.")
    async def delete_lesson(self, info: GQLInfo, id: strawberry.ID) -> bool:
        context = info.context
        await courses.delete_lesson(
            context.session, ctx=context.ctx, lesson_id=parse_id(id, "lesson")
        )
        _written(context)
        return True

    @strawberry.mutation(description="lessonIds lists every lesson of the course once.")
    async def reorder_lessons(
        self, info: GQLInfo, course_id: strawberry.ID, lesson_ids: list[strawberry.ID]
    ) -> list[Lesson]:
        context = info.context
        ids = [parse_reference(lesson_id, "lesson_ids") for lesson_id in lesson_ids]
        lessons = await courses.reorder_lessons(
            context.session,
            ctx=context.ctx,
            course_id=parse_id(course_id, "course"),
            lesson_ids=ids,
        )
        _written(context)
        return [Lesson.from_model(lesson, readable=True) for lesson in lessons]

    @strawberry.mutation(
        description="Free courses for any member; a paid one needs a paid order for its "
        "product. Enrolling again returns the existing enrollment."
    )
    async def enroll_in_course(self, info: GQLInfo, slug: str) -> Enrollment:
        context = info.context
        enrolled = await courses.enroll_in_course(context.session, ctx=context.ctx, slug=slug)
        _written(context)
        return Enrollment.from_model(enrolled.enrollment)

    @strawberry.mutation
    async def complete_lesson(
        self, info: GQLInfo, course_slug: str, lesson_id: strawberry.ID
    ) -> LessonState:
        context = info.context
        state = await courses.complete_lesson(
            context.session,
            ctx=context.ctx,
            course_slug=course_slug,
            lesson_id=parse_id(lesson_id, "lesson"),
        )
        _written(context)
        return LessonState.from_state(state)

    @strawberry.mutation(
        description="Keeps the most seconds reported; 90 % of a known duration completes it."
    )
    async def update_lesson_progress(
        self, info: GQLInfo, course_slug: str, lesson_id: strawberry.ID, seconds_watched: int
    ) -> LessonState:
        context = info.context
        data = parse_input(courses.ProgressIn, {"seconds_watched": seconds_watched})
        state = await courses.update_lesson_progress(
            context.session,
            ctx=context.ctx,
            course_slug=course_slug,
            lesson_id=parse_id(lesson_id, "lesson"),
            data=data,
        )
        _written(context)
        return LessonState.from_state(state)
