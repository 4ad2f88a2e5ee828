"""The staff who wrote what members read: blog posts, notices and answers on the boards."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from tenantry.core.ids import distinct_ids
from tenantry.models.tenant import Staff


async def authors_by_ids(session: AsyncSession, ids: Iterable[int | None]) -> dict[int, Staff]:
    wanted = distinct_ids(ids)
    if not wanted:
        return {}
    rows = await session.scalars(select(Staff).where(col(Staff.id).in_(wanted)))
    return {staff.id: staff for staff in rows if staff.id is not None}
