"""The commerce API's card payments (`POST /v1/payments`) on the built-in test processor.

A merchant action (owner/admin staff or a secret key). A declined card is recorded as a failed
payment, then answered as Stripe answers it; replaying its Idempotency-Key answers the same
failure. The number and cvc go to the processor and nowhere else: not the database, not the
Idempotency-Key's input hash, not a log line.
"""

from __future__ import annotations

from functools import partial
from typing import Literal

from pydantic import Field
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from tenantry.core.access import require_admin
from tenantry.core.context import Ctx
from tenantry.core.errors import NotFound
from tenantry.core.inputs import Input, RowId
from tenantry.core.pagination import Page, PageRequest, paginate
from tenantry.models.payments import Payment, PaymentStatus, Processor
from tenantry.resolvers.idempotency import Once, Result, run_once
from tenantry.resolvers.payments.errors import CardError
from tenantry.resolvers.payments.ledger import (
    check_amount,
    check_currency,
    mark_failed,
    mark_succeeded,
    open_payment,
    order_to_pay,
)
from tenantry.resolvers.payments.testcard import CardIn, CardOutcome, process_card

CREATE_CARD_PAYMENT = "payments.create_card"


class CardDetailsIn(Input):
    number: str = Field(min_length=1, max_length=30)
    exp_month: int = Field(ge=1, le=12)
    exp_year: int = Field(ge=1970, le=9999)
    cvc: str = Field(pattern=r"^[0-9]{3,4}$")


class CardPaymentIn(Input):
    order_id: RowId
    amount: int | None = Field(default=None, ge=0)
    currency: str | None = Field(default=None, min_length=3, max_length=3)
    payment_method: Literal["card"] = "card"
    card: CardDetailsIn


class CardPaymentKey(Input):
    """What an Idempotency-Key's input hash sees of a card payment: never number or cvc."""

    order_id: int
    amount: int | None
    currency: str | None
    brand: str
    last4: str
    exp_month: int
    exp_year: int


def _processed(data: CardPaymentIn, ctx: Ctx) -> CardOutcome:
    card = data.card
    return process_card(CardIn(card.number, card.exp_month, card.exp_year, card.cvc), now=ctx.now())


async def pay_with_card(
    session: AsyncSession, *, ctx: Ctx, data: CardPaymentIn, key: str | None
) -> Once[Payment]:
    """Charges the order's total to a test card, once per Idempotency-Key. A decline raises
    CardError after the failed payment is recorded."""
    require_admin(ctx)
    outcome = _processed(data, ctx)
    hashed = CardPaymentKey(
        order_id=data.order_id,
        amount=data.amount,
        currency=data.currency.lower() if data.currency else None,
        brand=outcome.brand,
        last4=outcome.last4,
        exp_month=outcome.exp_month,
        exp_year=outcome.exp_year,
    )
    once = await run_once(
        session,
        ctx=ctx,
        operation=CREATE_CARD_PAYMENT,
        key=key,
        params=hashed,
        run=partial(_charge, session, ctx=ctx, data=data, outcome=outcome),
        result=_made,
        replay=lambda made: get_payment(session, ctx=ctx, payment_id=made["payment_id"]),
    )
    if once.value.status == PaymentStatus.FAILED:
        raise CardError.of(once.value)
    return once


async def _charge(
    session: AsyncSession, *, ctx: Ctx, data: CardPaymentIn, outcome: CardOutcome
) -> Payment:
    order = await order_to_pay(session, ctx=ctx, order_id=data.order_id)
    check_currency(order, data.currency)
    check_amount(order, data.amount)
    payment = await open_payment(
        session,
        order=order,
        processor=Processor.TEST_CARD,
        details={"_param": outcome.param} if outcome.param else {},
    )
    payment.card_brand = outcome.brand
    payment.card_last4 = outcome.last4
    payment.card_exp_month = outcome.exp_month
    payment.card_exp_year = outcome.exp_year
    if outcome.succeeded:
        await mark_succeeded(session, ctx=ctx, order=order, payment=payment)
    else:
        assert outcome.error_code is not None
        await mark_failed(
            session,
            ctx=ctx,
            payment=payment,
            code=outcome.error_code,
            decline_code=outcome.decline_code,
            message=outcome.message,
        )
    return payment


def _made(payment: Payment) -> Result:
    assert payment.id is not None
    return {"payment_id": payment.id}


async def get_payment(session: AsyncSession, *, ctx: Ctx, payment_id: int) -> Payment:
    require_admin(ctx)
    payment = await session.scalar(
        select(Payment).where(col(Payment.id) == payment_id, col(Payment.order_id).is_not(None))
    )
    if payment is None:
        raise NotFound("payment")
    return payment


async def list_payments(
    session: AsyncSession, *, ctx: Ctx, page: PageRequest, order_id: int | None = None
) -> Page[Payment]:
    """Newest first; every processor's payments of orders (a booking's are its own)."""
    require_admin(ctx)
    query = select(Payment).where(col(Payment.order_id).is_not(None))
    if order_id is not None:
        query = query.where(col(Payment.order_id) == order_id)
    query = query.order_by(col(Payment.created_at).desc(), col(Payment.id).desc())
    return await paginate(session, query, page)
