from __future__ import annotations

import strawberry

from tenantry.core.inputs import parse_input
from tenantry.core.pagination import DEFAULT_PER_PAGE, PageRequest
from tenantry.resolvers import orders
from tenantry.schema.inputs import input_data
from tenantry.schema.orders.inputs import OrderPreviewInput
from tenantry.schema.orders.types import GQLInfo, Order, OrderPage, OrderPreview, OrderStatus
from tenantry.schema.pagination import PageInfo


@strawberry.type
class Query:
    @strawberry.field(description="The member's orders (admins: every order), newest first.")
    async def orders(
        self,
        info: GQLInfo,
        status: OrderStatus | None = None,
        page: int = 1,
        per_page: int = DEFAULT_PER_PAGE,
    ) -> OrderPage:
        context = info.context
        request = PageRequest.parse(page, per_page)
        filters = orders.OrderFilters(status=status)
        found = await orders.list_orders(
            context.session, ctx=context.ctx, filters=filters, page=request
        )
        return OrderPage(
            items=[Order.from_model(order) for order in found.items],
            page_info=PageInfo.from_page(found),
        )

    @strawberry.field(description="One of the member's orders by number; others are NOT_FOUND.")
    async def order(self, info: GQLInfo, number: str) -> Order | None:
        context = info.context
        found = await orders.get_order(context.session, ctx=context.ctx, number=number)
        return Order.from_model(found)

    @strawberry.field(description="The member's cart as an order would charge it now.")
    async def order_preview(
        self, info: GQLInfo, input: OrderPreviewInput | None = None
    ) -> OrderPreview:
        context = info.context
        data = parse_input(orders.PreviewIn, input_data(input) if input is not None else {})
        preview = await orders.preview_order(context.session, ctx=context.ctx, data=data)
        return OrderPreview.from_preview(preview)
