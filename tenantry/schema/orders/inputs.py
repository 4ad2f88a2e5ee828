"""GraphQL inputs for orders; each becomes a dict parsed by the resolvers' pydantic models."""

from __future__ import annotations

import strawberry


@strawberry.input(description="name, phone, address, city and zip are required.")
class AddressInput:
    name: str | None = strawberry.UNSET
    phone: str | None = strawberry.UNSET
    address: str | None = strawberry.UNSET
    address2: str | None = strawberry.UNSET
    city: str | None = strawberry.UNSET
    state: str | None = strawberry.UNSET
    zip: str | None = strawberry.UNSET
    country: str | None = strawberry.UNSET


@strawberry.input
class OrderPreviewInput:
    coupon_code: str | None = strawberry.UNSET
    shipping_address: AddressInput | None = strawberry.UNSET


@strawberry.input(
    description="An order from the member's cart, priced on the server. The shipping address "
    "is required when anything in the cart is shipped."
)
class CreateOrderInput:
    shipping_address: AddressInput | None = strawberry.UNSET
    billing_address: AddressInput | None = strawberry.UNSET
    coupon_code: str | None = strawberry.UNSET
    note: str | None = strawberry.UNSET
