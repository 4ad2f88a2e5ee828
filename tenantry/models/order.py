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


class OrderStatus(StrEnum):
    PENDING = "pending"
    PAID = "paid"
    PROCESSING = "processing"
    SHIPPED = "shipped"
    COMPLETED = "completed"
    CANCELLED = "cancelled"
    REFUNDED = "refunded"


class Customer(TenantOwned, table=True):
    """A buyer record of the commerce API (dialect B), optionally linked to a member."""

    __table_args__ = (UniqueConstraint("tenant_id", "email"),)

    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(max_length=254)
    name: str = Field(default="", max_length=200)
    phone: str | None = Field(default=None, max_length=40)
    member_id: int | None = Field(
        default=None, foreign_key="member.id", ondelete="SET NULL", index=True
    )
    metadata_: dict[str, Any] = Field(
        default_factory=dict, sa_type=json_type(), sa_column_kwargs={"name": "metadata"}
    )
    deleted_at: datetime | None = datetime_field()
    created_at: datetime = created_at_field()
    updated_at: datetime = updated_at_field()


class Order(TenantOwned, table=True):
    __tablename__ = "orders"
    __table_args__ = (
        UniqueConstraint("tenant_id", "number"),
        CheckConstraint("total >= 0", name="total_not_negative"),
        Index("ix_order_member_created", "tenant_id", "member_id", "created_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    number: str = Field(max_length=40)
    member_id: int | None = Field(default=None, foreign_key="member.id", ondelete="SET NULL")
    customer_id: int | None = Field(
        default=None, foreign_key="customer.id", ondelete="SET NULL", index=True
    )
    status: OrderStatus = enum_field(OrderStatus.PENDING)
    currency: str = Field(max_length=3)
    subtotal: int = Field(default=0)
    discount_total: int = Field(default=0)
    shipping_total: int = Field(default=0)
    tax_total: int = Field(default=0)
    total: int = Field(default=0)
    coupon_id: int | None = Field(default=None, foreign_key="coupon.id", ondelete="SET NULL")
    coupon_code: str | None = Field(default=None, max_length=64)
    email: str | None = Field(default=None, max_length=254)
    shipping_address: dict[str, Any] = Field(default_factory=dict, sa_type=json_type())
    billing_address: dict[str, Any] = Field(default_factory=dict, sa_type=json_type())
    note: str = Field(default="")
    paid_at: datetime | None = datetime_field()
    cancelled_at: datetime | None = datetime_field()
    created_at: datetime = created_at_field()
    updated_at: datetime = updated_at_field()


class OrderItem(TenantOwned, table=True):
    __tablename__ = "order_item"
    __table_args__ = (CheckConstraint("quantity > 0", name="quantity_positive"),)

    id: int | None = Field(default=None, primary_key=True)
    order_id: int = Field(foreign_key="orders.id", ondelete="CASCADE", index=True)
    product_id: int | None = Field(
        default=None, foreign_key="product.id", ondelete="SET NULL", index=True
    )
    variant_id: int | None = Field(
        default=None, foreign_key="product_variant.id", ondelete="SET NULL"
    )
    product_type: str = Field(default="simple", max_length=20)
    name: str = Field(max_length=300)
    sku: str | None = Field(default=None, max_length=100)
    options: dict[str, Any] = Field(default_factory=dict, sa_type=json_type())
    unit_price: int
    quantity: int
    total: int


class OrderStatusChange(TenantOwned, table=True):
    __tablename__ = "order_status_change"

    id: int | None = Field(default=None, primary_key=True)
    order_id: int = Field(foreign_key="orders.id", ondelete="CASCADE", index=True)
    from_status: str | None = Field(default=None, max_length=20)
    to_status: str = Field(max_length=20)
    note: str = Field(default="")
    actor: str = Field(default="system", max_length=100)
    created_at: datetime = created_at_field()
