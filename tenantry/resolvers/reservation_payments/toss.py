"""Paying a booking's hold through Toss's payment window: ready, confirm, and the status.

Toss's `orderId` is the reservation number. Confirm follows the order flow (decision 89): the
booking is locked, the client's amount compared with its price, Toss asked to confirm; no
answer leaves the payment `unknown`, and confirming the same paymentKey again asks Toss and
settles it. A hold that lapsed before the confirm is refused without calling Toss (nothing is
charged); money Toss took for a hold that lapsed meanwhile (a confirm left unknown, settled
after the expiry) is recorded as succeeded and refunded at once through Toss's cancel, and the
answer is 409 `hold_expired`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from pydantic import Field
from sqlalchemy.ext.asyncio import AsyncSession

from tenantry.core.context import Ctx
from tenantry.core.errors import ValidationFailed
from tenantry.core.inputs import Input
from tenantry.models.payments import Payment, PaymentStatus, Processor
from tenantry.models.reservations import ACTIVE_STATUSES, Reservation, ReservationService
from tenantry.resolvers import reservations
from tenantry.resolvers.idempotency import Once, Result, run_once
from tenantry.resolvers.payments.errors import AlreadyPaid
from tenantry.resolvers.payments.ledger import find_payment, record_refund
from tenantry.resolvers.payments.toss_checkout import HttpUrl, check_again, send_confirm
from tenantry.resolvers.payments.toss_client import toss_client, toss_give_back, toss_keys
from tenantry.resolvers.payments.toss_settle import outcome_error
from tenantry.resolvers.reservation_payments.ledger import (
    CANCELLED_REFUNDED,
    REFUNDED,
    HoldExpired,
    NotPayable,
    booking_payment,
    booking_to_pay,
    check_amount,
    check_krw,
    lock_booking_payment,
    open_booking_payment,
    released_by_lapse,
)

CONFIRM = "reservation_payments.toss_confirm"
REFUND_REASON = "The reservation's hold expired before its payment arrived."


class ReservationTossReadyIn(Input):
    reservation_number: str = Field(min_length=1, max_length=30)
    phone: str | None = Field(default=None, max_length=40)
    success_url: HttpUrl
    fail_url: HttpUrl


class ReservationTossConfirmIn(Input):
    payment_key: str = Field(min_length=1, max_length=200)
    order_id: str = Field(min_length=1, max_length=30)
    amount: int = Field(ge=0)
    phone: str | None = Field(default=None, max_length=40)


@dataclass(frozen=True)
class ReservationTossReady:
    client_key: str
    reservation: Reservation
    payment: Payment
    currency: str
    order_name: str
    success_url: str
    fail_url: str


@dataclass(frozen=True)
class BookingPayment:
    reservation: Reservation
    payment: Payment


async def prepare_reservation_toss_payment(
    session: AsyncSession, *, ctx: Ctx, data: ReservationTossReadyIn
) -> ReservationTossReady:
    """Opens (or reuses) the hold's pending Toss payment and answers what the window needs."""
    reservation = await booking_to_pay(
        session, ctx=ctx, number=data.reservation_number, phone=data.phone
    )
    currency = check_krw(ctx)
    keys = await toss_keys(session, ctx=ctx)
    payment = await open_booking_payment(session, reservation=reservation, currency=currency)
    service = await session.get(ReservationService, reservation.service_id)
    name = service.name if service is not None else f"Reservation {reservation.number}"
    return ReservationTossReady(
        client_key=keys.client_key,
        reservation=reservation,
        payment=payment,
        currency=currency,
        order_name=name[:100],
        success_url=data.success_url,
        fail_url=data.fail_url,
    )


async def confirm_reservation_toss_payment(
    session: AsyncSession, *, ctx: Ctx, data: ReservationTossConfirmIn, key: str | None
) -> Once[BookingPayment]:
    """Approves the hold's payment with Toss and settles the booking. A refusal or no answer
    raises after the payment is recorded; money taken after the hold lapsed is refunded and
    raises HoldExpired (all kept, with the Idempotency-Key's result)."""
    once = await run_once(
        session,
        ctx=ctx,
        operation=CONFIRM,
        key=key,
        params=data,
        run=partial(_confirm, session, ctx=ctx, data=data),
        result=_made,
        replay=lambda made: _replayed(session, ctx=ctx, payment_id=made["payment_id"]),
    )
    payment = once.value.payment
    error = outcome_error(payment)
    if error is not None:
        raise error
    reservation = once.value.reservation
    if reservation.paid_at is None and payment.amount_refunded > 0:
        if released_by_lapse(reservation):
            raise HoldExpired(REFUNDED, keep_changes=True)
        raise NotPayable(CANCELLED_REFUNDED, keep_changes=True)
    return once


async def _confirm(
    session: AsyncSession, *, ctx: Ctx, data: ReservationTossConfirmIn
) -> BookingPayment:
    try:
        reservation = await booking_to_pay(session, ctx=ctx, number=data.order_id, phone=data.phone)
    except (AlreadyPaid, HoldExpired, NotPayable):
        known = await _known_payment(session, ctx=ctx, data=data)
        if known is None:
            raise
        return await _settle_known(session, ctx=ctx, payment_id=known)
    check_amount(reservation, data.amount)
    currency = check_krw(ctx, field="order_id")
    known = await _known_payment(session, ctx=ctx, data=data)
    if known is not None:
        return await _settle_known(session, ctx=ctx, payment_id=known)
    client, _ = await toss_client(session, ctx=ctx)
    payment = await open_booking_payment(session, reservation=reservation, currency=currency)
    payment.reference = data.payment_key
    await session.flush()
    await send_confirm(
        session, ctx=ctx, client=client, order=None, payment=payment, order_id=reservation.number
    )
    await _apply(session, ctx=ctx, reservation=reservation, payment=payment, hold_valid=True)
    return BookingPayment(reservation, payment)


async def _known_payment(
    session: AsyncSession, *, ctx: Ctx, data: ReservationTossConfirmIn
) -> int | None:
    """The id of this booking's payment already confirmed with this paymentKey (a reload of
    the success page, a retry after no answer); another payment's key is refused."""
    payment = await find_payment(session, processor=Processor.TOSS, reference=data.payment_key)
    if payment is None:
        return None
    assert payment.id is not None
    reservation = await reservations.get_reservation(
        session, ctx=ctx, number=data.order_id, phone=data.phone
    )
    if payment.reservation_id != reservation.id:
        raise ValidationFailed.single("payment_key", "This payment key is another payment's.")
    return payment.id


async def _settle_known(session: AsyncSession, *, ctx: Ctx, payment_id: int) -> BookingPayment:
    """A payment confirmed before: asked about again while Toss's word is missing, then
    settled on the booking as things stand now."""
    reservation, payment = await lock_booking_payment(session, payment_id=payment_id)
    active = reservation.status in ACTIVE_STATUSES
    hold_valid = active and not reservations.is_lapsed(reservation, ctx.now())
    waiting = payment.status in {PaymentStatus.UNKNOWN, PaymentStatus.PENDING}
    if waiting and payment.reference is not None:
        client, _ = await toss_client(session, ctx=ctx)
        await check_again(
            session,
            ctx=ctx,
            client=client,
            order=None,
            payment=payment,
            order_id=reservation.number,
        )
    await _apply(session, ctx=ctx, reservation=reservation, payment=payment, hold_valid=hold_valid)
    return BookingPayment(reservation, payment)


async def _apply(
    session: AsyncSession,
    *,
    ctx: Ctx,
    reservation: Reservation,
    payment: Payment,
    hold_valid: bool,
) -> None:
    """What a succeeded payment does to its booking (both locked): an active booking whose hold
    was still valid when the money was taken is paid; otherwise (the hold lapsed, the booking
    was cancelled) the hold is released and the money given back through the one refund path."""
    if payment.status != PaymentStatus.SUCCEEDED or reservation.paid_at is not None:
        return
    if hold_valid:
        await reservations.settle_paid_hold(session, ctx=ctx, reservation=reservation)
        return
    await reservations.release_hold(session, reservation, now=ctx.now())
    left = payment.amount - payment.amount_refunded
    if left <= 0:
        return
    reference = await toss_give_back(session, ctx, payment, left, REFUND_REASON)
    await record_refund(
        session,
        ctx=ctx,
        order=None,
        payment=payment,
        amount=left,
        reason=REFUND_REASON,
        reference=reference,
    )


async def _replayed(session: AsyncSession, *, ctx: Ctx, payment_id: int) -> BookingPayment:
    return await _settle_known(session, ctx=ctx, payment_id=payment_id)


def _made(done: BookingPayment) -> Result:
    assert done.payment.id is not None
    return {"payment_id": done.payment.id}


async def get_reservation_payment(
    session: AsyncSession, *, ctx: Ctx, payment_id: int, phone: str | None = None
) -> BookingPayment:
    """A booking's payment, for its booking's readers (the member, a guest with the phone,
    staff); anyone else's, or another tenant's, is not found."""
    reservation, payment = await booking_payment(
        session, ctx=ctx, payment_id=payment_id, phone=phone
    )
    return BookingPayment(reservation, payment)
