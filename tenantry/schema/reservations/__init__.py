"""Reservations in GraphQL: the policy, services and staff, availability, booking, the staff
schedule and live status."""

from tenantry.schema.reservations.live import Subscription
from tenantry.schema.reservations.mutations import Mutation
from tenantry.schema.reservations.queries import Query

__all__ = ["Mutation", "Query", "Subscription"]
