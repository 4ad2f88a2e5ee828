from tenantry.schema.auth.mutations import Mutation
from tenantry.schema.auth.queries import Query

__all__ = ["Mutation", "Query"]
