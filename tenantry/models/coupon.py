from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, UniqueConstraint
from sqlmodel import Field

from tenantry.models.base import (
    TenantOwned,
    created_at_field,
    datetime_field,
    enum_field,
    updated_at_field,
)
from tenantry.models.types import json_type


class CouponType(StrEnum):
    PERCENT = "percent"
    FIXED = "fixed"


class Coupon(TenantOwned, table=True):
    __table_args__ = (
        UniqueConstraint("tenant_id", "code"),
        CheckConstraint(
            "usage_limit IS NULL OR usage_count <= usage_limit", name="usage_within_limit"
        ),
        CheckConstraint("value > 0", name="value_positive"),
    )

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=64)
    name: str = Field(default="", max_length=200)
    type: CouponType = enum_field(CouponType.PERCENT)
    # Percent: whole percent (10 = 10 %). Fixed: minor units of the tenant's currency.
    value: int
    max_discount: int | None = Field(default=None)
    min_order_amount: int = Field(default=0)
    usage_limit: int | None = Field(default=None)
    usage_count: int = Field(default=0)
    per_member_limit: int | None = Field(default=None)
    starts_at: datetime | None = datetime_field()
    ends_at: datetime | None = datetime_field()
    is_active: bool = Field(default=True)
    # Public coupons are listed to every member; others only to members they are assigned to.
    is_public: bool = Field(default=False)
    product_ids: list[int] = Field(default_factory=list, sa_type=json_type())
    category_ids: list[int] = Field(default_factory=list, sa_type=json_type())
    created_at: datetime = created_at_field()
    updated_at: datetime = updated_at_field()


class CouponAssignment(TenantOwned, table=True):
    __tablename__ = "coupon_assignment"
    __table_args__ = (UniqueConstraint("coupon_id", "member_id"),)

    id: int | None = Field(default=None, primary_key=True)
    coupon_id: int = Field(foreign_key="coupon.id", ondelete="CASCADE", index=True)
    member_id: int = Field(foreign_key="member.id", ondelete="CASCADE", index=True)
    created_at: datetime = created_at_field()


class CouponRedemption(TenantOwned, table=True):
    __tablename__ = "coupon_redemption"

    id: int | None = Field(default=None, primary_key=True)
    coupon_id: int = Field(foreign_key="coupon.id", ondelete="CASCADE", index=True)
    member_id: int | None = Field(
        default=None, foreign_key="member.id", ondelete="SET NULL", index=True
    )
    order_id: int = Field(foreign_key="orders.id", ondelete="CASCADE", index=True)
    discount: int = Field(default=0)
    created_at: datetime = created_at_field()
