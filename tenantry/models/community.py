"""Boards with their posts, and the comments shared by blog posts, board posts and pages."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, Index, UniqueConstraint
from sqlmodel import Field

from tenantry.models.base import TenantOwned, created_at_field, enum_field, updated_at_field


class BoardType(StrEnum):
    NOTICE = "notice"
    FREE = "free"
    QNA = "qna"
    GALLERY = "gallery"


class Audience(StrEnum):
    """Who may do something on a board."""

    PUBLIC = "public"
    MEMBERS = "members"
    STAFF = "staff"


class Board(TenantOwned, table=True):
    __table_args__ = (UniqueConstraint("tenant_id", "slug"),)

    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(max_length=100)
    name: str = Field(max_length=200)
    description: str = Field(default="")
    type: BoardType = enum_field(BoardType.FREE)
    read_access: Audience = enum_field(Audience.PUBLIC)
    write_access: Audience = enum_field(Audience.MEMBERS)
    comment_access: Audience = enum_field(Audience.MEMBERS)
    is_active: bool = Field(default=True)
    position: int = Field(default=0)
    created_at: datetime = created_at_field()
    updated_at: datetime = updated_at_field()


class BoardPost(TenantOwned, table=True):
    __tablename__ = "board_post"
    __table_args__ = (Index("ix_board_post_listing", "tenant_id", "board_id", "is_pinned"),)

    id: int | None = Field(default=None, primary_key=True)
    board_id: int = Field(foreign_key="board.id", ondelete="CASCADE", index=True)
    member_id: int | None = Field(
        default=None, foreign_key="member.id", ondelete="SET NULL", index=True
    )
    staff_id: int | None = Field(default=None, foreign_key="staff.id", ondelete="SET NULL")
    title: str = Field(max_length=300)
    content: str = Field(default="")
    is_pinned: bool = Field(default=False)
    is_hidden: bool = Field(default=False)
    is_answered: bool = Field(default=False)
    view_count: int = Field(default=0)
    comment_count: int = Field(default=0)
    created_at: datetime = created_at_field()
    updated_at: datetime = updated_at_field()


class CommentTarget(StrEnum):
    BLOG_POST = "blog_post"
    BOARD_POST = "board_post"
    PAGE = "page"


class Comment(TenantOwned, table=True):
    __table_args__ = (
        Index("ix_comment_target", "tenant_id", "target_type", "target_id"),
        Index("ix_comment_page", "tenant_id", "page_slug"),
    )

    id: int | None = Field(default=None, primary_key=True)
    target_type: CommentTarget = enum_field()
    # The commented blog or board post; standalone pages (guestbooks) are named by page_slug.
    target_id: int | None = Field(default=None)
    page_slug: str | None = Field(default=None, max_length=200)
    parent_id: int | None = Field(
        default=None, foreign_key="comment.id", ondelete="CASCADE", index=True
    )
    member_id: int | None = Field(
        default=None, foreign_key="member.id", ondelete="SET NULL", index=True
    )
    staff_id: int | None = Field(default=None, foreign_key="staff.id", ondelete="SET NULL")
    author_name: str = Field(default="", max_length=200)
    content: str
    like_count: int = Field(default=0)
    is_deleted: bool = Field(default=False)
    created_at: datetime = created_at_field()
    updated_at: datetime = updated_at_field()


class CommentLike(TenantOwned, table=True):
    __tablename__ = "comment_like"
    __table_args__ = (
        UniqueConstraint("comment_id", "member_id"),
        CheckConstraint("member_id IS NOT NULL", name="member_required"),
    )

    id: int | None = Field(default=None, primary_key=True)
    comment_id: int = Field(foreign_key="comment.id", ondelete="CASCADE", index=True)
    member_id: int = Field(foreign_key="member.id", ondelete="CASCADE")
    created_at: datetime = created_at_field()
