"""Product reviews in GraphQL."""

from tenantry.schema.reviews.mutations import Mutation
from tenantry.schema.reviews.queries import Query

__all__ = ["Mutation", "Query"]
