from __future__ import annotations

from datetime import datetime

import strawberry

from tenantry.models import coupon as rows
from tenantry.resolvers import coupons

# Registered in place: the Python enum itself is the GraphQL enum, so fields annotate with it.
strawberry.enum(rows.CouponType, name="CouponType")
CouponType = rows.CouponType


@strawberry.type
class Coupon:
    id: strawberry.ID
    code: str
    name: str
    type: CouponType
    value: int = strawberry.field(description="Percent: whole percent. Fixed: minor units.")
    max_discount: int | None
    min_order_amount: int
    usage_limit: int | None
    usage_count: int
    per_member_limit: int | None
    starts_at: datetime | None
    ends_at: datetime | None
    is_active: bool
    is_public: bool
    product_ids: list[int]
    category_ids: list[int]
    remaining_uses: int | None = strawberry.field(
        default=None, description="In myCoupons: uses the member has left (null: no limit)."
    )

    @classmethod
    def from_model(cls, coupon: rows.Coupon, remaining_uses: int | None = None) -> Coupon:
        return cls(
            id=strawberry.ID(str(coupon.id)),
            code=coupon.code,
            name=coupon.name,
            type=coupon.type,
            value=coupon.value,
            max_discount=coupon.max_discount,
            min_order_amount=coupon.min_order_amount,
            usage_limit=coupon.usage_limit,
            usage_count=coupon.usage_count,
            per_member_limit=coupon.per_member_limit,
            starts_at=coupon.starts_at,
            ends_at=coupon.ends_at,
            is_active=coupon.is_active,
            is_public=coupon.is_public,
            product_ids=list(coupon.product_ids),
            category_ids=list(coupon.category_ids),
            remaining_uses=remaining_uses,
        )

    @classmethod
    def mine(cls, found: coupons.MyCoupon) -> Coupon:
        return cls.from_model(found.coupon, found.uses_left)


@strawberry.type
class CouponValidation:
    valid: bool
    code: str
    type: CouponType | None
    value: int | None
    discount: int
    message: str


@strawberry.input
class CreateCouponInput:
    code: str
    type: CouponType
    value: int
    name: str | None = strawberry.UNSET
    max_discount: int | None = strawberry.UNSET
    min_order_amount: int | None = strawberry.UNSET
    usage_limit: int | None = strawberry.UNSET
    per_member_limit: int | None = strawberry.UNSET
    starts_at: datetime | None = strawberry.UNSET
    ends_at: datetime | None = strawberry.UNSET
    is_active: bool | None = strawberry.UNSET
    is_public: bool | None = strawberry.UNSET
    product_ids: list[strawberry.ID] | None = strawberry.UNSET
    category_ids: list[strawberry.ID] | None = strawberry.UNSET


@strawberry.input(description="Only the fields sent change; null clears limits and dates.")
class UpdateCouponInput:
    code: str | None = strawberry.UNSET
    type: CouponType | None = strawberry.UNSET
    value: int | None = strawberry.UNSET
    name: str | None = strawberry.UNSET
    max_discount: int | None = strawberry.UNSET
    min_order_amount: int | None = strawberry.UNSET
    usage_limit: int | None = strawberry.UNSET
    per_member_limit: int | None = strawberry.UNSET
    starts_at: datetime | None = strawberry.UNSET
    ends_at: datetime | None = strawberry.UNSET
    is_active: bool | None = strawberry.UNSET
    is_public: bool | None = strawberry.UNSET
    product_ids: list[strawberry.ID] | None = strawberry.UNSET
    category_ids: list[strawberry.ID] | None = strawberry.UNSET
