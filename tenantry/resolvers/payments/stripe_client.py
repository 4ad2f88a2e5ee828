"""A tenant's Stripe: the official SDK's async client, built from the tenant's provider row.

Every call goes through httpx's async client (never a thread, never the blocking one), with the
process-wide base URL (`TENANTRY_STRIPE_API_BASE`, an emulator in tests) and the payment timeout,
and no retries of its own: a call that does not answer is reported, and the payment it was for
is kept as `unknown`. Stripe's own errors become ProviderRefused; none reaches the client as a 500.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator, Mapping
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass
from typing import Any

import stripe
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from tenantry.core.context import Ctx
from tenantry.models.payments import PaymentProvider, ProviderKind
from tenantry.resolvers.payments.errors import (
    ProviderNotConfigured,
    ProviderRefused,
    ProviderUnavailable,
)
from tenantry.secrets import SecretBox, SecretUnreadable

STRIPE = "Stripe"


class StripeHTTPXClient(stripe.HTTPXClient):
    """The SDK's httpx client, sending its form body as `content=`: httpx deprecates raw bytes
    as `data=`, and the warning would otherwise come with every call."""

    def _get_request_args_kwargs(
        self, method: str, url: str, headers: Mapping[str, str], post_data: Any
    ) -> list[Any]:
        args, kwargs = super()._get_request_args_kwargs(method, url, headers, post_data)
        kwargs["content"] = kwargs.pop("data", None) or None
        return [args, kwargs]


@dataclass(frozen=True)
class StripeAccount:
    """What one tenant's Stripe calls need: a client, and the keys that are not its secret."""

    client: stripe.StripeClient
    publishable_key: str
    webhook_secret: str


async def stripe_keys(session: AsyncSession, *, ctx: Ctx) -> dict[str, str]:
    """The tenant's Stripe keys, opened; ProviderNotConfigured when Stripe is off or unset."""
    row = await session.scalar(
        select(PaymentProvider).where(
            col(PaymentProvider.provider) == ProviderKind.STRIPE,
            col(PaymentProvider.enabled).is_(True),
        )
    )
    settings = dict(row.settings or {}) if row is not None else {}
    if not settings.get("secret_key"):
        raise ProviderNotConfigured(STRIPE)
    box = SecretBox.from_settings(ctx.settings)
    try:
        return {
            "secret_key": box.open(str(settings["secret_key"])),
            "webhook_secret": box.open(str(settings.get("webhook_secret", ""))),
            "publishable_key": str(settings.get("publishable_key", "")),
        }
    except SecretUnreadable:  # sealed with a key this process no longer has
        raise ProviderNotConfigured(STRIPE) from None


@asynccontextmanager
async def stripe_account(session: AsyncSession, *, ctx: Ctx) -> AsyncIterator[StripeAccount]:
    """The tenant's Stripe for the length of the block; its connections close after it."""
    keys = await stripe_keys(session, ctx=ctx)
    http = StripeHTTPXClient(timeout=ctx.settings.payment_timeout_seconds)
    client = stripe.StripeClient(
        keys["secret_key"],
        base_addresses={"api": ctx.settings.stripe_api_base.rstrip("/")},
        http_client=http,
        max_network_retries=0,
    )
    try:
        yield StripeAccount(client, keys["publishable_key"], keys["webhook_secret"])
    finally:
        await http.close_async()  # type: ignore[no-untyped-call]


@contextmanager
def stripe_errors() -> Iterator[None]:
    """Stripe's exceptions as domain errors: no answer is ProviderUnavailable (what was recorded
    stays), any error Stripe answered is ProviderRefused with Stripe's message."""
    try:
        yield
    except stripe.APIConnectionError:
        raise ProviderUnavailable(STRIPE) from None
    except stripe.StripeError as exc:
        message = exc.user_message or str(exc) or "Stripe refused the request."
        raise ProviderRefused(f"Stripe: {message}", code="provider_error") from None


def plain(value: Any) -> dict[str, Any]:
    """A Stripe object (or a webhook's JSON object) as a plain dict."""
    if isinstance(value, stripe.StripeObject):
        found: dict[str, Any] = value.to_dict()
        return found
    return dict(value) if isinstance(value, Mapping) else {}
