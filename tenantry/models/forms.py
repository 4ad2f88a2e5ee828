"""Forms defined by a tenant and the submissions they receive."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field

from tenantry.models.base import TenantOwned, created_at_field, updated_at_field
from tenantry.models.types import json_type


class Form(TenantOwned, table=True):
    __table_args__ = (UniqueConstraint("tenant_id", "slug"),)

    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(max_length=100)
    name: str = Field(max_length=200)
    description: str = Field(default="")
    # [{name, label, type, required, min, max, options, …}]
    fields: list[dict[str, Any]] = Field(default_factory=list, sa_type=json_type())
    # success_message, submissions_per_ip, ip_window_seconds, requires_member …
    settings: dict[str, Any] = Field(default_factory=dict, sa_type=json_type())
    is_active: bool = Field(default=True)
    created_at: datetime = created_at_field()
    updated_at: datetime = updated_at_field()


class FormSubmission(TenantOwned, table=True):
    __tablename__ = "form_submission"
    __table_args__ = (Index("ix_form_submission_ip", "tenant_id", "form_id", "ip", "created_at"),)

    id: int | None = Field(default=None, primary_key=True)
    form_id: int = Field(foreign_key="form.id", ondelete="CASCADE", index=True)
    member_id: int | None = Field(
        default=None, foreign_key="member.id", ondelete="SET NULL", index=True
    )
    data: dict[str, Any] = Field(default_factory=dict, sa_type=json_type())
    ip: str | None = Field(default=None, max_length=64)
    user_agent: str = Field(default="", max_length=500)
    created_at: datetime = created_at_field()
