"""The shop posts API (dialect C): posts with body_data, landing pages, feedback."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import UniqueConstraint
from sqlmodel import Field

from tenantry.models.base import TenantOwned, created_at_field, updated_at_field
from tenantry.models.types import json_type


class ShopPost(TenantOwned, table=True):
    __tablename__ = "shop_post"
    __table_args__ = (UniqueConstraint("tenant_id", "slug"),)

    id: int | None = Field(default=None, primary_key=True)
    title: str = Field(max_length=300)
    slug: str = Field(max_length=300)
    content: str = Field(default="")
    active: bool = Field(default=True, index=True)
    post_type: str | None = Field(default=None, max_length=100, index=True)
    category_id: int | None = Field(default=None, index=True)
    image_link: str | None = Field(default=None, max_length=2048)
    body_data: dict[str, Any] = Field(default_factory=dict, sa_type=json_type())
    member_id: int | None = Field(default=None, foreign_key="member.id", ondelete="SET NULL")
    created_at: datetime = created_at_field()
    updated_at: datetime = updated_at_field()


class LandingPage(TenantOwned, table=True):
    __tablename__ = "landing_page"
    __table_args__ = (UniqueConstraint("tenant_id", "slug"),)

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=300)
    slug: str = Field(max_length=300)
    page_type: str = Field(default="static", max_length=20)
    keyword: str = Field(default="", max_length=200)
    intro: str = Field(default="")
    content: str = Field(default="")
    category_id: int | None = Field(default=None, index=True)
    active: bool = Field(default=True)
    copy_from_id: int | None = Field(
        default=None, foreign_key="landing_page.id", ondelete="SET NULL"
    )
    body_data: dict[str, Any] = Field(default_factory=dict, sa_type=json_type())
    created_at: datetime = created_at_field()
    updated_at: datetime = updated_at_field()


class Feedback(TenantOwned, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200)
    email: str = Field(max_length=254)
    content: str
    ip: str | None = Field(default=None, max_length=64)
    created_at: datetime = created_at_field()
    updated_at: datetime = updated_at_field()
