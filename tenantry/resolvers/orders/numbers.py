"""Order numbers: ORD-YYYYMMDD-XXXXXX, the date in the shop's time zone, the rest random.

Random rather than sequential, so that a number says nothing about the shop's volume and cannot
be guessed from another. Unique per tenant by constraint; a collision is retried.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from tenantry.models.order import Order

ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I: numbers are read aloud
RANDOM_LENGTH = 6
ATTEMPTS = 5


def new_order_number(now: datetime, *, timezone: str = "UTC") -> str:
    try:
        local = now.astimezone(ZoneInfo(timezone))
    except (ZoneInfoNotFoundError, ValueError):
        local = now
    suffix = "".join(secrets.choice(ALPHABET) for _ in range(RANDOM_LENGTH))
    return f"ORD-{local:%Y%m%d}-{suffix}"


def random_numbers(now: datetime, *, timezone: str) -> Iterator[str]:
    while True:
        yield new_order_number(now, timezone=timezone)


async def insert_numbered(session: AsyncSession, *, order: Order, numbers: Iterator[str]) -> Order:
    """Inserts order under the first free number that numbers offers."""
    for _ in range(ATTEMPTS):
        order.number = next(numbers)
        try:
            async with session.begin_nested():
                session.add(order)
                await session.flush()
            return order
        except IntegrityError:
            taken = await session.scalar(select(Order.id).where(col(Order.number) == order.number))
            if taken is None:
                raise
    raise RuntimeError(f"no free order number after {ATTEMPTS} attempts")
