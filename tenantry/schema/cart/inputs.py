from __future__ import annotations

import strawberry


@strawberry.input
class AddToCartInput:
    product_id: strawberry.ID
    variant_id: strawberry.ID | None = None
    quantity: int = 1
    cart_token: str | None = None
