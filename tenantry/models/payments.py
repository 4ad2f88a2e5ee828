"""Payments: each tenant's payment providers, with their keys sealed."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import UniqueConstraint
from sqlmodel import Field

from tenantry.models.base import TenantOwned, created_at_field, enum_field, updated_at_field
from tenantry.models.types import json_type


class ProviderKind(StrEnum):
    STRIPE = "stripe"
    TOSS = "toss"


class PaymentProvider(TenantOwned, table=True):
    """A provider a tenant takes payments through. `settings` holds its keys; the secret ones are
    sealed (`tenantry/secrets.py`) and opened only to call the provider."""

    __tablename__ = "payment_provider"
    __table_args__ = (UniqueConstraint("tenant_id", "provider"),)

    id: int | None = Field(default=None, primary_key=True)
    provider: ProviderKind = enum_field()
    enabled: bool = Field(default=True)
    settings: dict[str, Any] = Field(default_factory=dict, sa_type=json_type())
    created_at: datetime = created_at_field()
    updated_at: datetime = updated_at_field()
