"""Toss Payments over GraphQL: prepareTossPayment, confirmTossPayment, createTossVirtualAccount,
and recheckPayment (staff). Cancels are the generic refund mutation's; the deposit callback is
REST only (Toss calls it)."""

from __future__ import annotations

import strawberry

from tenantry.core.ids import parse_id
from tenantry.core.inputs import parse_input
from tenantry.resolvers import payments
from tenantry.schema.idempotency import IdempotencyKey
from tenantry.schema.inputs import input_data
from tenantry.schema.payments import loaders
from tenantry.schema.payments.types import GQLInfo, Payment


@strawberry.input(description="The order to pay and where Toss sends the buyer back.")
class PrepareTossPaymentInput:
    order_number: str
    success_url: str
    fail_url: str


@strawberry.input(description="What Toss put in the success URL's query: confirm it.")
class ConfirmTossPaymentInput:
    payment_key: str
    order_id: str = strawberry.field(description="The order number.")
    amount: int = strawberry.field(description="Must equal what the order owes, in won.")


@strawberry.input
class CreateTossVirtualAccountInput:
    order_number: str
    bank: str = strawberry.field(description="Toss's bank code or name, e.g. 20 or 우리.")
    customer_name: str
    valid_hours: int | None = strawberry.field(
        default=strawberry.UNSET, description="How long the account takes deposits: 1 to 720."
    )


@strawberry.type(description="What Toss's payment window is opened with (tossPaymentReady).")
class TossPaymentWindow:
    client_key: str
    order_id: str = strawberry.field(description="The order number, Toss's orderId.")
    amount: int = strawberry.field(description="What the order owes, in the minor unit (won).")
    currency: str
    order_name: str = strawberry.field(description='The first item\'s name, with " 외 N건".')
    customer_name: str | None
    customer_email: str | None
    success_url: str
    fail_url: str
    payment: Payment = strawberry.field(description="The pending payment the window will pay.")


@strawberry.type(description="A virtual account to pay an order by bank transfer.")
class TossVirtualAccount:
    account_number: str | None
    bank: str | None
    customer_name: str | None
    due_date: str | None = strawberry.field(description="As Toss gives it (ISO 8601).")
    payment: Payment


def _account(payment: Payment) -> TossVirtualAccount:
    details = payment.details if isinstance(payment.details, dict) else {}

    def text(name: str) -> str | None:
        value = details.get(name)
        return str(value) if value is not None else None

    return TossVirtualAccount(
        account_number=text("account_number"),
        bank=text("bank"),
        customer_name=text("customer_name"),
        due_date=text("due_date"),
        payment=payment,
    )


@strawberry.type
class Mutation:
    @strawberry.mutation(
        description="Opens (or reuses) a pending Toss payment of the caller's order and "
        "answers what Toss's payment window needs."
    )
    async def prepare_toss_payment(
        self, info: GQLInfo, input: PrepareTossPaymentInput
    ) -> TossPaymentWindow:
        context = info.context
        data = parse_input(payments.TossReadyIn, input_data(input))
        ready = await payments.prepare_toss_payment(context.session, ctx=context.ctx, data=data)
        loaders.written(context)
        return TossPaymentWindow(
            client_key=ready.client_key,
            order_id=ready.order_id,
            amount=ready.amount,
            currency=ready.currency,
            order_name=ready.order_name,
            customer_name=ready.customer_name,
            customer_email=ready.customer_email,
            success_url=ready.success_url,
            fail_url=ready.fail_url,
            payment=Payment.from_model(ready.payment),
        )

    @strawberry.mutation(
        description="Confirms the buyer's Toss payment after the redirect; the amount must be "
        "what the order owes, or Toss is never asked."
    )
    async def confirm_toss_payment(
        self,
        info: GQLInfo,
        input: ConfirmTossPaymentInput,
        idempotency_key: IdempotencyKey = None,
    ) -> Payment:
        context = info.context
        data = parse_input(payments.TossConfirmIn, input_data(input))
        try:
            once = await payments.confirm_toss_payment(
                context.session, ctx=context.ctx, data=data, key=idempotency_key
            )
        finally:
            loaders.written(context)
        return Payment.from_model(once.value)

    @strawberry.mutation(description="A Toss virtual account for what the order owes.")
    async def create_toss_virtual_account(
        self,
        info: GQLInfo,
        input: CreateTossVirtualAccountInput,
        idempotency_key: IdempotencyKey = None,
    ) -> TossVirtualAccount:
        context = info.context
        data = parse_input(payments.TossVirtualAccountIn, input_data(input))
        once = await payments.create_toss_virtual_account(
            context.session, ctx=context.ctx, data=data, key=idempotency_key
        )
        loaders.written(context)
        return _account(Payment.from_model(once.value))

    @strawberry.mutation(
        description="Staff: asks Toss again about a payment it did not answer about (status "
        "UNKNOWN) or an account awaiting its deposit, and records what Toss says."
    )
    async def recheck_payment(self, info: GQLInfo, payment_id: strawberry.ID) -> Payment:
        context = info.context
        payment = await payments.recheck_payment(
            context.session, ctx=context.ctx, payment_id=parse_id(payment_id, "payment")
        )
        loaders.written(context)
        return Payment.from_model(payment)
