"""Reservation payments in GraphQL: readyReservationTossPayment, confirmReservationTossPayment
and reservationPayment(id), calling the domain functions the REST paths call."""

from tenantry.schema.reservation_payments.operations import Mutation, Query

__all__ = ["Mutation", "Query"]
