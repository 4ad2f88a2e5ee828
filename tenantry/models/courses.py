from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import CheckConstraint, UniqueConstraint
from sqlmodel import Field

from tenantry.models.base import TenantOwned, created_at_field, datetime_field, updated_at_field
from tenantry.models.types import json_type


class Course(TenantOwned, table=True):
    __table_args__ = (UniqueConstraint("tenant_id", "slug"),)

    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(max_length=200)
    title: str = Field(max_length=300)
    description: str = Field(default="")
    cover_image: str | None = Field(default=None, max_length=2048)
    # A paid course is sold as this product; enrolling needs a paid order containing it.
    product_id: int | None = Field(default=None, foreign_key="product.id", ondelete="SET NULL")
    is_published: bool = Field(default=False)
    created_at: datetime = created_at_field()
    updated_at: datetime = updated_at_field()


class Lesson(TenantOwned, table=True):
    id: int | None = Field(default=None, primary_key=True)
    course_id: int = Field(foreign_key="course.id", ondelete="CASCADE", index=True)
    title: str = Field(max_length=300)
    position: int = Field(default=0)
    content: str = Field(default="")
    video_url: str | None = Field(default=None, max_length=2048)
    attachments: list[dict[str, Any]] = Field(default_factory=list, sa_type=json_type())
    duration_seconds: int = Field(default=0)
    is_preview: bool = Field(default=False)
    created_at: datetime = created_at_field()
    updated_at: datetime = updated_at_field()


class Enrollment(TenantOwned, table=True):
    __table_args__ = (UniqueConstraint("course_id", "member_id"),)

    id: int | None = Field(default=None, primary_key=True)
    course_id: int = Field(foreign_key="course.id", ondelete="CASCADE", index=True)
    member_id: int = Field(foreign_key="member.id", ondelete="CASCADE", index=True)
    order_id: int | None = Field(default=None, foreign_key="orders.id", ondelete="SET NULL")
    completed_at: datetime | None = datetime_field()
    # Set when the subscription that gave access ends; enrolling again while subscribed clears
    # it, and the progress is kept.
    ended_at: datetime | None = datetime_field()
    created_at: datetime = created_at_field()


class LessonProgress(TenantOwned, table=True):
    __tablename__ = "lesson_progress"
    __table_args__ = (
        UniqueConstraint("enrollment_id", "lesson_id"),
        CheckConstraint("seconds_watched >= 0", name="seconds_not_negative"),
    )

    id: int | None = Field(default=None, primary_key=True)
    enrollment_id: int = Field(foreign_key="enrollment.id", ondelete="CASCADE", index=True)
    lesson_id: int = Field(foreign_key="lesson.id", ondelete="CASCADE")
    seconds_watched: int = Field(default=0)
    completed_at: datetime | None = datetime_field()
    updated_at: datetime = updated_at_field()
