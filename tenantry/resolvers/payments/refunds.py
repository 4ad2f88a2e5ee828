"""Refunds: a merchant action (owner/admin staff or a secret key), never the buyer's.

One domain function refunds any payment; the processor that took the money gives it back
(the test processor at once, Stripe and Toss through their APIs) and the ledger records it.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from functools import partial

from pydantic import Field
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from tenantry.core.access import require_admin
from tenantry.core.context import Ctx
from tenantry.core.errors import NotFound
from tenantry.core.inputs import Input, RowId
from tenantry.core.pagination import Page, PageRequest, paginate
from tenantry.models.payments import Payment, Processor, Refund
from tenantry.resolvers.idempotency import Once, Result, run_once
from tenantry.resolvers.payments.ledger import (
    check_restock,
    lock_payment,
    record_refund,
    refund_amount,
)
from tenantry.resolvers.payments.stripe_give_back import stripe_give_back
from tenantry.resolvers.payments.toss_client import toss_give_back

CREATE_REFUND = "payments.create_refund"

# Gives `amount` of `payment` back through its processor; answers the processor's refund id.
GiveBack = Callable[[AsyncSession, Ctx, Payment, int, str], Awaitable[str | None]]


async def _test_card_give_back(
    session: AsyncSession, ctx: Ctx, payment: Payment, amount: int, reason: str
) -> str | None:
    return None


GIVE_BACK: dict[Processor, GiveBack] = {
    Processor.TEST_CARD: _test_card_give_back,
    Processor.TOSS: toss_give_back,
    Processor.STRIPE: stripe_give_back,
}


class RefundIn(Input):
    payment: RowId
    amount: int | None = Field(default=None, gt=0)
    reason: str = Field(default="", max_length=500)
    restock: bool = False


async def refund_payment(
    session: AsyncSession,
    *,
    ctx: Ctx,
    payment_id: int,
    amount: int | None = None,
    reason: str = "",
    restock: bool = False,
) -> Refund:
    """Refunds `amount` (all that is left when None) of a succeeded payment."""
    require_admin(ctx)
    order, payment = await lock_payment(session, payment_id=payment_id)
    value = refund_amount(payment, amount)
    check_restock(payment, value, restock)
    give_back = GIVE_BACK[Processor(payment.processor)]
    reference = await give_back(session, ctx, payment, value, reason)
    return await record_refund(
        session,
        ctx=ctx,
        order=order,
        payment=payment,
        amount=value,
        reason=reason,
        reference=reference,
        restock_items=restock,
    )


async def create_refund(
    session: AsyncSession, *, ctx: Ctx, data: RefundIn, key: str | None
) -> Once[Refund]:
    require_admin(ctx)
    run = partial(
        refund_payment,
        session,
        ctx=ctx,
        payment_id=data.payment,
        amount=data.amount,
        reason=data.reason,
        restock=data.restock,
    )
    return await run_once(
        session,
        ctx=ctx,
        operation=CREATE_REFUND,
        key=key,
        params=data,
        run=run,
        result=_made,
        replay=lambda made: get_refund(session, ctx=ctx, refund_id=made["refund_id"]),
    )


def _made(refund: Refund) -> Result:
    assert refund.id is not None
    return {"refund_id": refund.id}


async def get_refund(session: AsyncSession, *, ctx: Ctx, refund_id: int) -> Refund:
    require_admin(ctx)
    refund = await session.scalar(
        select(Refund).where(col(Refund.id) == refund_id, col(Refund.order_id).is_not(None))
    )
    if refund is None:
        raise NotFound("refund")
    return refund


async def list_refunds(
    session: AsyncSession, *, ctx: Ctx, page: PageRequest, payment_id: int | None = None
) -> Page[Refund]:
    require_admin(ctx)
    query = select(Refund).where(col(Refund.order_id).is_not(None))  # a booking's are its own
    if payment_id is not None:
        query = query.where(col(Refund.payment_id) == payment_id)
    query = query.order_by(col(Refund.created_at).desc(), col(Refund.id).desc())
    return await paginate(session, query, page)
