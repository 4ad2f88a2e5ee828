"""The member's wishlist in GraphQL."""

from tenantry.schema.wishlist.mutations import Mutation
from tenantry.schema.wishlist.queries import Query

__all__ = ["Mutation", "Query"]
