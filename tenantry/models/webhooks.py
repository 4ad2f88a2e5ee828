"""Outgoing webhooks: the endpoints a tenant registered, one delivery per event and endpoint,
and every attempt to send it."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Index
from sqlmodel import Field

from tenantry.models.base import (
    TenantOwned,
    created_at_field,
    datetime_field,
    enum_field,
    updated_at_field,
)
from tenantry.models.types import json_type


class WebhookEndpoint(TenantOwned, table=True):
    """A receiver of events. The signing secret is sealed; a rolled secret's predecessor keeps
    signing beside it until previous_secret_expires_at."""

    __tablename__ = "webhook_endpoint"

    id: int | None = Field(default=None, primary_key=True)
    url: str = Field(max_length=2048)
    description: str = Field(default="", max_length=500)
    enabled_events: list[str] = Field(default_factory=list, sa_type=json_type())
    disabled: bool = Field(default=False)
    disabled_reason: str | None = Field(default=None, max_length=200)
    secret: str = Field(max_length=500)
    previous_secret: str | None = Field(default=None, max_length=500)
    previous_secret_expires_at: datetime | None = datetime_field()
    failing_since: datetime | None = datetime_field()
    created_at: datetime = created_at_field()
    updated_at: datetime = updated_at_field()


class DeliveryStatus(StrEnum):
    PENDING = "pending"  # waiting for its next attempt
    SENDING = "sending"  # claimed by a worker until lease_until
    SUCCEEDED = "succeeded"
    FAILED = "failed"  # gave up: retried for the whole retry period, or the endpoint is gone


class WebhookDelivery(TenantOwned, table=True):
    __tablename__ = "webhook_delivery"
    __table_args__ = (
        Index("ix_webhook_delivery_due", "status", "next_attempt_at"),
        Index("ix_webhook_delivery_endpoint", "endpoint_id", "id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    endpoint_id: int = Field(foreign_key="webhook_endpoint.id", ondelete="CASCADE")
    event_id: int = Field(foreign_key="domain_event.id", ondelete="CASCADE", index=True)
    status: DeliveryStatus = enum_field(DeliveryStatus.PENDING)
    attempts: int = Field(default=0)
    next_attempt_at: datetime = created_at_field()
    lease_until: datetime | None = datetime_field()
    last_status_code: int | None = None
    delivered_at: datetime | None = datetime_field()
    created_at: datetime = created_at_field()
    updated_at: datetime = updated_at_field()


class WebhookAttempt(TenantOwned, table=True):
    """One try at sending a delivery: what the receiver answered, or why nothing came back."""

    __tablename__ = "webhook_attempt"

    id: int | None = Field(default=None, primary_key=True)
    delivery_id: int = Field(foreign_key="webhook_delivery.id", ondelete="CASCADE", index=True)
    attempted_at: datetime = created_at_field()
    status_code: int | None = None
    duration_ms: int = Field(default=0)
    response_body: str = Field(default="", max_length=1024)
    error: str | None = Field(default=None, max_length=500)
