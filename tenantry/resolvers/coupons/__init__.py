"""Coupons: staff manage them, members list and apply them, orders quote and redeem them."""

from tenantry.resolvers.coupons.admin import (
    CouponIn,
    CouponUpdate,
    assign_coupon,
    create_coupon,
    delete_coupon,
    get_coupon,
    update_coupon,
)
from tenantry.resolvers.coupons.mine import MyCoupon, list_my_coupons
from tenantry.resolvers.coupons.quotes import (
    CouponQuote,
    applies_to,
    discount_for,
    normalize_code,
    quote_coupon,
)
from tenantry.resolvers.coupons.redemption import CouponExhausted, CouponUsedUp, redeem_coupon

__all__ = [
    "CouponExhausted",
    "CouponIn",
    "CouponQuote",
    "CouponUpdate",
    "CouponUsedUp",
    "MyCoupon",
    "applies_to",
    "assign_coupon",
    "create_coupon",
    "delete_coupon",
    "discount_for",
    "get_coupon",
    "list_my_coupons",
    "normalize_code",
    "quote_coupon",
    "redeem_coupon",
    "update_coupon",
]
