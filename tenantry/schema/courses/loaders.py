"""The courses' per-operation DataLoaders: one statement per relation for a whole list."""

from __future__ import annotations

from strawberry.dataloader import DataLoader

from tenantry.models.catalog import Product
from tenantry.models.courses import Lesson, LessonProgress
from tenantry.resolvers import courses
from tenantry.resolvers.catalog.fetch import products_by_ids
from tenantry.schema import dataloaders
from tenantry.schema.context import GraphQLContext
from tenantry.schema.dataloaders import batch_loader

NAMES = (
    "course_lessons_by_course_id",
    "course_stats_by_course_id",
    "course_product_by_id",
    "course_progress_by_enrollment_id",
)


def forget(context: GraphQLContext) -> None:
    dataloaders.forget(context, *NAMES)


def lessons_by_course_id(context: GraphQLContext) -> DataLoader[int, list[Lesson]]:
    return batch_loader(context, "course_lessons_by_course_id", courses.lessons_by_course_ids, [])


def stats_by_course_id(context: GraphQLContext) -> DataLoader[int, courses.CourseStats]:
    return batch_loader(
        context, "course_stats_by_course_id", courses.stats_by_course_ids, courses.CourseStats()
    )


def product_by_id(context: GraphQLContext) -> DataLoader[int, Product | None]:
    return batch_loader(context, "course_product_by_id", products_by_ids, None)


def progress_by_enrollment_id(
    context: GraphQLContext,
) -> DataLoader[int, list[LessonProgress]]:
    return batch_loader(
        context, "course_progress_by_enrollment_id", courses.progress_by_enrollment_ids, []
    )
