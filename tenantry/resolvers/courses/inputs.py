"""What course writes accept; parsed the same way from REST bodies and GraphQL inputs."""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import Field, field_validator

from tenantry.core.inputs import Input, RowId, not_blank

MAX_CONTENT_LENGTH = 200_000
MAX_ATTACHMENTS = 50
# A lesson longer than a day is a data-entry mistake, not a lesson.
MAX_DURATION_SECONDS = 86_400
MAX_POSITION = 100_000


def _url(value: str | None) -> str | None:
    if value and not value.startswith(("http://", "https://", "/")):
        raise ValueError("must be a valid URL")
    return value or None


class CourseIn(Input):
    title: str = Field(min_length=1, max_length=300)
    slug: str | None = Field(default=None, max_length=200)
    description: str = Field(default="", max_length=MAX_CONTENT_LENGTH)
    cover_image: str | None = Field(default=None, max_length=2048)
    product_id: RowId | None = None
    is_published: bool = False

    _cover = field_validator("cover_image")(_url)
    _title = field_validator("title", mode="before")(not_blank)


class CourseUpdate(Input):
    """Only the fields present change; product_id null makes the course free."""

    title: str | None = Field(default=None, min_length=1, max_length=300)
    slug: str | None = Field(default=None, max_length=200)
    description: str | None = Field(default=None, max_length=MAX_CONTENT_LENGTH)
    cover_image: str | None = Field(default=None, max_length=2048)
    product_id: RowId | None = None
    is_published: bool | None = None

    _cover = field_validator("cover_image")(_url)
    _title = field_validator("title", mode="before")(not_blank)


class AttachmentIn(Input):
    name: str = Field(min_length=1, max_length=300)
    url: str = Field(min_length=1, max_length=2048)
    size: int | None = Field(default=None, ge=0)

    _link = field_validator("url")(_url)


class LessonIn(Input):
    title: str = Field(min_length=1, max_length=300)
    content: str = Field(default="", max_length=MAX_CONTENT_LENGTH)
    video_url: str | None = Field(default=None, max_length=2048)
    attachments: list[AttachmentIn] = Field(default_factory=list, max_length=MAX_ATTACHMENTS)
    duration_seconds: int = Field(default=0, ge=0, le=MAX_DURATION_SECONDS)
    is_preview: bool = False
    # 1-based; absent or past the end appends the lesson.
    position: int | None = Field(default=None, ge=1, le=MAX_POSITION)

    _video = field_validator("video_url")(_url)
    _title = field_validator("title", mode="before")(not_blank)


class LessonUpdate(Input):
    title: str | None = Field(default=None, min_length=1, max_length=300)
    content: str | None = Field(default=None, max_length=MAX_CONTENT_LENGTH)
    video_url: str | None = Field(default=None, max_length=2048)
    attachments: list[AttachmentIn] | None = Field(default=None, max_length=MAX_ATTACHMENTS)
    duration_seconds: int | None = Field(default=None, ge=0, le=MAX_DURATION_SECONDS)
    is_preview: bool | None = None
    position: int | None = Field(default=None, ge=1, le=MAX_POSITION)

    _video = field_validator("video_url")(_url)
    _title = field_validator("title", mode="before")(not_blank)


class ReorderIn(Input):
    lesson_ids: list[RowId] = Field(max_length=MAX_POSITION)


class ProgressIn(Input):
    seconds_watched: int = Field(ge=0, le=MAX_DURATION_SECONDS * 10)


@dataclass(frozen=True)
class CourseFilters:
    search: str | None = None
    include_unpublished: bool = False  # admins only
