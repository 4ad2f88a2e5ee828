"""A booking's hold paid through Toss's payment window, and its payment's status."""

from __future__ import annotations

from datetime import datetime

import strawberry

from tenantry.core.ids import parse_id
from tenantry.core.inputs import parse_input
from tenantry.models import payments as payment_rows
from tenantry.resolvers import reservation_payments
from tenantry.schema.idempotency import IdempotencyKey
from tenantry.schema.ids import graphql_id
from tenantry.schema.inputs import input_data
from tenantry.schema.reservations.types import GQLInfo, Reservation


@strawberry.input(description="The held booking to pay and where Toss sends the buyer back.")
class ReadyReservationTossPaymentInput:
    reservation_number: str
    success_url: str
    fail_url: str
    phone: str | None = strawberry.field(
        default=None, description="A guest's booking: the phone it was made with."
    )


@strawberry.input(description="What Toss put in the success URL's query: confirm it.")
class ConfirmReservationTossPaymentInput:
    payment_key: str
    order_id: str = strawberry.field(description="The reservation number.")
    amount: int = strawberry.field(description="Must equal the booking's price, in won.")
    phone: str | None = strawberry.field(
        default=None, description="A guest's booking: the phone it was made with."
    )


@strawberry.type(description="A booking's payment. Amounts are in the minor unit (won).")
class ReservationPayment:
    id: strawberry.ID
    status: payment_rows.PaymentStatus
    processor: payment_rows.Processor
    method: str
    amount: int
    amount_refunded: int
    currency: str
    payment_key: str | None = strawberry.field(description="Toss's paymentKey.")
    failure_code: str | None
    failure_message: str | None
    paid_at: datetime | None
    created_at: datetime
    reservation: Reservation

    @classmethod
    def from_models(cls, done: reservation_payments.BookingPayment) -> ReservationPayment:
        payment = done.payment
        return cls(
            id=graphql_id(payment.id),
            status=payment_rows.PaymentStatus(payment.status),
            processor=payment_rows.Processor(payment.processor),
            method=payment.method,
            amount=payment.amount,
            amount_refunded=payment.amount_refunded,
            currency=payment.currency,
            payment_key=payment.reference,
            failure_code=payment.failure_code,
            failure_message=payment.failure_message,
            paid_at=payment.succeeded_at,
            created_at=payment.created_at,
            reservation=Reservation.from_model(done.reservation),
        )


@strawberry.type(description="What Toss's payment window is opened with for a held booking.")
class ReservationTossPaymentWindow:
    client_key: str
    order_id: str = strawberry.field(description="The reservation number, Toss's orderId.")
    amount: int = strawberry.field(description="The booking's price, in won.")
    currency: str
    order_name: str = strawberry.field(description="The service's name.")
    customer_name: str
    customer_email: str | None
    customer_mobile_phone: str | None
    success_url: str
    fail_url: str
    payment: ReservationPayment = strawberry.field(
        description="The pending payment the window will pay."
    )


@strawberry.type
class Query:
    @strawberry.field(
        description="A booking's payment, for the booking's member, a guest giving its phone, "
        "or staff; anyone else's is not found."
    )
    async def reservation_payment(
        self, info: GQLInfo, id: strawberry.ID, phone: str | None = None
    ) -> ReservationPayment:
        context = info.context
        found = await reservation_payments.get_reservation_payment(
            context.session, ctx=context.ctx, payment_id=parse_id(id, "payment"), phone=phone
        )
        return ReservationPayment.from_models(found)


@strawberry.type
class Mutation:
    @strawberry.mutation(
        description="Opens (or reuses) the pending Toss payment of a held booking and answers "
        "what Toss's payment window needs; a lapsed hold is HOLD_EXPIRED (nothing charged)."
    )
    async def ready_reservation_toss_payment(
        self, info: GQLInfo, input: ReadyReservationTossPaymentInput
    ) -> ReservationTossPaymentWindow:
        context = info.context
        data = parse_input(reservation_payments.ReservationTossReadyIn, input_data(input))
        ready = await reservation_payments.prepare_reservation_toss_payment(
            context.session, ctx=context.ctx, data=data
        )
        reservation = ready.reservation
        return ReservationTossPaymentWindow(
            client_key=ready.client_key,
            order_id=reservation.number,
            amount=ready.payment.amount,
            currency=ready.currency,
            order_name=ready.order_name,
            customer_name=reservation.name,
            customer_email=reservation.email,
            customer_mobile_phone=reservation.phone or None,
            success_url=ready.success_url,
            fail_url=ready.fail_url,
            payment=ReservationPayment.from_models(
                reservation_payments.BookingPayment(reservation, ready.payment)
            ),
        )

    @strawberry.mutation(
        description="Confirms the held booking's Toss payment after the redirect: the booking "
        "is paid (and confirmed, unless staff confirm bookings). Money taken after the hold "
        "lapsed is refunded and answered as a hold_expired conflict."
    )
    async def confirm_reservation_toss_payment(
        self,
        info: GQLInfo,
        input: ConfirmReservationTossPaymentInput,
        idempotency_key: IdempotencyKey = None,
    ) -> ReservationPayment:
        context = info.context
        data = parse_input(reservation_payments.ReservationTossConfirmIn, input_data(input))
        once = await reservation_payments.confirm_reservation_toss_payment(
            context.session, ctx=context.ctx, data=data, key=idempotency_key
        )
        return ReservationPayment.from_models(once.value)
