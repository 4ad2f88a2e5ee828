"""Media in GraphQL: listing and deleting uploads. Uploads themselves are REST only
(POST /api/{tenant}/media, multipart), streamed to storage at the edge."""

from tenantry.schema.media.schema import Mutation, Query

__all__ = ["Mutation", "Query"]
