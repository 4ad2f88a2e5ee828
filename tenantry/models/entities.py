"""Entities defined at runtime: a JSON schema per entity and its records."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field

from tenantry.models.base import TenantOwned, created_at_field, updated_at_field
from tenantry.models.types import json_type


class Entity(TenantOwned, table=True):
    __table_args__ = (UniqueConstraint("tenant_id", "slug"),)

    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(max_length=100)
    name: str = Field(max_length=200)
    description: str = Field(default="")
    # {"fields": [{name, type, required, options, entity (for relations) …}]}
    schema_: dict[str, Any] = Field(
        default_factory=dict, sa_type=json_type(), sa_column_kwargs={"name": "schema"}
    )
    created_at: datetime = created_at_field()
    updated_at: datetime = updated_at_field()


class EntityRecord(TenantOwned, table=True):
    __tablename__ = "entity_record"
    __table_args__ = (Index("ix_entity_record_data", "data", postgresql_using="gin"),)

    id: int | None = Field(default=None, primary_key=True)
    entity_id: int = Field(foreign_key="entity.id", ondelete="CASCADE", index=True)
    data: dict[str, Any] = Field(default_factory=dict, sa_type=json_type())
    member_id: int | None = Field(default=None, foreign_key="member.id", ondelete="SET NULL")
    staff_id: int | None = Field(default=None, foreign_key="staff.id", ondelete="SET NULL")
    created_at: datetime = created_at_field()
    updated_at: datetime = updated_at_field()
