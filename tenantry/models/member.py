from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import UniqueConstraint
from sqlmodel import Field

from tenantry.models.base import (
    TenantOwned,
    created_at_field,
    datetime_field,
    enum_field,
    updated_at_field,
)


class Member(TenantOwned, table=True):
    __table_args__ = (UniqueConstraint("tenant_id", "email"),)

    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(max_length=254)
    name: str = Field(default="", max_length=200)
    phone: str | None = Field(default=None, max_length=40, index=True)
    birth_date: date | None = Field(default=None)
    avatar_url: str | None = Field(default=None, max_length=2048)
    # Empty: no password; the member signs in through a social provider only (decision 151).
    password_hash: str = Field(default="", max_length=255)
    is_active: bool = Field(default=True)
    failed_logins: int = Field(default=0)
    locked_until: datetime | None = datetime_field()
    last_login_at: datetime | None = datetime_field()
    created_at: datetime = created_at_field()
    updated_at: datetime = updated_at_field()


class TokenAudience(StrEnum):
    MEMBER = "member"
    STAFF = "staff"


class RefreshToken(TenantOwned, table=True):
    """One issued refresh token. Tokens rotated from one login share a family."""

    __tablename__ = "refresh_token"

    id: int | None = Field(default=None, primary_key=True)
    jti: str = Field(max_length=64, unique=True)
    family: str = Field(max_length=64, index=True)
    audience: TokenAudience = enum_field(TokenAudience.MEMBER)
    subject_id: int = Field(index=True)
    expires_at: datetime = datetime_field(nullable=False)
    used_at: datetime | None = datetime_field()
    revoked_at: datetime | None = datetime_field()
    created_at: datetime = created_at_field()


class RevokedAccessToken(TenantOwned, table=True):
    __tablename__ = "revoked_access_token"

    id: int | None = Field(default=None, primary_key=True)
    jti: str = Field(max_length=64, unique=True)
    expires_at: datetime = datetime_field(nullable=False, index=True)
    created_at: datetime = created_at_field()


class PasswordReset(TenantOwned, table=True):
    __tablename__ = "password_reset"

    id: int | None = Field(default=None, primary_key=True)
    member_id: int = Field(foreign_key="member.id", ondelete="CASCADE", index=True)
    token_hash: str = Field(max_length=64, unique=True)
    expires_at: datetime = datetime_field(nullable=False)
    used_at: datetime | None = datetime_field()
    created_at: datetime = created_at_field()
