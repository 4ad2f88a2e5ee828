"""Members' product reviews and the helpful votes they receive."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, UniqueConstraint
from sqlmodel import Field

from tenantry.models.base import TenantOwned, created_at_field, updated_at_field
from tenantry.models.types import json_type


class Review(TenantOwned, table=True):
    __table_args__ = (
        UniqueConstraint("product_id", "member_id"),
        CheckConstraint("rating BETWEEN 1 AND 5", name="rating_range"),
    )

    id: int | None = Field(default=None, primary_key=True)
    product_id: int = Field(foreign_key="product.id", ondelete="CASCADE", index=True)
    member_id: int = Field(foreign_key="member.id", ondelete="CASCADE", index=True)
    order_id: int | None = Field(default=None, foreign_key="orders.id", ondelete="SET NULL")
    rating: int
    title: str = Field(default="", max_length=200)
    content: str = Field(default="")
    images: list[str] = Field(default_factory=list, sa_type=json_type())
    is_visible: bool = Field(default=True)
    helpful_count: int = Field(default=0)
    created_at: datetime = created_at_field()
    updated_at: datetime = updated_at_field()


class ReviewHelpfulVote(TenantOwned, table=True):
    __tablename__ = "review_helpful_vote"
    __table_args__ = (UniqueConstraint("review_id", "member_id"),)

    id: int | None = Field(default=None, primary_key=True)
    review_id: int = Field(foreign_key="review.id", ondelete="CASCADE", index=True)
    member_id: int = Field(foreign_key="member.id", ondelete="CASCADE")
    created_at: datetime = created_at_field()
