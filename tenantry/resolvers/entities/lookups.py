"""The database checks behind entity and record validation, each one statement for a batch."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import func
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from tenantry.core.errors import NotFound
from tenantry.db import json_filters
from tenantry.db.json_filters import Op
from tenantry.models.entities import Entity, EntityRecord
from tenantry.resolvers.entities.schema import FieldSpec
from tenantry.resolvers.entities.validation import Reference, attribute


async def entity_by_slug(session: AsyncSession, slug: str) -> Entity:
    entity = await session.scalar(select(Entity).where(col(Entity.slug) == slug))
    if entity is None:
        raise NotFound("entity")
    return entity


async def existing_slugs(session: AsyncSession, slugs: Iterable[str]) -> set[str]:
    wanted = sorted(set(slugs))
    if not wanted:
        return set()
    return set(await session.scalars(select(Entity.slug).where(col(Entity.slug).in_(wanted))))


async def missing_references(
    session: AsyncSession, references: Iterable[Reference]
) -> set[Reference]:
    """The references whose record does not exist in their target entity (of this tenant)."""
    wanted = list(dict.fromkeys(references))
    if not wanted:
        return set()
    targets = sorted({reference.entity for reference in wanted})
    ids = sorted({reference.record_id for reference in wanted})
    rows = await session.execute(
        select(Entity.slug, EntityRecord.id)
        .join(EntityRecord, col(EntityRecord.entity_id) == col(Entity.id))
        .where(col(Entity.slug).in_(targets), col(EntityRecord.id).in_(ids))
    )
    found = {(slug, record_id) for slug, record_id in rows}
    return {ref for ref in wanted if (ref.entity, ref.record_id) not in found}


def reference_errors(missing: Iterable[Reference]) -> dict[str, list[str]]:
    return {ref.field: [f"The selected {attribute(ref.field)} is invalid."] for ref in missing}


async def value_taken(
    session: AsyncSession,
    *,
    entity_id: int,
    spec: FieldSpec,
    value: Any,
    exclude_id: int | None,
) -> bool:
    dialect = session.get_bind().dialect.name
    query = select(EntityRecord.id).where(
        col(EntityRecord.entity_id) == entity_id,
        json_filters.condition(
            dialect, col(EntityRecord.data), key=spec.name, kind=spec.kind, op=Op.EQ, value=value
        ),
    )
    if exclude_id is not None:
        query = query.where(col(EntityRecord.id) != exclude_id)
    return await session.scalar(query.limit(1)) is not None


async def record_counts(session: AsyncSession, entity_ids: Iterable[int | None]) -> dict[int, int]:
    wanted = sorted({entity_id for entity_id in entity_ids if entity_id is not None})
    if not wanted:
        return {}
    rows = await session.execute(
        select(EntityRecord.entity_id, func.count(col(EntityRecord.id)))
        .where(col(EntityRecord.entity_id).in_(wanted))
        .group_by(col(EntityRecord.entity_id))
    )
    counts = dict.fromkeys(wanted, 0)
    counts.update(dict(rows.all()))
    return counts
