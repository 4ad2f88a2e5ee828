"""Stripe operations once per Idempotency-Key: what checkout, intent and refund share around
`run_once`. The key remembers the id of the one row the operation made (its payment, or its
refund); a replay answers that row as it is now."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Protocol, TypeVar

from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from tenantry.core.context import Ctx
from tenantry.core.errors import NotFound
from tenantry.models.order import Order
from tenantry.models.payments import Payment, PaymentStatus, Refund
from tenantry.resolvers.idempotency import Once, Result, run_once
from tenantry.resolvers.orders import get_order_by_id
from tenantry.resolvers.payments.errors import ProviderUnavailable
from tenantry.resolvers.payments.stripe_client import STRIPE

PAYMENT_ID = "payment_id"
REFUND_ID = "refund_id"

T = TypeVar("T")


class Opened(Protocol):
    """What an operation that opens a payment answers: at least that payment."""

    @property
    def payment(self) -> Payment: ...


P = TypeVar("P", bound=Opened)


async def stripe_once(
    session: AsyncSession,
    *,
    ctx: Ctx,
    operation: str,
    key: str | None,
    params: BaseModel,
    run: Callable[[], Awaitable[T]],
    made: Callable[[T], Payment | Refund],
    named: str,
    replay: Callable[[int], Awaitable[T]],
) -> Once[T]:
    """run() once per key; the id of the row made(value) is remembered as `named`, and a later
    request with the key answers replay(that id)."""

    def result(value: T) -> Result:
        row = made(value)
        assert row.id is not None
        return {named: row.id}

    return await run_once(
        session,
        ctx=ctx,
        operation=operation,
        key=key,
        params=params,
        run=run,
        result=result,
        replay=lambda ids: replay(ids[named]),
    )


async def open_once(
    session: AsyncSession,
    *,
    ctx: Ctx,
    operation: str,
    key: str | None,
    params: BaseModel,
    run: Callable[[], Awaitable[P]],
    again: Callable[[Order, Payment], Awaitable[P]],
) -> Once[P]:
    """An operation that opens a payment, once per key: a replay reloads the payment and its
    order and answers again(order, payment). A payment Stripe did not answer about is kept
    (unknown) and raises ProviderUnavailable, first time or replayed."""

    async def replay(payment_id: int) -> P:
        payment = await session.scalar(select(Payment).where(col(Payment.id) == payment_id))
        if payment is None or payment.order_id is None:
            raise NotFound("payment")
        order = await get_order_by_id(session, ctx=ctx, order_id=payment.order_id)
        return await again(order, payment)

    once = await stripe_once(
        session,
        ctx=ctx,
        operation=operation,
        key=key,
        params=params,
        run=run,
        made=lambda value: value.payment,
        named=PAYMENT_ID,
        replay=replay,
    )
    if once.value.payment.status == PaymentStatus.UNKNOWN:
        raise ProviderUnavailable(STRIPE)
    return once
