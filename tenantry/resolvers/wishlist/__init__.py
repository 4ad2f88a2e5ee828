"""Members' wishlists: items per product (and variant), notes, checks, moving to the cart."""

from tenantry.resolvers.wishlist.items import (
    MAX_NOTE_LENGTH,
    Added,
    WishlistItemIn,
    WishlistNoteIn,
    WishlistToggleIn,
    add_to_wishlist,
    own_item,
    remove_from_wishlist,
    toggle_wishlist,
    update_wishlist_note,
)
from tenantry.resolvers.wishlist.move import (
    MoveFailure,
    MoveResult,
    MoveToCartIn,
    move_wishlist_to_cart,
)
from tenantry.resolvers.wishlist.queries import (
    ProductIdsIn,
    count_wishlist,
    list_wishlist,
    product_wishlist_count,
    wishlist_status,
)

__all__ = [
    "MAX_NOTE_LENGTH",
    "Added",
    "MoveFailure",
    "MoveResult",
    "MoveToCartIn",
    "ProductIdsIn",
    "WishlistItemIn",
    "WishlistNoteIn",
    "WishlistToggleIn",
    "add_to_wishlist",
    "count_wishlist",
    "list_wishlist",
    "move_wishlist_to_cart",
    "own_item",
    "product_wishlist_count",
    "remove_from_wishlist",
    "toggle_wishlist",
    "update_wishlist_note",
    "wishlist_status",
]
