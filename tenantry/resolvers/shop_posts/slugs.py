"""Inserting a row under a fresh slug, safe against a concurrent insert taking the same one."""

from __future__ import annotations

from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from tenantry.core.errors import ValidationFailed
from tenantry.resolvers.slugs import TAKEN, unique_slug

# Each round of a race has a winner: n writers racing for one title need at most n rounds.
_ATTEMPTS = 8


async def add_with_unique_slug(
    session: AsyncSession, row: Any, base: str, *, reserved: frozenset[str] = frozenset()
) -> None:
    """row inserted as base, base-2, base-3 …; a lost race picks the next free one."""
    model = type(row)
    for attempt in range(_ATTEMPTS):
        row.slug = await unique_slug(session, model, base, reserved=reserved)
        try:
            async with session.begin_nested():
                session.add(row)
                await session.flush()
        except IntegrityError as exc:
            if "slug" not in str(exc.orig):
                raise
            if attempt == _ATTEMPTS - 1:
                raise ValidationFailed.single("slug", TAKEN) from None
            continue
        return
