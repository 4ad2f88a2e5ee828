"""A booking's payments in the one payments ledger: `payment.reservation_id` instead of an
order. Locks are taken booking first, then payment, on every path (ready, confirm, a retried
confirm, the sweeper releasing the hold), so one of them finds the other's work done.

The amount is always the booking's price (the service's when it was booked); a client's amount
is only compared.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from tenantry.core.context import Ctx
from tenantry.core.errors import Conflict, NotFound, ValidationFailed
from tenantry.models.payments import Payment, PaymentStatus, Processor
from tenantry.models.reservations import Reservation, ReservationStatus
from tenantry.resolvers import reservations
from tenantry.resolvers.payments.errors import AlreadyPaid, AmountMismatch

CURRENCY = "KRW"  # Toss takes won only


class HoldExpired(Conflict):
    """The hold lapsed before the payment was taken (nothing charged), or the money was taken
    after it lapsed and has been given back; either way the booking is not kept."""

    default_code = "hold_expired"
    default_message = "The reservation's hold expired before it was paid; nothing was charged."


REFUNDED = "The reservation's hold expired before its payment arrived; the payment was refunded."
CANCELLED_REFUNDED = (
    "The reservation was cancelled before its payment arrived; the payment was refunded."
)


class NotPayable(Conflict):
    default_code = "reservation_not_payable"


async def booking_to_pay(
    session: AsyncSession, *, ctx: Ctx, number: str, phone: str | None
) -> Reservation:
    """The caller's booking, locked, if it still waits for its payment: a member's own, a guest
    booking with its phone. A lapsed hold is refused before anything is charged (the sweeper,
    or the next booking of its time, releases it)."""
    reservation = await reservations.get_reservation(
        session, ctx=ctx, number=number, phone=phone, lock=True
    )
    if reservation.paid_at is not None:
        raise AlreadyPaid("This reservation has already been paid.")
    if reservations.is_lapsed(reservation, ctx.now()) or released_by_lapse(reservation):
        raise HoldExpired()
    if reservation.status != ReservationStatus.PENDING or reservation.hold_expires_at is None:
        raise NotPayable(f"A {reservation.status.replace('_', ' ')} reservation is not paid for.")
    return reservation


def released_by_lapse(reservation: Reservation) -> bool:
    """Cancelled because its hold lapsed (not by its booker or staff before that)."""
    expires, cancelled = reservation.hold_expires_at, reservation.cancelled_at
    return (
        reservation.status == ReservationStatus.CANCELLED
        and expires is not None
        and cancelled is not None
        and cancelled >= expires
    )


def check_amount(reservation: Reservation, amount: int | None) -> int:
    if amount is not None and amount != reservation.price:
        raise AmountMismatch(reservation.price)
    return reservation.price


def check_krw(ctx: Ctx, *, field: str = "reservation_number") -> str:
    currency = ctx.tenant.currency.upper()
    if currency != CURRENCY:
        raise ValidationFailed.single(
            field,
            f"Toss Payments takes payments in {CURRENCY} only; this shop's prices are in "
            f"{currency}.",
            code="currency_mismatch",
        )
    return currency


async def open_booking_payment(
    session: AsyncSession, *, reservation: Reservation, currency: str
) -> Payment:
    """The pending Toss payment an earlier ready opened and no confirm has taken yet, or a new
    one of the booking's price."""
    found = await session.scalars(
        select(Payment)
        .where(
            col(Payment.reservation_id) == reservation.id,
            col(Payment.processor) == Processor.TOSS,
            col(Payment.status) == PaymentStatus.PENDING,
            col(Payment.reference).is_(None),
            col(Payment.amount) == reservation.price,
        )
        .order_by(col(Payment.id).desc())
        .limit(1)
    )
    payment = found.first()
    if payment is not None:
        return payment
    assert reservation.id is not None
    payment = Payment(
        reservation_id=reservation.id,
        processor=Processor.TOSS,
        amount=reservation.price,
        currency=currency,
    )
    session.add(payment)
    await session.flush()
    return payment


async def lock_booking_payment(
    session: AsyncSession, *, payment_id: int
) -> tuple[Reservation, Payment]:
    """A booking's payment and its booking, both locked, booking first."""
    payment = await session.scalar(select(Payment).where(col(Payment.id) == payment_id))
    if payment is None or payment.reservation_id is None:
        raise NotFound("payment")
    reservation = await session.scalar(
        select(Reservation)
        .where(col(Reservation.id) == payment.reservation_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    if reservation is None:
        raise NotFound("payment")
    locked = await session.scalar(
        select(Payment)
        .where(col(Payment.id) == payment_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    assert locked is not None
    return reservation, locked


async def booking_payment(
    session: AsyncSession, *, ctx: Ctx, payment_id: int, phone: str | None
) -> tuple[Reservation, Payment]:
    """A booking's payment as its booking's reader may see it; anyone else's is not found."""
    payment = await session.scalar(
        select(Payment).where(
            col(Payment.id) == payment_id, col(Payment.reservation_id).is_not(None)
        )
    )
    if payment is None:
        raise NotFound("payment")
    reservation = await session.scalar(
        select(Reservation).where(col(Reservation.id) == payment.reservation_id)
    )
    if reservation is None or not reservations.may_see(ctx, reservation, phone):
        raise NotFound("payment")
    return reservation, payment
