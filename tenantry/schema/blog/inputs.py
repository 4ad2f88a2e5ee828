"""GraphQL inputs. Each is turned into a dict and parsed by the resolvers' pydantic models."""

from __future__ import annotations

import strawberry


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
