"""The catalog in GraphQL: products, categories, bundles; staff writes."""

from tenantry.schema.catalog.mutations import Mutation
from tenantry.schema.catalog.queries import Query

__all__ = ["Mutation", "Query"]
