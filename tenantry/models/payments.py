"""Payments: each tenant's providers (keys sealed), payments of orders, refunds, and the
provider notifications already handled."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import CheckConstraint, Index, UniqueConstraint
from sqlmodel import Field

from tenantry.models.base import (
    TenantOwned,
    created_at_field,
    datetime_field,
    enum_field,
    updated_at_field,
)
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


class Processor(StrEnum):
    """Who took the money: the commerce API's built-in test card processor, Stripe or Toss."""

    TEST_CARD = "test_card"
    STRIPE = "stripe"
    TOSS = "toss"


class PaymentStatus(StrEnum):
    PENDING = "pending"  # waiting for the buyer or the provider: an open intent, session, account
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    CANCELED = "canceled"  # closed before anything was taken (an expired account or session)
    UNKNOWN = "unknown"  # the provider did not answer: to be checked again, never guessed


class Payment(TenantOwned, table=True):
    """One attempt to take what an order, or a booking, owes: exactly one of `order_id` and
    `reservation_id` is set. The amount is always the order's total or the booking's price,
    never the client's. Of a card only brand, last four digits and expiry are ever kept."""

    __table_args__ = (
        UniqueConstraint("tenant_id", "processor", "reference"),
        Index("ix_payment_order", "tenant_id", "order_id"),
        Index("ix_payment_reservation", "tenant_id", "reservation_id"),
        CheckConstraint(
            "(order_id IS NULL) <> (reservation_id IS NULL)", name="pays_order_or_reservation"
        ),
        CheckConstraint("amount >= 0", name="amount_not_negative"),
        CheckConstraint(
            "amount_refunded >= 0 AND amount_refunded <= amount", name="refunds_within_amount"
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    order_id: int | None = Field(default=None, foreign_key="orders.id", ondelete="CASCADE")
    reservation_id: int | None = Field(
        default=None, foreign_key="reservation.id", ondelete="CASCADE"
    )
    processor: Processor = enum_field()
    method: str = Field(default="card", max_length=40)
    status: PaymentStatus = enum_field(PaymentStatus.PENDING)
    amount: int
    amount_refunded: int = Field(default=0)
    currency: str = Field(max_length=3)
    # The provider's id (Stripe's pi_…, Toss's paymentKey), and Stripe's Checkout Session id.
    reference: str | None = Field(default=None, max_length=200)
    session_reference: str | None = Field(default=None, max_length=200, index=True)
    card_brand: str | None = Field(default=None, max_length=20)
    card_last4: str | None = Field(default=None, max_length=4)
    card_exp_month: int | None = None
    card_exp_year: int | None = None
    failure_code: str | None = Field(default=None, max_length=64)
    decline_code: str | None = Field(default=None, max_length=64)
    failure_message: str | None = Field(default=None, max_length=500)
    details: dict[str, Any] = Field(default_factory=dict, sa_type=json_type())
    succeeded_at: datetime | None = datetime_field()
    created_at: datetime = created_at_field()
    updated_at: datetime = updated_at_field()


class RefundStatus(StrEnum):
    SUCCEEDED = "succeeded"
    PENDING = "pending"
    FAILED = "failed"


class Refund(TenantOwned, table=True):
    __table_args__ = (
        UniqueConstraint("tenant_id", "processor", "reference"),
        CheckConstraint("amount > 0", name="amount_positive"),
    )

    id: int | None = Field(default=None, primary_key=True)
    payment_id: int = Field(foreign_key="payment.id", ondelete="CASCADE", index=True)
    # The payment's order; None for a booking's payment (its reservation is the payment's).
    order_id: int | None = Field(
        default=None, foreign_key="orders.id", ondelete="CASCADE", index=True
    )
    processor: Processor = enum_field()
    status: RefundStatus = enum_field(RefundStatus.SUCCEEDED)
    amount: int
    currency: str = Field(max_length=3)
    reason: str = Field(default="", max_length=500)
    reference: str | None = Field(default=None, max_length=200)
    restocked: bool = Field(default=False)
    actor: str = Field(default="system", max_length=100)
    created_at: datetime = created_at_field()


class ProviderEvent(TenantOwned, table=True):
    """An inbound provider notification (a Stripe event, a Toss deposit callback) already
    handled: the unique key makes a replay, or two deliveries at once, have one effect."""

    __tablename__ = "provider_event"
    __table_args__ = (UniqueConstraint("tenant_id", "processor", "event_id"),)

    id: int | None = Field(default=None, primary_key=True)
    processor: Processor = enum_field()
    event_id: str = Field(max_length=255)
    type: str = Field(max_length=100)
    received_at: datetime = created_at_field()
