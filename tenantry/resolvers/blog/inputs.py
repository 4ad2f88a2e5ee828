"""What blog writes accept; parsed the same way from REST bodies and GraphQL inputs."""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import Field, field_validator

from tenantry.core.inputs import Input, RowId, not_blank
from tenantry.models.blog import BlogPostStatus

MAX_CONTENT_LENGTH = 200_000
MAX_TAGS = 50


def _image_url(value: str | None) -> str | None:
    if value and not value.startswith(("http://", "https://", "/")):
        raise ValueError("must be a valid URL")
    return value or None


class PostIn(Input):
    title: str = Field(min_length=1, max_length=300)
    content: str = Field(default="", max_length=MAX_CONTENT_LENGTH)
    excerpt: str | None = Field(default=None, max_length=1000)
    slug: str | None = Field(default=None, max_length=200)
    cover_image: str | None = Field(default=None, max_length=2048)
    category_id: RowId | None = None
    tag_ids: list[RowId] = Field(default_factory=list, max_length=MAX_TAGS)

    _cover = field_validator("cover_image")(_image_url)
    _title = field_validator("title", mode="before")(not_blank)


class PostUpdate(Input):
    """Only the fields present are changed; category_id null clears the category."""

    title: str | None = Field(default=None, min_length=1, max_length=300)
    content: str | None = Field(default=None, max_length=MAX_CONTENT_LENGTH)
    excerpt: str | None = Field(default=None, max_length=1000)
    slug: str | None = Field(default=None, max_length=200)
    cover_image: str | None = Field(default=None, max_length=2048)
    category_id: RowId | None = None
    tag_ids: list[RowId] | None = Field(default=None, max_length=MAX_TAGS)

    _cover = field_validator("cover_image")(_image_url)
    _title = field_validator("title", mode="before")(not_blank)


class CategoryIn(Input):
    name: str = Field(min_length=1, max_length=200)
    slug: str | None = Field(default=None, max_length=200)
    description: str = Field(default="", max_length=5000)
    position: int = Field(default=0, ge=-1_000_000, le=1_000_000)

    _name = field_validator("name", mode="before")(not_blank)


class CategoryUpdate(Input):
    name: str | None = Field(default=None, min_length=1, max_length=200)
    slug: str | None = Field(default=None, max_length=200)
    description: str | None = Field(default=None, max_length=5000)
    position: int | None = Field(default=None, ge=-1_000_000, le=1_000_000)

    _name = field_validator("name", mode="before")(not_blank)


class TagIn(Input):
    name: str = Field(min_length=1, max_length=200)
    slug: str | None = Field(default=None, max_length=200)

    _name = field_validator("name", mode="before")(not_blank)


class TagUpdate(Input):
    name: str | None = Field(default=None, min_length=1, max_length=200)
    slug: str | None = Field(default=None, max_length=200)

    _name = field_validator("name", mode="before")(not_blank)


@dataclass(frozen=True)
class PostFilters:
    category: str | None = None  # category slug
    tag: str | None = None  # tag slug
    search: str | None = None
    include_drafts: bool = False  # admins only: every status
    status: BlogPostStatus | None = None  # admins only: exactly this stored status
