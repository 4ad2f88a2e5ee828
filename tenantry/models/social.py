"""Social login: each tenant's OAuth 2.0 / OpenID Connect providers (client secrets sealed), the
provider accounts linked to members, and the pending authorization requests (`state`)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field

from tenantry.models.base import (
    TenantOwned,
    created_at_field,
    datetime_field,
    updated_at_field,
)
from tenantry.models.types import json_type


class SocialProvider(TenantOwned, table=True):
    """A provider members of the tenant sign in with. `provider` is a preset's key (google,
    github, kakao, naver) or, with `issuer` set, any key naming an OpenID Connect provider found
    by discovery. `client_secret` is sealed (tenantry/secrets.py); `endpoints` overrides the
    preset's or the discovered endpoints one by one."""

    __tablename__ = "social_provider"
    __table_args__ = (UniqueConstraint("tenant_id", "provider"),)

    id: int | None = Field(default=None, primary_key=True)
    provider: str = Field(max_length=40)
    client_id: str = Field(max_length=255)
    client_secret: str = Field(max_length=1024)
    redirect_uris: list[str] = Field(default_factory=list, sa_type=json_type())
    issuer: str | None = Field(default=None, max_length=2048)
    endpoints: dict[str, Any] = Field(default_factory=dict, sa_type=json_type())
    enabled: bool = Field(default=True)
    created_at: datetime = created_at_field()
    updated_at: datetime = updated_at_field()


class SocialIdentity(TenantOwned, table=True):
    """A provider account (`provider`, its stable `subject`) linked to one member."""

    __tablename__ = "social_identity"
    __table_args__ = (
        UniqueConstraint("tenant_id", "provider", "subject"),
        UniqueConstraint("tenant_id", "member_id", "provider"),
    )

    id: int | None = Field(default=None, primary_key=True)
    member_id: int = Field(foreign_key="member.id", ondelete="CASCADE", index=True)
    provider: str = Field(max_length=40)
    subject: str = Field(max_length=255)
    email: str | None = Field(default=None, max_length=254)
    email_verified: bool = Field(default=False)
    created_at: datetime = created_at_field()
    last_used_at: datetime | None = datetime_field()


class SocialState(TenantOwned, table=True):
    """One authorization request sent to a provider: what the answer must match (provider,
    redirect URI), the PKCE verifier and nonce that never leave the server, and who started it
    (a member connecting an account). Spent once, by a conditional UPDATE of `used_at`."""

    __tablename__ = "social_state"
    __table_args__ = (Index("ix_social_state_expires", "expires_at"),)

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=64, unique=True)
    provider: str = Field(max_length=40)
    redirect_uri: str = Field(max_length=2048)
    code_verifier: str = Field(max_length=128)
    nonce: str = Field(max_length=64)
    member_id: int | None = Field(default=None, foreign_key="member.id", ondelete="CASCADE")
    expires_at: datetime = datetime_field(nullable=False)
    used_at: datetime | None = datetime_field()
    created_at: datetime = created_at_field()
