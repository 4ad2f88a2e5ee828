"""GraphQL inputs. Each is turned into a dict and parsed by the resolvers' pydantic models."""

from __future__ import annotations

import dataclasses
from typing import Any

import strawberry


def input_data(value: object) -> dict[str, Any]:
    """The fields the client sent, by their Python (snake_case) names; unset ones left out."""
    assert dataclasses.is_dataclass(value)
    return {
        field.name: getattr(value, field.name)
        for field in dataclasses.fields(value)
        if getattr(value, field.name) is not strawberry.UNSET
    }


@strawberry.input
class CreateBlogPostInput:
    title: str
    content: str | None = strawberry.UNSET
    excerpt: str | None = strawberry.UNSET
    slug: str | None = strawberry.UNSET
    cover_image: str | None = strawberry.UNSET
    category_id: strawberry.ID | None = strawberry.UNSET
    tag_ids: list[strawberry.ID] | None = strawberry.UNSET


@strawberry.input(description="Only the fields given change; categoryId null clears it.")
class UpdateBlogPostInput:
    title: str | None = strawberry.UNSET
    content: str | None = strawberry.UNSET
    excerpt: str | None = strawberry.UNSET
    slug: str | None = strawberry.UNSET
    cover_image: str | None = strawberry.UNSET
    category_id: strawberry.ID | None = strawberry.UNSET
    tag_ids: list[strawberry.ID] | None = strawberry.UNSET


@strawberry.input
class CreateBlogCategoryInput:
    name: str
    slug: str | None = strawberry.UNSET
    description: str | None = strawberry.UNSET
    position: int | None = strawberry.UNSET


@strawberry.input
class UpdateBlogCategoryInput:
    name: str | None = strawberry.UNSET
    slug: str | None = strawberry.UNSET
    description: str | None = strawberry.UNSET
    position: int | None = strawberry.UNSET


@strawberry.input
class CreateBlogTagInput:
    name: str
    slug: str | None = strawberry.UNSET


@strawberry.input
class UpdateBlogTagInput:
    name: str | None = strawberry.UNSET
    slug: str | None = strawberry.UNSET
