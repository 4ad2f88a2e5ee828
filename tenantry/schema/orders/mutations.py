"""Order writes: members check out and cancel; staff (or a secret key) move orders along."""

from __future__ import annotations

from typing import Annotated

import strawberry

from tenantry.core.access import require_member
from tenantry.core.inputs import parse_input
from tenantry.models.order import Order as OrderRow
from tenantry.resolvers import orders
from tenantry.resolvers.idempotency import Answer, run_idempotent
from tenantry.schema.inputs import input_data
from tenantry.schema.orders import loaders
from tenantry.schema.orders.inputs import CreateOrderInput
from tenantry.schema.orders.types import GQLInfo, Order, OrderStatus

# A new order comes with the rows it wrote; a replayed one is read again.
Created = orders.PlacedOrder | OrderRow


def _row(created: Created) -> OrderRow:
    return created.order if isinstance(created, orders.PlacedOrder) else created


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
        idempotency_key: Annotated[
            str | None,
            strawberry.argument(description="Stripe's Idempotency-Key semantics, per member."),
        ] = None,
    ) -> Order:
        context = info.context
        ctx = context.ctx
        params = input_data(input)

        async def run() -> Created:
            data = parse_input(orders.CheckoutIn, params)
            return await orders.create_order_from_cart(context.session, ctx=ctx, data=data)

        async def replay(answer: Answer) -> Created:
            number = str(answer.body["number"])
            return await orders.get_order(context.session, ctx=ctx, number=number)

        require_member(ctx)
        created = await run_idempotent(
            context.session,
            ctx=ctx,
            operation="graphql.createOrder",
            key=idempotency_key,
            params=params,
            run=run,
            answer=lambda created: Answer(200, {"number": _row(created).number}),
            replay=replay,
        )
        if isinstance(created, orders.PlacedOrder):
            loaders.placed(context, created)
        else:
            loaders.written(context)
        return Order.from_model(_row(created))

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
