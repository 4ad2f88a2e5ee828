from __future__ import annotations

from datetime import datetime

import strawberry

from tenantry.models import order as rows
from tenantry.schema.pagination import PageInfo


@strawberry.type(description="A buyer record of the commerce API.")
class Customer:
    id: strawberry.ID
    email: str
    name: str
    phone: str | None
    created_at: datetime

    @classmethod
    def from_model(cls, customer: rows.Customer) -> Customer:
        return cls(
            id=strawberry.ID(str(customer.id)),
            email=customer.email,
            name=customer.name,
            phone=customer.phone,
            created_at=customer.created_at,
        )


@strawberry.type
class CustomerPage:
    items: list[Customer]
    page_info: PageInfo


@strawberry.input
class CreateCustomerInput:
    email: str
    name: str | None = strawberry.UNSET
    phone: str | None = strawberry.UNSET


@strawberry.input(description="Only the fields given change; phone null clears it.")
class UpdateCustomerInput:
    email: str | None = strawberry.UNSET
    name: str | None = strawberry.UNSET
    phone: str | None = strawberry.UNSET
