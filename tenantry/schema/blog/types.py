"""Blog object types. Relations resolve through the operation's loaders, never per row."""

from __future__ import annotations

from datetime import datetime

import strawberry
from strawberry.types import Info

from tenantry.models import blog as rows
from tenantry.models.tenant import Staff
from tenantry.resolvers import blog
from tenantry.schema.blog import loaders
from tenantry.schema.context import GraphQLContext
from tenantry.schema.pagination import PageInfo

# Registered in place: the Python enum itself is the GraphQL enum, so fields annotate with it.
strawberry.enum(rows.BlogPostStatus, name="BlogPostStatus")
BlogPostStatus = rows.BlogPostStatus

GQLInfo = Info[GraphQLContext, None]


@strawberry.type
class BlogAuthor:
    id: strawberry.ID
    name: str

    @classmethod
    def from_model(cls, staff: Staff) -> BlogAuthor:
        return cls(id=strawberry.ID(str(staff.id)), name=staff.name)


@strawberry.type
class BlogCategory:
    id: strawberry.ID
    slug: str
    name: str
    description: str
    position: int
    row_id: strawberry.Private[int]
    known_post_count: strawberry.Private[int | None] = None

    @classmethod
    def from_model(cls, category: rows.BlogCategory, post_count: int | None = None) -> BlogCategory:
        assert category.id is not None
        return cls(
            id=strawberry.ID(str(category.id)),
            slug=category.slug,
            name=category.name,
            description=category.description,
            position=category.position,
            row_id=category.id,
            known_post_count=post_count,
        )

    @strawberry.field(description="Published posts in this category.")
    async def post_count(self, info: GQLInfo) -> int:
        if self.known_post_count is not None:
            return self.known_post_count
        return await loaders.post_count_by_category_id(info.context).load(self.row_id)


@strawberry.type
class BlogTag:
    id: strawberry.ID
    slug: str
    name: str
    row_id: strawberry.Private[int]
    known_post_count: strawberry.Private[int | None] = None

    @classmethod
    def from_model(cls, tag: rows.BlogTag, post_count: int | None = None) -> BlogTag:
        assert tag.id is not None
        return cls(
            id=strawberry.ID(str(tag.id)),
            slug=tag.slug,
            name=tag.name,
            row_id=tag.id,
            known_post_count=post_count,
        )

    @strawberry.field(description="Published posts with this tag.")
    async def post_count(self, info: GQLInfo) -> int:
        if self.known_post_count is not None:
            return self.known_post_count
        return await loaders.post_count_by_tag_id(info.context).load(self.row_id)


@strawberry.type
class BlogPost:
    id: strawberry.ID
    slug: str
    title: str
    excerpt: str
    content: str = strawberry.field(description="The Markdown source.")
    content_html: str = strawberry.field(description="The rendered, sanitized HTML.")
    cover_image: str | None
    status: BlogPostStatus
    published_at: datetime | None
    view_count: int
    created_at: datetime
    updated_at: datetime
    row_id: strawberry.Private[int]
    author_id: strawberry.Private[int | None]
    category_id: strawberry.Private[int | None]

    @classmethod
    def from_model(cls, post: rows.BlogPost, now: datetime) -> BlogPost:
        assert post.id is not None
        return cls(
            id=strawberry.ID(str(post.id)),
            slug=post.slug,
            title=post.title,
            excerpt=post.excerpt,
            content=post.content,
            content_html=post.content_html,
            cover_image=post.cover_image,
            status=blog.public_status(post, now),
            published_at=post.published_at,
            view_count=post.view_count,
            created_at=post.created_at,
            updated_at=post.updated_at,
            row_id=post.id,
            author_id=post.author_id,
            category_id=post.category_id,
        )

    @strawberry.field
    async def author(self, info: GQLInfo) -> BlogAuthor | None:
        if self.author_id is None:
            return None
        staff = await loaders.author_by_id(info.context).load(self.author_id)
        return BlogAuthor.from_model(staff) if staff else None

    @strawberry.field
    async def category(self, info: GQLInfo) -> BlogCategory | None:
        if self.category_id is None:
            return None
        found = await loaders.category_by_id(info.context).load(self.category_id)
        return BlogCategory.from_model(found) if found else None

    @strawberry.field
    async def tags(self, info: GQLInfo) -> list[BlogTag]:
        found = await loaders.tags_by_post_id(info.context).load(self.row_id)
        return [BlogTag.from_model(tag) for tag in found]


@strawberry.type
class BlogPostPage:
    items: list[BlogPost]
    page_info: PageInfo


@strawberry.type(description="A post that has just gone live.")
class BlogPostEvent:
    id: strawberry.ID
    slug: str
    title: str
    published_at: datetime
