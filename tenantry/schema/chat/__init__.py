"""Live support chat in GraphQL: visitors' and agents' queries, writes and subscriptions."""

from tenantry.schema.chat.mutations import Mutation
from tenantry.schema.chat.queries import Query
from tenantry.schema.chat.subscriptions import Subscription

__all__ = ["Mutation", "Query", "Subscription"]
