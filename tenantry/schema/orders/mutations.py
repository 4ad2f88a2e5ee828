"""Order writes: members check out and cancel; staff (or a secret key) move orders along."""

from __future__ import annotations

import strawberry

from tenantry.core.access import require_member
from tenantry.core.inputs import parse_input
from tenantry.resolvers import orders
from tenantry.schema.idempotency import IdempotencyKey
from tenantry.schema.inputs import input_data
from tenantry.schema.orders import loaders
from tenantry.schema.orders.inputs import CreateOrderInput
from tenantry.schema.orders.types import GQLInfo, Order, OrderStatus


@strawberry.type
class Mutation:
    @strawberry.mutation(
        description="Places the member's cart as an order in one transaction and empties the "
        "cart. With an idempotencyKey, repeating the call returns the first order."
    )
    async def create_order(
        self,
        info: GQLInfo,
        input: CreateOrderInput,
        idempotency_key: IdempotencyKey = None,
    ) -> Order:
        context = info.context
        ctx = context.ctx
        require_member(ctx)
        data = parse_input(orders.CheckoutIn, input_data(input))
        once = await orders.create_order_from_cart_once(
            context.session, ctx=ctx, data=data, key=idempotency_key
        )
        if once.replayed:
            loaders.written(context)
        else:
            loaders.placed(context, once.value)
        return Order.from_model(once.value.order)

    @strawberry.mutation(description="The member cancels while pending or paid; restocks.")
    async def cancel_order(self, info: GQLInfo, number: str) -> Order:
        context = info.context
        order = await orders.cancel_my_order(context.session, ctx=context.ctx, number=number)
        loaders.written(context)
        return Order.from_model(order)

    @strawberry.mutation(description="Staff: moves an order along its lifecycle.")
    async def update_order_status(
        self,
        info: GQLInfo,
        number: str,
        status: OrderStatus,
        note: str | None = None,
    ) -> Order:
        context = info.context
        order = await orders.update_order_status(
            context.session, ctx=context.ctx, number=number, status=status, note=note or ""
        )
        loaders.written(context)
        return Order.from_model(order)
