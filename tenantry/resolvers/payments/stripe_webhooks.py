"""Stripe's webhooks: the signature checked with the tenant's webhook secret, each event handled
once, every outcome recorded through the ledger.

An event is handled once because handling it inserts its `ProviderEvent` row (unique per tenant
and event id) in the same transaction: a replay, or two deliveries at once, find the row and
change nothing. What must be asked of Stripe (the refunds of a charge) is asked before the row is
written, so a Stripe that does not answer leaves the event unhandled for Stripe to send again.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

import stripe
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from tenantry.core.context import Ctx
from tenantry.core.errors import BadRequest, Unavailable, ValidationFailed
from tenantry.models.payments import Processor, ProviderEvent
from tenantry.resolvers.payments.errors import ProviderUnavailable
from tenantry.resolvers.payments.ledger import find_payment
from tenantry.resolvers.payments.stripe_client import (
    plain,
    stripe_account,
    stripe_errors,
    stripe_keys,
)
from tenantry.resolvers.payments.stripe_settle import (
    belongs_here,
    object_id,
    payment_for_intent,
    record_stripe_refunds,
    settle_checkout,
    settle_intent,
)

log = logging.getLogger(__name__)

TOLERANCE_SECONDS = 300
BAD_SIGNATURE = "The Stripe-Signature header does not match this payload."

Handler = Callable[[AsyncSession, Ctx, dict[str, Any], list[dict[str, Any]]], Awaitable[None]]
# Another domain's handler of whole events (subscriptions), given by the edge that receives them.
EventHandler = Callable[[AsyncSession, Ctx, dict[str, Any]], Awaitable[None]]


def verified_event(payload: bytes, signature: str | None, secret: str) -> dict[str, Any]:
    """The event, when the signature is the secret's and at most 300 s old."""
    invalid = BadRequest(BAD_SIGNATURE, code="webhook_signature_invalid")
    if not signature or not secret:
        raise invalid
    try:
        stripe.WebhookSignature.verify_header(
            payload.decode("utf-8"), signature, secret, tolerance=TOLERANCE_SECONDS
        )
        event: Any = json.loads(payload)
    except (stripe.SignatureVerificationError, UnicodeDecodeError, ValueError):
        raise invalid from None
    ok = isinstance(event, dict) and isinstance(event.get("data"), dict)
    if not ok or not event.get("id") or not isinstance(event.get("type"), str):
        raise BadRequest("The body is not a Stripe event.")
    checked: dict[str, Any] = event
    return checked


async def handle_stripe_webhook(
    session: AsyncSession,
    *,
    ctx: Ctx,
    payload: bytes,
    signature: str | None,
    more: Mapping[str, EventHandler] | None = None,
) -> bool:
    """Handles one delivery; False when it changed nothing (a replay, a type we do not use)."""
    keys = await stripe_keys(session, ctx=ctx)
    event = verified_event(payload, signature, keys["webhook_secret"])
    handler = HANDLERS.get(event["type"])
    other = (more or {}).get(event["type"])
    if handler is None and other is None:
        return False
    found = plain(event["data"].get("object"))
    refunds = await _refunds_of(session, ctx=ctx, found=found) if event["type"] == REFUNDED else []
    try:
        async with session.begin_nested():
            row = ProviderEvent(
                processor=Processor.STRIPE, event_id=str(event["id"])[:255], type=event["type"]
            )
            session.add(row)
            await session.flush()
    except IntegrityError:
        return False
    if other is not None:
        await other(session, ctx, event)
        return True
    assert handler is not None
    try:
        await handler(session, ctx, found, refunds)
    except ValidationFailed as exc:  # what Stripe charged is not what the order owes
        log.warning("stripe event %s not applied: %s (%s)", event["id"], exc.message, exc.code)
    return True


async def _intent_event(
    session: AsyncSession, ctx: Ctx, intent: dict[str, Any], _: list[dict[str, Any]]
) -> None:
    payment = await payment_for_intent(session, ctx=ctx, intent=intent)
    if payment is not None and payment.id is not None:
        await settle_intent(session, ctx=ctx, payment_id=payment.id, intent=intent)


async def _checkout_completed(
    session: AsyncSession, ctx: Ctx, checkout: dict[str, Any], _: list[dict[str, Any]]
) -> None:
    payment = await find_payment(
        session, processor=Processor.STRIPE, session_reference=str(checkout.get("id") or "")
    )
    if payment is not None and payment.id is not None and belongs_here(ctx, checkout):
        await settle_checkout(session, ctx=ctx, payment_id=payment.id, checkout=checkout)


async def _charge_refunded(
    session: AsyncSession, ctx: Ctx, charge: dict[str, Any], refunds: list[dict[str, Any]]
) -> None:
    intent_id = object_id(charge.get("payment_intent"))
    if intent_id is None:  # find_payment without a reference would answer any payment
        return
    payment = await find_payment(session, processor=Processor.STRIPE, reference=intent_id)
    if payment is not None and payment.id is not None:
        await record_stripe_refunds(session, ctx=ctx, payment_id=payment.id, refunds=refunds)


async def _refunds_of(
    session: AsyncSession, *, ctx: Ctx, found: dict[str, Any]
) -> list[dict[str, Any]]:
    """The charge's refunds as Stripe lists them now (webhook charges no longer carry them)."""
    intent_id = object_id(found.get("payment_intent"))
    if intent_id is None:
        return []
    async with stripe_account(session, ctx=ctx) as account:
        try:
            with stripe_errors():
                listed = await account.client.v1.refunds.list_async(
                    params={"payment_intent": intent_id, "limit": 100}
                )
        except ProviderUnavailable:
            raise Unavailable("Stripe did not answer; send the event again.") from None
    return [plain(item) for item in plain(listed).get("data") or []]


REFUNDED = "charge.refunded"
HANDLERS: dict[str, Handler] = {
    "payment_intent.succeeded": _intent_event,
    "payment_intent.payment_failed": _intent_event,
    "checkout.session.completed": _checkout_completed,
    REFUNDED: _charge_refunded,
}
