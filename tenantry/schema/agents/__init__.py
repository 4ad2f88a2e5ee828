"""AI agents in GraphQL: configuration, runs and their live status, the FAQ."""

from tenantry.schema.agents.mutations import Mutation
from tenantry.schema.agents.queries import Query
from tenantry.schema.agents.subscriptions import Subscription

__all__ = ["Mutation", "Query", "Subscription"]
