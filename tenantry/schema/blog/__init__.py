"""The blog in GraphQL: posts, categories, tags; staff writes; live publication events."""

from tenantry.schema.blog.mutations import Mutation
from tenantry.schema.blog.queries import Query
from tenantry.schema.blog.subscriptions import Subscription

__all__ = ["Mutation", "Query", "Subscription"]
