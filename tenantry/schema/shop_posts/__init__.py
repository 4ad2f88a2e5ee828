"""The shop posts API in GraphQL: posts with body_data, landing pages, feedback."""

from tenantry.schema.shop_posts.mutations import Mutation
from tenantry.schema.shop_posts.queries import Query

__all__ = ["Mutation", "Query"]
