from __future__ import annotations

from typing import Annotated

import strawberry

from tenantry.core.ids import parse_id
from tenantry.core.pagination import DEFAULT_PER_PAGE, PageRequest
from tenantry.resolvers import courses
from tenantry.schema.courses.types import Course, CoursePage, GQLInfo, LessonState, MyCourse
from tenantry.schema.pagination import PageInfo


@strawberry.type
class Query:
    @strawberry.field(description="Published courses, newest first.")
    async def courses(
        self,
        info: GQLInfo,
        search: str | None = None,
        page: int = 1,
        per_page: int = DEFAULT_PER_PAGE,
        include_unpublished: Annotated[
            bool, strawberry.argument(description="Admins only: unpublished courses too.")
        ] = False,
    ) -> CoursePage:
        context = info.context
        request = PageRequest.parse(page, per_page)
        filters = courses.CourseFilters(
            search=search or None, include_unpublished=include_unpublished
        )
        found = await courses.list_courses(
            context.session, ctx=context.ctx, filters=filters, page=request
        )
        return CoursePage(
            items=[Course.from_model(course) for course in found.items],
            page_info=PageInfo.from_page(found),
        )

    @strawberry.field(description="A published course (admins also see unpublished ones).")
    async def course(self, info: GQLInfo, slug: str) -> Course | None:
        context = info.context
        return Course.from_model(
            await courses.get_course(context.session, ctx=context.ctx, slug=slug)
        )

    @strawberry.field(description="The member's courses, latest enrollment first.")
    async def my_courses(self, info: GQLInfo) -> list[MyCourse]:
        context = info.context
        found = await courses.list_my_courses(context.session, ctx=context.ctx)
        return [MyCourse.from_mine(mine) for mine in found]

    @strawberry.field
    async def my_course(self, info: GQLInfo, slug: str) -> MyCourse | None:
        context = info.context
        mine = await courses.get_my_course(context.session, ctx=context.ctx, slug=slug)
        return MyCourse.from_mine(mine)

    @strawberry.field(
        description="A lesson's content: previews for anyone, the rest for enrolled members."
    )
    async def lesson(
        self, info: GQLInfo, course_slug: str, id: strawberry.ID
    ) -> LessonState | None:
        context = info.context
        state = await courses.get_lesson(
            context.session,
            ctx=context.ctx,
            course_slug=course_slug,
            lesson_id=parse_id(id, "lesson"),
        )
        return LessonState.from_state(state)
