"""An order's payments and refunds, batched per operation: one statement per relation."""

from __future__ import annotations

from strawberry.dataloader import DataLoader

from tenantry.models.payments import Payment, Refund
from tenantry.resolvers import payments
from tenantry.schema.context import GraphQLContext
from tenantry.schema.dataloaders import batch_loader, forget

PAYMENTS = "payments_by_order_id"
REFUNDS = "refunds_by_order_id"


def payments_by_order_id(context: GraphQLContext) -> DataLoader[int, list[Payment]]:
    return batch_loader(context, PAYMENTS, payments.payments_by_order_ids, [])


def refunds_by_order_id(context: GraphQLContext) -> DataLoader[int, list[Refund]]:
    return batch_loader(context, REFUNDS, payments.refunds_by_order_ids, [])


def written(context: GraphQLContext) -> None:
    """A mutation changed payments: later fields of the operation read them again."""
    forget(context, PAYMENTS, REFUNDS)
