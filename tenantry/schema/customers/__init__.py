"""Customers in GraphQL, for owner/admin staff or a secret key."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from tenantry.core.ids import parse_id
from tenantry.core.inputs import parse_input
from tenantry.core.pagination import DEFAULT_PER_PAGE, PageRequest
from tenantry.resolvers import customers
from tenantry.schema.context import GraphQLContext
from tenantry.schema.customers.types import (
    CreateCustomerInput,
    Customer,
    CustomerPage,
    UpdateCustomerInput,
)
from tenantry.schema.inputs import input_data
from tenantry.schema.pagination import PageInfo

GQLInfo = Info[GraphQLContext, None]


@strawberry.type
class Query:
    @strawberry.field(description="Customers, newest first; email finds one by address.")
    async def customers(
        self,
        info: GQLInfo,
        email: str | None = None,
        page: int = 1,
        per_page: int = DEFAULT_PER_PAGE,
    ) -> CustomerPage:
        context = info.context
        request = PageRequest.parse(page, per_page)
        found = await customers.list_customers(
            context.session, ctx=context.ctx, email=email, page=request
        )
        return CustomerPage(
            items=[Customer.from_model(customer) for customer in found.items],
            page_info=PageInfo.from_page(found),
        )

    @strawberry.field
    async def customer(self, info: GQLInfo, id: strawberry.ID) -> Customer | None:
        context = info.context
        found = await customers.get_customer(
            context.session, ctx=context.ctx, customer_id=parse_id(id, "customer")
        )
        return Customer.from_model(found)


@strawberry.type
class Mutation:
    @strawberry.mutation
    async def create_customer(self, info: GQLInfo, input: CreateCustomerInput) -> Customer:
        context = info.context
        data = parse_input(customers.CustomerIn, input_data(input))
        customer = await customers.create_customer(context.session, ctx=context.ctx, data=data)
        return Customer.from_model(customer)

    @strawberry.mutation
    async def update_customer(
        self, info: GQLInfo, id: strawberry.ID, input: UpdateCustomerInput
    ) -> Customer:
        context = info.context
        data = parse_input(customers.CustomerUpdate, input_data(input))
        customer = await customers.update_customer(
            context.session, ctx=context.ctx, customer_id=parse_id(id, "customer"), data=data
        )
        return Customer.from_model(customer)

    @strawberry.mutation(description="Soft delete: the customer's orders keep their reference.")
    async def delete_customer(self, info: GQLInfo, id: strawberry.ID) -> bool:
        context = info.context
        await customers.delete_customer(
            context.session, ctx=context.ctx, customer_id=parse_id(id, "customer")
        )
        return True


__all__ = ["Mutation", "Query"]
