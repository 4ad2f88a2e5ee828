"""Dialect A courses: the public catalog, enrolling, and a member's courses and lessons."""

from __future__ import annotations

from typing import Any

from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from tenantry.core.ids import parse_id
from tenantry.core.pagination import PageRequest
from tenantry.models.courses import Course, Enrollment, Lesson, LessonProgress
from tenantry.resolvers import courses
from tenantry.rest.endpoint import Call, endpoint
from tenantry.rest.envelopes import json
from tenantry.rest.formats import iso, page_meta, page_of
from tenantry.rest.spec import PAGED, Body, Param

SEARCH = Param("search", description="Only courses matching these words.")


def course_json(
    course: Course, stats: courses.CourseStats, price: courses.CoursePrice
) -> dict[str, Any]:
    return {
        "id": course.id,
        "slug": course.slug,
        "title": course.title,
        "description": course.description,
        "cover_image": course.cover_image,
        "is_free": price.is_free,
        "price": price.price,
        "currency": price.currency,
        "lesson_count": stats.lesson_count,
        "total_duration_seconds": stats.total_duration_seconds,
        "created_at": iso(course.created_at),
        "updated_at": iso(course.updated_at),
    }


def outline_json(lesson: Lesson, *, with_content: bool) -> dict[str, Any]:
    """A lesson in a course's outline; its content when the domain shows it."""
    data: dict[str, Any] = {
        "id": lesson.id,
        "title": lesson.title,
        "position": lesson.position,
        "duration_seconds": lesson.duration_seconds,
        "is_preview": lesson.is_preview,
    }
    if with_content:
        data.update(content_json(lesson))
    return data


def content_json(lesson: Lesson) -> dict[str, Any]:
    return {
        "content": lesson.content,
        "video_url": lesson.video_url,
        "attachments": lesson.attachments,
    }


def lesson_progress_json(progress: LessonProgress | None) -> dict[str, Any]:
    return {
        "completed": progress is not None and progress.completed_at is not None,
        "seconds_watched": progress.seconds_watched if progress else 0,
        "completed_at": iso(progress.completed_at) if progress else None,
    }


def enrollment_json(enrollment: Enrollment) -> dict[str, Any]:
    return {
        "id": enrollment.id,
        "course_id": enrollment.course_id,
        "order_id": enrollment.order_id,
        "enrolled_at": iso(enrollment.created_at),
        "completed_at": iso(enrollment.completed_at),
    }


def progress_json(mine: courses.MyCourse) -> dict[str, Any]:
    progress = mine.progress
    return {
        "progress_percent": progress.percent,
        "completed_lessons": progress.completed_lessons,
        "total_lessons": progress.total_lessons,
        "last_activity_at": iso(progress.last_activity_at),
        "completed_at": iso(progress.completed_at),
        "enrolled_at": iso(mine.enrollment.created_at),
    }


async def _shaped(call: Call, found: list[Course]) -> list[dict[str, Any]]:
    stats = await courses.stats_by_course_ids(call.session, (course.id for course in found))
    prices = await courses.prices_by_course(call.session, ctx=call.ctx, courses=found)
    return [
        course_json(course, stats[course.id], prices[course.id])
        for course in found
        if course.id is not None
    ]


async def list_courses(call: Call) -> Response:
    page = PageRequest.parse(call.query("page"), call.query("per_page"))
    filters = courses.CourseFilters(search=call.query("search") or None)
    found = await courses.list_courses(call.session, ctx=call.ctx, filters=filters, page=page)
    return json(
        {
            "data": await _shaped(call, found.items),
            "meta": page_meta(found),
        }
    )


async def show_course(call: Call) -> Response:
    course = await courses.get_course(call.session, ctx=call.ctx, slug=call.path("slug"))
    [data] = await _shaped(call, [course])
    lessons = await courses.lessons_by_course_ids(call.session, [course.id])
    data["lessons"] = [
        outline_json(lesson, with_content=courses.shows_lesson_content(call.ctx, lesson))
        for lesson in lessons[course.id or 0]
    ]
    return json({"data": data})


async def enroll(call: Call) -> Response:
    """Enroll the member in a free course, or one an order or subscription grants: 201, or 200
    with the enrollment the member already has."""
    enrolled = await courses.enroll_in_course(call.session, ctx=call.ctx, slug=call.path("slug"))
    return json({"data": enrollment_json(enrolled.enrollment)}, 201 if enrolled.created else 200)


async def list_my_courses(call: Call) -> Response:
    """The member's enrolled courses with their progress."""
    page = PageRequest.parse(call.query("page"), call.query("per_page"))
    found = page_of(await courses.list_my_courses(call.session, ctx=call.ctx), page)
    shaped = await _shaped(call, [item.course for item in found.items])
    return json(
        {
            "data": [
                {"course": data, **progress_json(item)}
                for data, item in zip(shaped, found.items, strict=True)
            ],
            "meta": page_meta(found),
        }
    )


async def show_my_course(call: Call) -> Response:
    """An enrolled course with every lesson, its content and the member's progress."""
    mine = await courses.get_my_course(call.session, ctx=call.ctx, slug=call.path("slug"))
    [data] = await _shaped(call, [mine.course])
    data["lessons"] = [
        {
            **outline_json(
                lesson, with_content=courses.shows_lesson_content(call.ctx, lesson, enrolled=True)
            ),
            **lesson_progress_json(mine.lesson_progress.get(lesson.id or 0)),
        }
        for lesson in mine.lessons
    ]
    data.update(progress_json(mine))
    return json({"data": data})


async def show_lesson(call: Call) -> Response:
    state = await courses.get_lesson(
        call.session,
        ctx=call.ctx,
        course_slug=call.path("slug"),
        lesson_id=parse_id(call.path("id"), "lesson"),
    )
    lesson = state.lesson
    data = {
        **outline_json(lesson, with_content=True),
        "course_id": lesson.course_id,
        **lesson_progress_json(state.progress),
    }
    return json({"data": data})


def state_json(state: courses.LessonState) -> dict[str, Any]:
    assert state.course is not None
    return {
        "lesson_id": state.lesson.id,
        **lesson_progress_json(state.progress),
        "course_progress_percent": state.course.progress.percent,
        "course_completed_at": iso(state.course.progress.completed_at),
    }


async def complete_lesson(call: Call) -> Response:
    """Mark the lesson completed; answers the lesson's and the course's progress."""
    state = await courses.complete_lesson(
        call.session,
        ctx=call.ctx,
        course_slug=call.path("slug"),
        lesson_id=parse_id(call.path("id"), "lesson"),
    )
    return json({"data": state_json(state)})


async def update_progress(call: Call) -> Response:
    """Report the seconds watched (the most ever reported is kept; 90 % of the lesson completes
    it); answers the lesson's and the course's progress."""
    data = call.parse(courses.ProgressIn, await call.json())
    state = await courses.update_lesson_progress(
        call.session,
        ctx=call.ctx,
        course_slug=call.path("slug"),
        lesson_id=parse_id(call.path("id"), "lesson"),
        data=data,
    )
    return json({"data": state_json(state)})


routes: list[BaseRoute] = [
    Route(
        "/courses",
        endpoint(list_courses, query=(*PAGED, SEARCH), public_read=True),
        methods=["GET"],
    ),
    Route("/courses/{slug}", endpoint(show_course, public_read=True), methods=["GET"]),
    Route("/courses/{slug}/enroll", endpoint(enroll, status=201, also=(200,)), methods=["POST"]),
    Route("/my/courses", endpoint(list_my_courses, query=PAGED), methods=["GET"]),
    Route("/my/courses/{slug}", endpoint(show_my_course), methods=["GET"]),
    Route("/my/courses/{slug}/lessons/{id}", endpoint(show_lesson), methods=["GET"]),
    Route("/my/courses/{slug}/lessons/{id}/complete", endpoint(complete_lesson), methods=["POST"]),
    Route(
        "/my/courses/{slug}/lessons/{id}/progress",
        endpoint(update_progress, body=Body.of(courses.ProgressIn)),
        methods=["POST"],
    ),
]
