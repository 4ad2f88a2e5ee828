"""Carts: one per member or per guest token. Both edges and checkout call these functions."""

from tenantry.resolvers.cart.carts import (
    cart_items,
    clear_cart,
    clear_my_cart,
    get_cart,
    get_or_create_cart,
)
from tenantry.resolvers.cart.coupons import (
    CouponApplyIn,
    CouponCheck,
    CouponCheckIn,
    apply_coupon,
    validate_coupon,
)
from tenantry.resolvers.cart.items import (
    MAX_QUANTITY,
    CartItemIn,
    CartItemUpdate,
    ProductUnavailable,
    add_to_cart,
    check_stock,
    remove_cart_item,
    update_cart_item,
)
from tenantry.resolvers.cart.lines import CartLine, load_lines, priced_lines
from tenantry.resolvers.cart.merge import merge_carts, merge_guest_cart
from tenantry.resolvers.cart.summary import CartSummary, summarize_cart
from tenantry.resolvers.cart.validation import CartValidation, LineCheck, validate_cart

__all__ = [
    "MAX_QUANTITY",
    "CartItemIn",
    "CartItemUpdate",
    "CartLine",
    "CartSummary",
    "CartValidation",
    "CouponApplyIn",
    "CouponCheck",
    "CouponCheckIn",
    "LineCheck",
    "ProductUnavailable",
    "add_to_cart",
    "apply_coupon",
    "cart_items",
    "check_stock",
    "clear_cart",
    "clear_my_cart",
    "get_cart",
    "get_or_create_cart",
    "load_lines",
    "merge_carts",
    "merge_guest_cart",
    "priced_lines",
    "remove_cart_item",
    "summarize_cart",
    "update_cart_item",
    "validate_cart",
    "validate_coupon",
]
