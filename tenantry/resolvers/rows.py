"""Loading one of the tenant's rows by id, or NotFound."""

from __future__ import annotations

from typing import Any, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import SQLModel, col, select

from tenantry.core.errors import NotFound

Row = TypeVar("Row", bound=SQLModel)


async def row_by_id(session: AsyncSession, model: type[Row], row_id: int, resource: str) -> Row:
    """The row of model with this id; NotFound(resource) when there is none."""
    table: Any = model
    row = await session.scalar(select(model).where(col(table.id) == row_id))
    if row is None:
        raise NotFound(resource)
    return row
