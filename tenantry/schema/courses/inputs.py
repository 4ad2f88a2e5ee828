"""GraphQL inputs for staff course writes; parsed by the resolvers' pydantic models."""

from __future__ import annotations

import strawberry
from strawberry.scalars import JSON


@strawberry.input
class CreateCourseInput:
    title: str
    slug: str | None = strawberry.UNSET
    description: str | None = strawberry.UNSET
    cover_image: str | None = strawberry.UNSET
    product_id: strawberry.ID | None = strawberry.UNSET
    is_published: bool | None = strawberry.UNSET


@strawberry.input(description="Only the fields given change; productId null makes it free.")
class UpdateCourseInput:
    title: str | None = strawberry.UNSET
    slug: str | None = strawberry.UNSET
    description: str | None = strawberry.UNSET
    cover_image: str | None = strawberry.UNSET
    product_id: strawberry.ID | None = strawberry.UNSET
    is_published: bool | None = strawberry.UNSET


@strawberry.input(description="Attachments: a list of {name, url, size?}.")
class CreateLessonInput:
    title: str
    content: str | None = strawberry.UNSET
    video_url: str | None = strawberry.UNSET
    attachments: JSON | None = strawberry.UNSET
    duration_seconds: int | None = strawberry.UNSET
    is_preview: bool | None = strawberry.UNSET
    position: int | None = strawberry.field(
        default=strawberry.UNSET, description="1-based; absent appends the lesson."
    )


@strawberry.input
class UpdateLessonInput:
    title: str | None = strawberry.UNSET
    content: str | None = strawberry.UNSET
    video_url: str | None = strawberry.UNSET
    attachments: JSON | None = strawberry.UNSET
    duration_seconds: int | None = strawberry.UNSET
    is_preview: bool | None = strawberry.UNSET
    position: int | None = strawberry.UNSET
