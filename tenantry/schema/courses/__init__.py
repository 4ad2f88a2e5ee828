"""Courses in GraphQL: the catalog, staff writes, enrollment and a member's progress."""

from tenantry.schema.courses.mutations import Mutation
from tenantry.schema.courses.queries import Query

__all__ = ["Mutation", "Query"]
