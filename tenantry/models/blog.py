from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field

from tenantry.models.base import (
    TenantOwned,
    created_at_field,
    datetime_field,
    enum_field,
    updated_at_field,
)


class BlogCategory(TenantOwned, table=True):
    __tablename__ = "blog_category"
    __table_args__ = (UniqueConstraint("tenant_id", "slug"),)

    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(max_length=200)
    name: str = Field(max_length=200)
    description: str = Field(default="")
    position: int = Field(default=0)
    created_at: datetime = created_at_field()
    updated_at: datetime = updated_at_field()


class BlogTag(TenantOwned, table=True):
    __tablename__ = "blog_tag"
    __table_args__ = (UniqueConstraint("tenant_id", "slug"),)

    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(max_length=200)
    name: str = Field(max_length=200)
    created_at: datetime = created_at_field()


class BlogPostStatus(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    SCHEDULED = "scheduled"


class BlogPost(TenantOwned, table=True):
    __tablename__ = "blog_post"
    __table_args__ = (
        UniqueConstraint("tenant_id", "slug"),
        Index("ix_blog_post_listing", "tenant_id", "status", "published_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(max_length=200)
    title: str = Field(max_length=300)
    content: str = Field(default="")
    content_html: str = Field(default="")
    excerpt: str = Field(default="")
    cover_image: str | None = Field(default=None, max_length=2048)
    status: BlogPostStatus = enum_field(BlogPostStatus.DRAFT)
    published_at: datetime | None = datetime_field()
    author_id: int | None = Field(
        default=None, foreign_key="staff.id", ondelete="SET NULL", index=True
    )
    category_id: int | None = Field(
        default=None, foreign_key="blog_category.id", ondelete="SET NULL", index=True
    )
    view_count: int = Field(default=0)
    created_at: datetime = created_at_field()
    updated_at: datetime = updated_at_field()


class BlogPostTag(TenantOwned, table=True):
    __tablename__ = "blog_post_tag"
    __table_args__ = (UniqueConstraint("post_id", "tag_id"),)

    id: int | None = Field(default=None, primary_key=True)
    post_id: int = Field(foreign_key="blog_post.id", ondelete="CASCADE", index=True)
    tag_id: int = Field(foreign_key="blog_tag.id", ondelete="CASCADE", index=True)
