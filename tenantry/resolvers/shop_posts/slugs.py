"""Finding a row by its id or its slug; inserting one under a fresh slug, safe against a
concurrent insert taking the same one."""

from __future__ import annotations

from typing import Any, TypeVar

from sqlalchemy import case
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import SQLModel, col, select
from sqlmodel.sql.expression import SelectOfScalar

from tenantry.core.errors import ValidationFailed
from tenantry.core.ids import as_id
from tenantry.resolvers.slugs import TAKEN, unique_slug

Row = TypeVar("Row", bound=SQLModel)

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


def by_id_or_slug(model: type[Row], id_or_slug: str) -> SelectOfScalar[Row] | None:
    """The row whose id (first) or slug is id_or_slug; None when no row can be: an impossible
    id is a slug, and PostgreSQL text holds no NUL."""
    value = id_or_slug.strip()
    if "\x00" in value:
        return None
    table: Any = model
    row_id = as_id(value)
    if row_id is None:
        return select(model).where(col(table.slug) == value).limit(1)
    return (
        select(model)
        .where((col(table.id) == row_id) | (col(table.slug) == value))
        .order_by(case((col(table.id) == row_id, 0), else_=1))
        .limit(1)
    )
