from tenantry.schema.staff.auth import Mutation, Query

__all__ = ["Mutation", "Query"]
