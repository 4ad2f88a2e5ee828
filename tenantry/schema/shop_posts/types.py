"""Shop posts, landing pages and feedback as GraphQL types."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import strawberry
from strawberry.scalars import JSON
from strawberry.types import Info

from tenantry.core.pagination import Page
from tenantry.models import shop_posts as rows
from tenantry.resolvers import shop_posts
from tenantry.schema.context import GraphQLContext
from tenantry.schema.ids import graphql_id
from tenantry.schema.pagination import PageInfo

GQLInfo = Info[GraphQLContext, None]


@strawberry.type
class ShopPost:
    id: strawberry.ID
    title: str
    slug: str
    content: str
    active: bool
    post_type: str | None
    category_id: int | None
    image_link: str | None
    body_data: JSON
    dynamic_variables_count: int
    available_keys: list[str] = strawberry.field(description="body_data's keys, sorted.")
    created_at: datetime
    updated_at: datetime

    @classmethod
    def from_model(cls, post: rows.ShopPost) -> ShopPost:
        return cls(
            id=graphql_id(post.id),
            title=post.title,
            slug=post.slug,
            content=post.content,
            active=post.active,
            post_type=post.post_type,
            category_id=post.category_id,
            image_link=post.image_link,
            body_data=JSON(post.body_data),
            dynamic_variables_count=len(post.body_data),
            available_keys=sorted(post.body_data),
            created_at=post.created_at,
            updated_at=post.updated_at,
        )


@strawberry.type
class ShopPostPage:
    items: list[ShopPost]
    page_info: PageInfo

    @classmethod
    def from_page(cls, page: Page[rows.ShopPost]) -> ShopPostPage:
        return cls(
            items=[ShopPost.from_model(post) for post in page.items],
            page_info=PageInfo.from_page(page),
        )


@strawberry.type
class LandingPage:
    id: strawberry.ID
    name: str
    slug: str
    page_type: str = strawberry.field(description="static or dynamic.")
    keyword: str
    intro: str
    content: str
    category_id: int | None
    active: bool
    copy_from_id: strawberry.ID | None
    body_data: JSON
    created_at: datetime
    updated_at: datetime

    @classmethod
    def from_model(cls, page: rows.LandingPage) -> LandingPage:
        return cls(
            id=graphql_id(page.id),
            name=page.name,
            slug=page.slug,
            page_type=page.page_type,
            keyword=page.keyword,
            intro=page.intro,
            content=page.content,
            category_id=page.category_id,
            active=page.active,
            copy_from_id=graphql_id(page.copy_from_id) if page.copy_from_id is not None else None,
            body_data=JSON(page.body_data),
            created_at=page.created_at,
            updated_at=page.updated_at,
        )


@strawberry.type
class LandingPagePage:
    items: list[LandingPage]
    page_info: PageInfo

    @classmethod
    def from_page(cls, page: Page[rows.LandingPage]) -> LandingPagePage:
        return cls(
            items=[LandingPage.from_model(item) for item in page.items],
            page_info=PageInfo.from_page(page),
        )


@strawberry.type
class Feedback:
    id: strawberry.ID
    name: str
    email: str
    content: str = strawberry.field(description="As sent: plain text or JSON text.")
    structured: JSON | None = strawberry.field(
        description="content parsed, when it is the JSON text of an object."
    )
    created_at: datetime
    updated_at: datetime

    @classmethod
    def from_model(cls, feedback: rows.Feedback) -> Feedback:
        parsed: dict[str, Any] | None = shop_posts.structured(feedback.content)
        return cls(
            id=graphql_id(feedback.id),
            name=feedback.name,
            email=feedback.email,
            content=feedback.content,
            structured=JSON(parsed) if parsed is not None else None,
            created_at=feedback.created_at,
            updated_at=feedback.updated_at,
        )


@strawberry.type
class FeedbackPage:
    items: list[Feedback]
    page_info: PageInfo

    @classmethod
    def from_page(cls, page: Page[rows.Feedback]) -> FeedbackPage:
        return cls(
            items=[Feedback.from_model(item) for item in page.items],
            page_info=PageInfo.from_page(page),
        )
