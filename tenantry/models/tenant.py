from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from tenantry.models.base import (
    TenantOwned,
    created_at_field,
    datetime_field,
    enum_field,
    updated_at_field,
)
from tenantry.models.types import json_type


class TenantStatus(StrEnum):
    ACTIVE = "active"
    SUSPENDED = "suspended"


class Plan(StrEnum):
    STARTER = "starter"
    PROFESSIONAL = "professional"
    ENTERPRISE = "enterprise"


class Tenant(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(max_length=63, unique=True)
    name: str = Field(max_length=200)
    description: str = Field(default="")
    status: TenantStatus = enum_field(TenantStatus.ACTIVE)
    plan: Plan = enum_field(Plan.STARTER)
    currency: str = Field(default="USD", max_length=3)
    locale: str = Field(default="en", max_length=20)
    timezone: str = Field(default="UTC", max_length=64)
    settings: dict[str, Any] = Field(default_factory=dict, sa_type=json_type())
    created_at: datetime = created_at_field()
    updated_at: datetime = updated_at_field()


class TenantDomain(TenantOwned, table=True):
    __tablename__ = "tenant_domain"

    id: int | None = Field(default=None, primary_key=True)
    host: str = Field(max_length=253, unique=True)
    created_at: datetime = created_at_field()


class ApiKeyKind(StrEnum):
    PUBLISHABLE = "publishable"
    SECRET = "secret"


class ApiKey(TenantOwned, table=True):
    __tablename__ = "api_key"

    id: int | None = Field(default=None, primary_key=True)
    kind: ApiKeyKind = enum_field()
    name: str = Field(default="", max_length=200)
    prefix: str = Field(max_length=16)
    key_hash: str = Field(max_length=64, unique=True)
    plan: Plan = enum_field(Plan.STARTER)
    created_at: datetime = created_at_field()
    revoked_at: datetime | None = datetime_field()
    last_used_at: datetime | None = datetime_field()


class StaffRole(StrEnum):
    OWNER = "owner"
    ADMIN = "admin"
    AGENT = "agent"


class Staff(TenantOwned, table=True):
    __table_args__ = (UniqueConstraint("tenant_id", "email"),)

    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(max_length=254)
    name: str = Field(default="", max_length=200)
    password_hash: str = Field(max_length=255)
    role: StaffRole = enum_field(StaffRole.AGENT)
    is_active: bool = Field(default=True)
    failed_logins: int = Field(default=0)
    locked_until: datetime | None = datetime_field()
    last_login_at: datetime | None = datetime_field()
    created_at: datetime = created_at_field()
    updated_at: datetime = updated_at_field()
