"""Community boards in GraphQL: boards, their posts, moderation."""

from tenantry.schema.boards.mutations import Mutation
from tenantry.schema.boards.queries import Query

__all__ = ["Mutation", "Query"]
