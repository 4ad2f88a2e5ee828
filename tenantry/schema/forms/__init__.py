"""Forms in GraphQL: public forms and submissions, staff definitions and submission lists."""

from tenantry.schema.forms.mutations import Mutation
from tenantry.schema.forms.queries import Query

__all__ = ["Mutation", "Query"]
