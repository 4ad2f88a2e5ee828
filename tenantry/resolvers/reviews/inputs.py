"""What review writes and lists accept; parsed the same way from REST and GraphQL."""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field, field_validator

from tenantry.core.inputs import Input, not_blank

MAX_IMAGES = 5
MAX_CONTENT_LENGTH = 5000
MAX_URL_LENGTH = 2048


class ReviewSort(StrEnum):
    NEWEST = "newest"
    HELPFUL = "helpful"
    RATING_DESC = "rating_desc"
    RATING_ASC = "rating_asc"


def _images(value: list[str] | None) -> list[str] | None:
    if value is None:
        return None
    for url in value:
        if not url.startswith(("http://", "https://", "/")) or len(url) > MAX_URL_LENGTH:
            raise ValueError("must contain valid URLs only")
    return value


class ReviewIn(Input):
    rating: int = Field(ge=1, le=5)
    title: str = Field(default="", max_length=200)
    content: str = Field(min_length=1, max_length=MAX_CONTENT_LENGTH)
    images: list[str] = Field(default_factory=list, max_length=MAX_IMAGES)

    _content = field_validator("content", mode="before")(not_blank)
    _images = field_validator("images")(_images)


class ReviewUpdate(Input):
    """Only the fields present change."""

    rating: int | None = Field(default=None, ge=1, le=5)
    title: str | None = Field(default=None, max_length=200)
    content: str | None = Field(default=None, min_length=1, max_length=MAX_CONTENT_LENGTH)
    images: list[str] | None = Field(default=None, max_length=MAX_IMAGES)

    _content = field_validator("content", mode="before")(not_blank)
    _images = field_validator("images")(_images)


class ReviewQuery(Input):
    rating: int | None = Field(default=None, ge=1, le=5)
    sort: ReviewSort = ReviewSort.NEWEST
