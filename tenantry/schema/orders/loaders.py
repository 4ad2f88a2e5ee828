"""Order relations, batched per operation: one statement per relation for a whole page."""

from __future__ import annotations

from strawberry.dataloader import DataLoader

from tenantry.models.order import Order, OrderItem, OrderStatusChange
from tenantry.models.payments import Payment, Refund
from tenantry.resolvers import orders, payments
from tenantry.schema.context import GraphQLContext
from tenantry.schema.dataloaders import batch_loader, forget

ITEMS = "order_items_by_order_id"
HISTORY = "order_history_by_order_id"
ORDERS = "order_by_id"
PAYMENTS = "payments_by_order_id"
REFUNDS = "refunds_by_order_id"


def order_by_id(context: GraphQLContext) -> DataLoader[int, Order | None]:
    return batch_loader(context, ORDERS, orders.orders_by_ids, None)


def items_by_order_id(context: GraphQLContext) -> DataLoader[int, list[OrderItem]]:
    return batch_loader(context, ITEMS, orders.items_by_order_ids, [])


def history_by_order_id(context: GraphQLContext) -> DataLoader[int, list[OrderStatusChange]]:
    return batch_loader(context, HISTORY, orders.history_by_order_ids, [])


def payments_by_order_id(context: GraphQLContext) -> DataLoader[int, list[Payment]]:
    return batch_loader(context, PAYMENTS, payments.payments_by_order_ids, [])


def refunds_by_order_id(context: GraphQLContext) -> DataLoader[int, list[Refund]]:
    return batch_loader(context, REFUNDS, payments.refunds_by_order_ids, [])


def written(context: GraphQLContext) -> None:
    forget(context, ITEMS, HISTORY, ORDERS, PAYMENTS, REFUNDS)


def placed(context: GraphQLContext, new: orders.PlacedOrder) -> None:
    """A new order's items and history resolve from the rows its transaction wrote: reading
    them back would keep the product's stock locked for more round trips before the commit."""
    written(context)
    order_id = new.order.id
    assert order_id is not None
    items_by_order_id(context).prime(order_id, new.items)
    history_by_order_id(context).prime(order_id, new.history)
