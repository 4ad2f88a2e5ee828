"""Payments and refunds over GraphQL for owner/admin staff and secret keys: the test card
processor (`createCardPayment`), refunds of any payment (`refundPayment`), and reads."""

from __future__ import annotations

import strawberry

from tenantry.core.ids import parse_id
from tenantry.core.inputs import parse_input
from tenantry.core.pagination import DEFAULT_PER_PAGE, PageRequest
from tenantry.resolvers import payments
from tenantry.schema.idempotency import IdempotencyKey
from tenantry.schema.inputs import input_data
from tenantry.schema.pagination import PageInfo
from tenantry.schema.payments import loaders
from tenantry.schema.payments.types import GQLInfo, Payment, Refund


@strawberry.input(description="A test card: Stripe's test numbers (4242 4242 4242 4242 pays).")
class CardInput:
    number: str
    exp_month: int
    exp_year: int
    cvc: str


@strawberry.input
class CardPaymentInput:
    order_id: strawberry.ID
    card: CardInput
    amount: int | None = strawberry.field(
        default=strawberry.UNSET, description="Compared with what the order owes; never charged."
    )
    currency: str | None = strawberry.UNSET


@strawberry.input
class RefundPaymentInput:
    payment_id: strawberry.ID
    amount: int | None = strawberry.field(
        default=strawberry.UNSET, description="In minor units; all that is left when omitted."
    )
    reason: str | None = strawberry.UNSET
    restock: bool = strawberry.field(
        default=False, description="Give the stock back; only with the refund that completes it."
    )


@strawberry.type
class PaymentPage:
    items: list[Payment]
    page_info: PageInfo


@strawberry.type
class Query:
    @strawberry.field(description="Staff: one payment by id.")
    async def payment(self, info: GQLInfo, id: strawberry.ID) -> Payment | None:
        context = info.context
        found = await payments.get_payment(
            context.session, ctx=context.ctx, payment_id=parse_id(id, "payment")
        )
        return Payment.from_model(found)

    @strawberry.field(description="Staff: payments of every provider, newest first.")
    async def payments(
        self,
        info: GQLInfo,
        order_id: strawberry.ID | None = None,
        page: int = 1,
        per_page: int = DEFAULT_PER_PAGE,
    ) -> PaymentPage:
        context = info.context
        request = PageRequest.parse(page, per_page)
        order = parse_id(order_id, "order") if order_id is not None else None
        found = await payments.list_payments(
            context.session, ctx=context.ctx, page=request, order_id=order
        )
        return PaymentPage(
            items=[Payment.from_model(payment) for payment in found.items],
            page_info=PageInfo.from_page(found),
        )


@strawberry.type
class Mutation:
    @strawberry.mutation(
        description="Staff: charges what an order owes to a test card. A decline is an error "
        "(PAYMENT_FAILED, with declineCode and paymentId) and the failed payment is kept."
    )
    async def create_card_payment(
        self, info: GQLInfo, input: CardPaymentInput, idempotency_key: IdempotencyKey = None
    ) -> Payment:
        context = info.context
        data = parse_input(payments.CardPaymentIn, input_data(input))
        once = await payments.pay_with_card(
            context.session, ctx=context.ctx, data=data, key=idempotency_key
        )
        loaders.written(info.context)
        return Payment.from_model(once.value)

    @strawberry.mutation(
        description="Staff: gives back part or all of a succeeded payment through its provider."
    )
    async def refund_payment(
        self, info: GQLInfo, input: RefundPaymentInput, idempotency_key: IdempotencyKey = None
    ) -> Refund:
        context = info.context
        fields = input_data(input)
        fields["payment"] = fields.pop("payment_id")
        if fields.get("reason") is None:
            fields.pop("reason", None)
        data = parse_input(payments.RefundIn, fields)
        once = await payments.create_refund(
            context.session, ctx=context.ctx, data=data, key=idempotency_key
        )
        loaders.written(info.context)
        return Refund.from_model(once.value)
