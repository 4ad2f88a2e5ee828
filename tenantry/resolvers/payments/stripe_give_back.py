"""Money given back through Stripe: a Refund on the payment's PaymentIntent. The ledger records
it (`refunds.refund_payment`) with the `re_…` id, which a later `charge.refunded` webhook
recognises, so one refund never counts twice."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from tenantry.core.context import Ctx
from tenantry.core.errors import Unavailable
from tenantry.models.payments import Payment
from tenantry.resolvers.payments.errors import ProviderUnavailable
from tenantry.resolvers.payments.stripe_client import plain, stripe_account, stripe_errors
from tenantry.resolvers.payments.stripe_settle import TENANT_KEY, stripe_idempotency_key

NOT_ANSWERED = (
    "Stripe did not answer in time; nothing was recorded. A refund Stripe made meanwhile is "
    "recorded when Stripe reports it."
)


async def stripe_give_back(
    session: AsyncSession, ctx: Ctx, payment: Payment, amount: int, reason: str
) -> str | None:
    """Refunds `amount` (minor units) of the payment's intent; answers Stripe's `re_…` id."""
    assert payment.reference is not None, "a succeeded Stripe payment has its intent"
    params: Any = {
        "payment_intent": payment.reference,
        "amount": amount,
        "metadata": {TENANT_KEY: str(ctx.tenant.id), "reason": reason[:500]},
    }
    # The same refund asked again (after a timeout) finds the refund Stripe already made.
    what = f"refund-{payment.amount_refunded}-{amount}"
    options: Any = {"idempotency_key": stripe_idempotency_key(ctx, payment, what)}
    async with stripe_account(session, ctx=ctx) as account:
        try:
            with stripe_errors():
                made = await account.client.v1.refunds.create_async(params=params, options=options)
        except ProviderUnavailable:
            # Nothing of ours changed: roll back, so the Idempotency-Key may be used again.
            raise Unavailable(NOT_ANSWERED, code="provider_unavailable") from None
    return str(plain(made)["id"])
