"""The cart in GraphQL: one per member or per guest token."""

from tenantry.schema.cart.mutations import Mutation
from tenantry.schema.cart.queries import Query

__all__ = ["Mutation", "Query"]
