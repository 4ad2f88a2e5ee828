"""Coupons in GraphQL: staff management, my coupons, validation, the cart's coupon."""

from tenantry.schema.coupons.mutations import Mutation
from tenantry.schema.coupons.queries import Query

__all__ = ["Mutation", "Query"]
