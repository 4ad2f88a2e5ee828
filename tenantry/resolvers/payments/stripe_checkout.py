"""Stripe Checkout: a hosted payment page for what an order owes, and the verify after Stripe
redirects the buyer back, which asks Stripe whether the session was paid."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import Annotated, Any
from urllib.parse import urlsplit

from pydantic import AfterValidator, Field
from sqlalchemy.ext.asyncio import AsyncSession

from tenantry.core.context import Ctx
from tenantry.core.errors import NotFound
from tenantry.core.inputs import Input
from tenantry.models.order import Order
from tenantry.models.payments import Payment, Processor
from tenantry.resolvers.idempotency import Once
from tenantry.resolvers.orders import get_order_by_id
from tenantry.resolvers.payments.errors import ProviderUnavailable
from tenantry.resolvers.payments.ledger import (
    find_payment,
    mark_unknown,
    open_payment,
    order_to_pay,
)
from tenantry.resolvers.payments.stripe_client import plain, stripe_account, stripe_errors
from tenantry.resolvers.payments.stripe_once import open_once
from tenantry.resolvers.payments.stripe_settle import (
    Settled,
    belongs_here,
    metadata,
    settle_checkout,
    settle_unknown,
    stripe_idempotency_key,
)

CREATE_STRIPE_CHECKOUT = "payments.stripe.create_checkout"
CHECKOUT = "checkout"
URL_KEY = "checkout_url"


def _http_url(value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc or any(c.isspace() for c in value):
        raise ValueError("must be an http or https URL")
    return value


HttpUrl = Annotated[str, Field(min_length=1, max_length=2000), AfterValidator(_http_url)]


class StripeCheckoutIn(Input):
    order_number: str = Field(min_length=1, max_length=64)
    success_url: HttpUrl
    cancel_url: HttpUrl


class StripeVerifyIn(Input):
    session_id: str = Field(min_length=4, max_length=200, pattern=r"^cs_[A-Za-z0-9_]+$")


@dataclass(frozen=True)
class StripeCheckout:
    """Where to send the buyer; no URL when Stripe did not answer."""

    order: Order
    payment: Payment
    url: str | None
    session_id: str | None


async def create_stripe_checkout(
    session: AsyncSession, *, ctx: Ctx, data: StripeCheckoutIn, key: str | None
) -> Once[StripeCheckout]:
    """A Checkout Session (payment mode, one line: the order's total), once per key."""
    return await open_once(
        session,
        ctx=ctx,
        operation=CREATE_STRIPE_CHECKOUT,
        key=key,
        params=data,
        run=partial(_create, session, ctx=ctx, data=data),
        again=_again,
    )


async def _create(session: AsyncSession, *, ctx: Ctx, data: StripeCheckoutIn) -> StripeCheckout:
    order = await order_to_pay(session, ctx=ctx, number=data.order_number)
    async with stripe_account(session, ctx=ctx) as account:
        payment = await open_payment(
            session, order=order, processor=Processor.STRIPE, method=CHECKOUT
        )
        tags = metadata(ctx, order, payment)
        params: Any = {
            "mode": "payment",
            "success_url": data.success_url,
            "cancel_url": data.cancel_url,
            "client_reference_id": order.number,
            "line_items": [
                {
                    "quantity": 1,
                    "price_data": {
                        "currency": order.currency.lower(),
                        "unit_amount": order.total,
                        "product_data": {"name": f"Order {order.number}"},
                    },
                }
            ],
            "metadata": tags,
            "payment_intent_data": {"metadata": tags},
        }
        options: Any = {"idempotency_key": stripe_idempotency_key(ctx, payment, CHECKOUT)}
        try:
            with stripe_errors():
                made = await account.client.v1.checkout.sessions.create_async(
                    params=params, options=options
                )
        except ProviderUnavailable:
            await mark_unknown(session, ctx=ctx, payment=payment, reason="Stripe did not answer.")
            return StripeCheckout(order, payment, None, None)
    found = plain(made)
    payment.session_reference = str(found["id"])
    payment.details = {**payment.details, URL_KEY: found.get("url")}
    await session.flush()
    return StripeCheckout(order, payment, found.get("url"), payment.session_reference)


async def _again(order: Order, payment: Payment) -> StripeCheckout:
    url = (payment.details or {}).get(URL_KEY)
    return StripeCheckout(order, payment, url, payment.session_reference)


async def verify_stripe_checkout(
    session: AsyncSession, *, ctx: Ctx, data: StripeVerifyIn
) -> Settled:
    """After Stripe's redirect: the session as Stripe reports it; paid settles the payment."""
    payment = await find_payment(
        session, processor=Processor.STRIPE, session_reference=data.session_id
    )
    if payment is None or payment.id is None or payment.order_id is None:
        raise NotFound("checkout session")
    order = await get_order_by_id(session, ctx=ctx, order_id=payment.order_id)
    async with stripe_account(session, ctx=ctx) as account:
        try:
            with stripe_errors():
                found = await account.client.v1.checkout.sessions.retrieve_async(data.session_id)
        except ProviderUnavailable:
            await settle_unknown(session, ctx=ctx, payment_id=payment.id)
            raise
    checkout = plain(found)
    if not belongs_here(ctx, checkout, order):
        raise NotFound("checkout session")
    return await settle_checkout(session, ctx=ctx, payment_id=payment.id, checkout=checkout)
