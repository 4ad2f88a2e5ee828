"""Uploaded files: where they are stored and who uploaded them."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field

from tenantry.models.base import TenantOwned, created_at_field


class Media(TenantOwned, table=True):
    id: int | None = Field(default=None, primary_key=True)
    folder: str = Field(default="", max_length=200, index=True)
    filename: str = Field(max_length=300)
    original_name: str = Field(default="", max_length=300)
    content_type: str = Field(max_length=200)
    size: int = Field(default=0)
    storage_path: str = Field(max_length=1024)
    member_id: int | None = Field(default=None, foreign_key="member.id", ondelete="SET NULL")
    staff_id: int | None = Field(default=None, foreign_key="staff.id", ondelete="SET NULL")
    created_at: datetime = created_at_field()
