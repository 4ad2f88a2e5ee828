"""Unified comments in GraphQL: threads on blog posts, board posts and pages; likes."""

from tenantry.schema.comments.mutations import Mutation
from tenantry.schema.comments.queries import Query

__all__ = ["Mutation", "Query"]
