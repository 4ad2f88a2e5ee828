"""What order operations accept; REST bodies and GraphQL inputs parse through these models.

Prices, totals and statuses are never inputs: a client that sends them is ignored (the models
drop unknown fields) and the server computes them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import Field, StringConstraints

from tenantry.core.inputs import Input, RowId
from tenantry.models.order import OrderStatus

MAX_LINES = 100
MAX_QUANTITY = 10_000

Text = Annotated[str, StringConstraints(max_length=200)]
Required = Annotated[str, StringConstraints(min_length=1, max_length=200)]
Note = Annotated[str, StringConstraints(max_length=1000)]
CouponCode = Annotated[str, StringConstraints(max_length=64)]


class AddressIn(Input):
    """Dialect A's address: name, phone, address, city and zip; the rest is optional."""

    name: Required
    phone: Annotated[str, StringConstraints(min_length=1, max_length=40)]
    address: Required
    address2: Text | None = None
    city: Required
    state: Text | None = None
    zip: Annotated[str, StringConstraints(min_length=1, max_length=20)]
    country: Text | None = None

    def stored(self) -> dict[str, Any]:
        return self.model_dump(exclude_none=True)


class PreviewIn(Input):
    coupon_code: CouponCode | None = None
    shipping_address: AddressIn | None = None


class CheckoutIn(Input):
    """Create an order from the member's cart. The shipping address is needed for parcels."""

    shipping_address: AddressIn | None = None
    billing_address: AddressIn | None = None
    coupon_code: CouponCode | None = None
    note: Note | None = None


class StreetAddressIn(Input):
    """Dialect B's address: street, city and country; state and zip where they apply."""

    name: Text | None = None
    phone: Annotated[str, StringConstraints(max_length=40)] | None = None
    street: Required
    city: Required
    state: Text | None = None
    zip: Annotated[str, StringConstraints(max_length=20)] | None = None
    country: Annotated[str, StringConstraints(min_length=2, max_length=60)]

    def stored(self) -> dict[str, Any]:
        return self.model_dump(exclude_none=True)


class ItemIn(Input):
    product_id: RowId
    quantity: int = Field(default=1, ge=1, le=MAX_QUANTITY)


class DirectOrderIn(Input):
    """An order placed by the shop's server for a customer, from items rather than a cart."""

    customer_id: RowId | None = None
    items: list[ItemIn] = Field(min_length=1, max_length=MAX_LINES)
    shipping_address: StreetAddressIn | None = None
    note: Note | None = None


class OrderUpdateIn(Input):
    """Dialect B's PUT: a status (through the lifecycle), the address while pending, a note."""

    status: OrderStatus | None = None
    shipping_address: StreetAddressIn | None = None
    note: Note | None = None


@dataclass(frozen=True)
class OrderFilters:
    status: OrderStatus | None = None
    customer_id: int | None = None  # admins only
