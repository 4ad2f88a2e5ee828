"""Digital downloads in GraphQL; the file itself is served by REST only."""

from tenantry.schema.downloads.mutations import Mutation
from tenantry.schema.downloads.queries import Query

__all__ = ["Mutation", "Query"]
