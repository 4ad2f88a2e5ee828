"""The Idempotency-Key header at the REST edge; the domain decides what a key replays.

A replayed answer carries `Idempotent-Replayed: true`, as Stripe's do.
"""

from __future__ import annotations

from typing import Any

from tenantry.resolvers.idempotency import HEADER, Once
from tenantry.rest.endpoint import Call

REPLAYED_HEADER = "Idempotent-Replayed"


def idempotency_key(call: Call) -> str | None:
    return call.header(HEADER)


def replay_headers(once: Once[Any]) -> dict[str, str] | None:
    return {REPLAYED_HEADER: "true"} if once.replayed else None
