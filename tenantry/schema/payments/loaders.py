"""After a payment mutation: an order's payments, refunds and status are read again."""

from __future__ import annotations

from tenantry.schema.context import GraphQLContext
from tenantry.schema.orders import loaders as order_loaders


def written(context: GraphQLContext) -> None:
    """A mutation changed payments (and perhaps the order): later fields read them again."""
    order_loaders.written(context)
