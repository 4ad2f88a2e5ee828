"""GraphQL inputs, turned into dicts and parsed by the resolvers' pydantic models."""

from __future__ import annotations

import strawberry
from strawberry.scalars import JSON


@strawberry.input
class ShopPostFilter:
    query: str | None = None
    category_id: int | None = None
    active: bool | None = None
    post_type: str | None = None
    body_data_key: str | None = strawberry.field(
        default=None, description="Posts having this key in body_data."
    )
    body_data_value: str | None = strawberry.field(
        default=None, description="With bodyDataKey: posts whose value for the key reads so."
    )


@strawberry.input
class CreateShopPostInput:
    title: str
    content: str | None = strawberry.UNSET
    active: bool | None = strawberry.UNSET
    post_type: str | None = strawberry.UNSET
    category_id: int | None = strawberry.UNSET
    image_link: str | None = strawberry.UNSET
    body_data: JSON | None = strawberry.UNSET


@strawberry.input(description="Only the fields given change; bodyData is merged key by key.")
class UpdateShopPostInput:
    title: str | None = strawberry.UNSET
    content: str | None = strawberry.UNSET
    active: bool | None = strawberry.UNSET
    post_type: str | None = strawberry.UNSET
    category_id: int | None = strawberry.UNSET
    image_link: str | None = strawberry.UNSET
    body_data: JSON | None = strawberry.UNSET


@strawberry.input
class CreateLandingPageInput:
    name: str
    page_type: str | None = strawberry.UNSET
    keyword: str | None = strawberry.UNSET
    intro: str | None = strawberry.UNSET
    content: str | None = strawberry.UNSET
    category_id: int | None = strawberry.UNSET
    active: bool | None = strawberry.UNSET
    body_data: JSON | None = strawberry.UNSET


@strawberry.input(description="Only the fields given change; bodyData given replaces it.")
class UpdateLandingPageInput:
    name: str | None = strawberry.UNSET
    page_type: str | None = strawberry.UNSET
    keyword: str | None = strawberry.UNSET
    intro: str | None = strawberry.UNSET
    content: str | None = strawberry.UNSET
    category_id: int | None = strawberry.UNSET
    active: bool | None = strawberry.UNSET
    body_data: JSON | None = strawberry.UNSET


@strawberry.input
class CreateFeedbackInput:
    name: str
    email: str
    content: str = strawberry.field(description="Plain text, or JSON text for structured data.")
