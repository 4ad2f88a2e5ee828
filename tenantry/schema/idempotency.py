"""The idempotencyKey argument of the mutations that create orders, payments and bookings."""

from __future__ import annotations

from typing import Annotated

import strawberry

IdempotencyKey = Annotated[
    str | None,
    strawberry.argument(
        description="Stripe's Idempotency-Key semantics, per caller; the same key space as the "
        "Idempotency-Key header of the matching REST route, so a key sent on one replays on "
        "the other."
    ),
]
