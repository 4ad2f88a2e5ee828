"""Orders: checkout from the cart, orders from items, the status lifecycle, reads."""

from tenantry.models.order import OrderStatus
from tenantry.resolvers.orders.checkout import (
    EMPTY_CART,
    OrderPreview,
    create_order_from_cart,
    preview_order,
)
from tenantry.resolvers.orders.direct import UnknownReference, create_order_from_items
from tenantry.resolvers.orders.inputs import (
    AddressIn,
    CheckoutIn,
    DirectOrderIn,
    ItemIn,
    OrderFilters,
    OrderUpdateIn,
    PreviewIn,
    StreetAddressIn,
)
from tenantry.resolvers.orders.lifecycle import (
    MEMBER_CANCELLABLE,
    STATUS_CHANGED,
    TRANSITIONS,
    InvalidTransition,
    cancel_my_order,
    cancel_order,
    change_status,
    update_order,
    update_order_status,
)
from tenantry.resolvers.orders.once import (
    create_order_from_cart_once,
    create_order_from_items_once,
    load_placed_order,
)
from tenantry.resolvers.orders.order_downloads import list_order_downloads
from tenantry.resolvers.orders.payloads import order_object
from tenantry.resolvers.orders.placing import PlacedOrder
from tenantry.resolvers.orders.queries import (
    get_order,
    get_order_by_id,
    history_by_order_ids,
    items_by_order_ids,
    list_orders,
    orders_by_ids,
)

__all__ = [
    "EMPTY_CART",
    "MEMBER_CANCELLABLE",
    "STATUS_CHANGED",
    "TRANSITIONS",
    "AddressIn",
    "CheckoutIn",
    "DirectOrderIn",
    "InvalidTransition",
    "ItemIn",
    "OrderFilters",
    "OrderPreview",
    "OrderStatus",
    "OrderUpdateIn",
    "PlacedOrder",
    "PreviewIn",
    "StreetAddressIn",
    "UnknownReference",
    "cancel_my_order",
    "cancel_order",
    "change_status",
    "create_order_from_cart",
    "create_order_from_cart_once",
    "create_order_from_items",
    "create_order_from_items_once",
    "get_order",
    "get_order_by_id",
    "history_by_order_ids",
    "items_by_order_ids",
    "list_order_downloads",
    "list_orders",
    "load_placed_order",
    "order_object",
    "orders_by_ids",
    "preview_order",
    "update_order",
    "update_order_status",
]
