"""Orders in GraphQL: checkout, the member's orders, staff status changes, live status."""

from tenantry.schema.orders.mutations import Mutation
from tenantry.schema.orders.queries import Query
from tenantry.schema.orders.subscriptions import Subscription

__all__ = ["Mutation", "Query", "Subscription"]
