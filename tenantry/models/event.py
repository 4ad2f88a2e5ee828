from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Index, UniqueConstraint, text
from sqlmodel import Field

from tenantry.models.base import TenantOwned, created_at_field, datetime_field
from tenantry.models.types import json_type


class DomainEvent(TenantOwned, table=True):
    """An event of the commerce API (order.created …), written in the transaction that caused it.

    Webhook delivery reads these rows; the id is rendered as `evt_<id>`.
    """

    __tablename__ = "domain_event"
    __table_args__ = (
        # The webhook worker's queue: events not yet fanned out to endpoints.
        Index(
            "ix_domain_event_undispatched",
            "id",
            postgresql_where=text("dispatched_at IS NULL"),
            sqlite_where=text("dispatched_at IS NULL"),
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    type: str = Field(max_length=64, index=True)
    object_type: str = Field(max_length=40)
    object_id: int
    data: dict[str, Any] = Field(default_factory=dict, sa_type=json_type())
    created_at: datetime = created_at_field()
    # Set when the webhook worker created this event's deliveries (to the endpoints subscribed
    # when it happened).
    dispatched_at: datetime | None = datetime_field()


class IdempotencyRecord(TenantOwned, table=True):
    """A request sent with an Idempotency-Key (Stripe's semantics): whose key it is, what it
    did, a hash of its input and, once it succeeded, the ids of what it made."""

    __tablename__ = "idempotency_record"
    __table_args__ = (UniqueConstraint("tenant_id", "scope", "key"),)

    id: int | None = Field(default=None, primary_key=True)
    scope: str = Field(max_length=100)  # the principal: one key space per tenant and caller
    key: str = Field(max_length=255)
    operation: str = Field(max_length=100)
    request_hash: str = Field(max_length=64)
    result: dict[str, Any] | None = Field(default=None, sa_type=json_type())
    created_at: datetime = created_at_field()
