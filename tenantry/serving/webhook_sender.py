"""One delivery attempt over HTTP: signed, pinned to a checked address, never redirected, and
only the first kilobyte of the answer read."""

from __future__ import annotations

import time
from datetime import datetime

import httpx

from tenantry.config import Settings
from tenantry.egress import EgressRefused, resolve_public
from tenantry.resolvers.webhooks.delivery import BODY_KEPT, Batch, Item, Outcome
from tenantry.resolvers.webhooks.signing import signed_headers

USER_AGENT = "tenantry-webhooks/1"


def _elapsed_ms(start: float) -> int:
    return int((time.perf_counter() - start) * 1000)


async def send(
    batch: Batch, item: Item, *, client: httpx.AsyncClient, settings: Settings, now: datetime
) -> Outcome:
    start = time.perf_counter()
    try:
        target = await resolve_public(
            batch.url, allow_private=settings.webhook_allow_private_endpoints
        )
    except EgressRefused as exc:
        return Outcome(None, _elapsed_ms(start), error=exc.message)
    headers = {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        **signed_headers(
            item.body,
            secrets_=batch.secrets,
            timestamp=int(now.timestamp()),
            message_id=item.message_id,
        ),
        **target.headers,
    }
    timeout = settings.webhook_timeout_seconds
    try:
        async with client.stream(
            "POST",
            target.url,
            content=item.body,
            headers=headers,
            extensions=target.extensions,
            timeout=timeout,
        ) as response:
            kept = b""
            async for chunk in response.aiter_bytes():
                kept += chunk
                if len(kept) >= BODY_KEPT:
                    break
            text = kept[:BODY_KEPT].decode("utf-8", errors="replace")
            return Outcome(response.status_code, _elapsed_ms(start), response_body=text)
    except httpx.TimeoutException:
        return Outcome(None, _elapsed_ms(start), error=f"Timed out after {timeout:g} s.")
    except httpx.HTTPError as exc:
        return Outcome(None, _elapsed_ms(start), error=f"{type(exc).__name__}: {exc}"[:500])
