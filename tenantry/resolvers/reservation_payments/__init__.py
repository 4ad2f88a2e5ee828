"""Reservation payments: a booking's hold paid through Toss, in the one payments ledger."""

from tenantry.resolvers.reservation_payments.ledger import HoldExpired, NotPayable
from tenantry.resolvers.reservation_payments.toss import (
    BookingPayment,
    ReservationTossConfirmIn,
    ReservationTossReady,
    ReservationTossReadyIn,
    confirm_reservation_toss_payment,
    get_reservation_payment,
    prepare_reservation_toss_payment,
)

__all__ = [
    "BookingPayment",
    "HoldExpired",
    "NotPayable",
    "ReservationTossConfirmIn",
    "ReservationTossReady",
    "ReservationTossReadyIn",
    "confirm_reservation_toss_payment",
    "get_reservation_payment",
    "prepare_reservation_toss_payment",
]
