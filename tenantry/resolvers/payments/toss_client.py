"""Toss Payments' REST API (v1) for one tenant: Basic auth with the tenant's secret key, bounded by
`payment_timeout_seconds`. Toss's error codes become a handful of reasons of ours.

| Toss code | reason |
| --- | --- |
| the card or issuer said no: REJECT_CARD_COMPANY, EXCEED_MAX_AMOUNT, … | card_declined |
| INVALID_CARD_NUMBER | incorrect_number |
| INVALID_CARD_EXPIRATION | expired_card |
| anything else: PROVIDER_ERROR, NOT_FOUND_PAYMENT, UNAUTHORIZED_KEY, … | provider_error |

Toss's own code travels beside ours: as `decline_code`, and in the message.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import httpx
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from tenantry.core.context import Ctx
from tenantry.core.errors import Unavailable
from tenantry.models.payments import Payment, PaymentProvider, ProviderKind
from tenantry.resolvers.payments.errors import (
    ProviderNotConfigured,
    ProviderRefused,
    ProviderUnavailable,
)
from tenantry.secrets import SecretBox, SecretUnreadable

PROVIDER = "Toss Payments"
ALREADY_PROCESSED = "ALREADY_PROCESSED_PAYMENT"
NOT_FOUND_PAYMENT = "NOT_FOUND_PAYMENT"
DECLINES = frozenset(
    {
        "REJECT_CARD_COMPANY",
        "REJECT_CARD_PAYMENT",
        "REJECT_ACCOUNT_PAYMENT",
        "INVALID_REJECT_CARD",
        "INVALID_STOPPED_CARD",
        "INVALID_CARD_LOST_OR_STOLEN",
        "EXCEED_MAX_AMOUNT",
        "EXCEED_MAX_DAILY_PAYMENT_COUNT",
        "EXCEED_MAX_PAYMENT_AMOUNT",
        "EXCEED_MAX_CARD_INSTALLMENT_PLAN",
        "NOT_SUPPORTED_INSTALLMENT_PLAN_CARD_OR_MERCHANT",
        "BELOW_MINIMUM_AMOUNT",
        "NOT_AVAILABLE_PAYMENT",
        "INVALID_PASSWORD",
        "INCORRECT_BASIC_AUTH_FORMAT",
    }
)
REASONS = {"INVALID_CARD_NUMBER": "incorrect_number", "INVALID_CARD_EXPIRATION": "expired_card"}


def reason_for(code: str) -> str:
    """Our reason for one of Toss's error codes."""
    if code in DECLINES:
        return "card_declined"
    return REASONS.get(code, "provider_error")


class TossError(Exception):
    """Toss answered with an error of its own: {"code", "message"} and a 4xx or 5xx."""

    def __init__(self, code: str, message: str, status: int) -> None:
        self.code = code
        self.message = message
        self.status = status
        super().__init__(f"{message} ({code})")

    @property
    def reason(self) -> str:
        return reason_for(self.code)


class TossUnavailable(Exception):
    """Toss did not answer in time, or could not be reached: what it did is not known."""


@dataclass(frozen=True)
class TossKeys:
    client_key: str
    secret_key: str


async def toss_keys(session: AsyncSession, *, ctx: Ctx) -> TossKeys:
    """The tenant's enabled Toss keys, the secret one opened."""
    row = await session.scalar(
        select(PaymentProvider).where(
            col(PaymentProvider.provider) == ProviderKind.TOSS,
            col(PaymentProvider.enabled).is_(True),
        )
    )
    settings = row.settings if row is not None else {}
    client_key, sealed = settings.get("client_key"), settings.get("secret_key")
    if not client_key or not sealed:
        raise ProviderNotConfigured(PROVIDER)
    try:
        secret = SecretBox.from_settings(ctx.settings).open(str(sealed))
    except SecretUnreadable:
        raise ProviderNotConfigured(PROVIDER) from None
    return TossKeys(client_key=str(client_key), secret_key=secret)


class TossClient:
    def __init__(self, *, base_url: str, secret_key: str, timeout: float) -> None:
        token = base64.b64encode(f"{secret_key}:".encode()).decode("ascii")
        self._base_url = base_url.rstrip("/")
        self._headers = {"Authorization": f"Basic {token}"}
        self._timeout = httpx.Timeout(timeout)

    async def confirm(self, *, payment_key: str, order_id: str, amount: int) -> dict[str, Any]:
        body = {"paymentKey": payment_key, "orderId": order_id, "amount": amount}
        return await self._call("POST", "/v1/payments/confirm", body)

    async def get_payment(self, *, payment_key: str) -> dict[str, Any]:
        return await self._call("GET", f"/v1/payments/{_segment(payment_key)}", None)

    async def cancel(
        self,
        *,
        payment_key: str,
        reason: str,
        amount: int | None = None,
        idempotency_key: str | None = None,
    ) -> dict[str, Any]:
        body: dict[str, Any] = {"cancelReason": reason}
        if amount is not None:
            body["cancelAmount"] = amount
        path = f"/v1/payments/{_segment(payment_key)}/cancel"
        return await self._call("POST", path, body, idempotency_key=idempotency_key)

    async def create_virtual_account(self, body: dict[str, Any]) -> dict[str, Any]:
        return await self._call("POST", "/v1/virtual-accounts", body)

    async def _call(
        self,
        method: str,
        path: str,
        body: dict[str, Any] | None,
        *,
        idempotency_key: str | None = None,
    ) -> dict[str, Any]:
        headers = {"Idempotency-Key": idempotency_key} if idempotency_key else None
        try:
            async with httpx.AsyncClient(
                base_url=self._base_url, headers=self._headers, timeout=self._timeout
            ) as http:
                response = await http.request(method, path, json=body, headers=headers)
        except httpx.TransportError as exc:  # timeouts included
            raise TossUnavailable(f"{PROVIDER}: {type(exc).__name__}") from exc
        try:
            data = response.json()
        except ValueError:
            data = None
        if not isinstance(data, dict):
            if response.is_success:
                raise TossUnavailable(f"{PROVIDER} answered {response.status_code}, not JSON")
            data = {}
        if not response.is_success:
            code = str(data.get("code") or "PROVIDER_ERROR")
            message = str(data.get("message") or f"{PROVIDER} refused the request.")
            raise TossError(code, message, response.status_code)
        return data


def _segment(value: str) -> str:
    """The key as one path segment: nothing a client sends can change the path."""
    return quote(value, safe="")


async def toss_client(session: AsyncSession, *, ctx: Ctx) -> tuple[TossClient, TossKeys]:
    """A client for the tenant's Toss account; ProviderNotConfigured without an enabled one."""
    keys = await toss_keys(session, ctx=ctx)
    client = TossClient(
        base_url=ctx.settings.toss_api_base,
        secret_key=keys.secret_key,
        timeout=ctx.settings.payment_timeout_seconds,
    )
    return client, keys


def unanswered() -> Unavailable:
    """Toss did not answer a request that recorded nothing: the caller may simply retry (and
    the Idempotency-Key is let go with the rolled back claim)."""
    return Unavailable(
        f"{PROVIDER} did not answer in time; try again.", code=ProviderUnavailable.default_code
    )


def refused(error: TossError) -> ProviderRefused:
    return ProviderRefused(
        f"{error.message} ({error.code})", code=error.reason, decline_code=error.code
    )


async def toss_give_back(
    session: AsyncSession, ctx: Ctx, payment: Payment, amount: int, reason: str
) -> str | None:
    """refunds.GIVE_BACK for Toss: cancels `amount` of the payment; Toss's transactionKey of
    that cancel is the refund's reference. Toss's Idempotency-Key names the payment's refund
    state, so a cancel retried after Toss did not answer (nothing recorded here) is not made
    twice there."""
    assert payment.reference is not None
    client, _ = await toss_client(session, ctx=ctx)
    once = f"tenantry-refund-{payment.id}-{payment.amount_refunded}-{amount}"
    try:
        toss = await client.cancel(
            payment_key=payment.reference,
            reason=reason or "Refund",
            amount=amount,
            idempotency_key=once,
        )
    except TossUnavailable:
        raise unanswered() from None
    except TossError as error:
        raise refused(error) from None
    cancels = toss.get("cancels")
    if isinstance(cancels, list) and cancels and isinstance(cancels[-1], dict):
        key = cancels[-1].get("transactionKey")
        return str(key) if key else None
    return None
