"""Custom entities in GraphQL: schemas, records with JSON data and typed filters."""

from tenantry.schema.entities.mutations import Mutation
from tenantry.schema.entities.queries import Query

__all__ = ["Mutation", "Query"]
