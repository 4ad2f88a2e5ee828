"""Entity records: data validated against the entity's schema on every write."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from tenantry.core.access import require_admin
from tenantry.core.context import Ctx
from tenantry.core.errors import NotFound, ValidationFailed
from tenantry.core.pagination import Page, PageRequest, paginate
from tenantry.db import json_filters
from tenantry.models.entities import Entity, EntityRecord
from tenantry.resolvers.entities import filters as record_filters
from tenantry.resolvers.entities.access import require_readable
from tenantry.resolvers.entities.filters import DEFAULT_SORT, RecordFilter, RecordSort
from tenantry.resolvers.entities.lookups import (
    entity_by_slug,
    missing_references,
    reference_errors,
    value_taken,
)
from tenantry.resolvers.entities.schema import EntitySchema
from tenantry.resolvers.entities.validation import attribute, check_data, merge


@dataclass(frozen=True)
class RecordQuery:
    filters: Sequence[RecordFilter] = ()
    sort: Sequence[RecordSort] = field(default_factory=lambda: DEFAULT_SORT)


async def list_records(
    session: AsyncSession, *, ctx: Ctx, slug: str, query: RecordQuery, page: PageRequest
) -> Page[EntityRecord]:
    """A page of records matching every filter. Two statements besides the entity's."""
    entity, schema = await _readable(session, ctx, slug)
    dialect = session.get_bind().dialect.name
    statement: Select[Any] = (
        select(EntityRecord)
        .where(col(EntityRecord.entity_id) == entity.id)
        .where(*record_filters.conditions(dialect, schema, query.filters))
        .order_by(*record_filters.order_by(dialect, schema, query.sort))
    )
    await json_filters.prepare(session)
    return await paginate(session, statement, page)


async def get_record(session: AsyncSession, *, ctx: Ctx, slug: str, record_id: int) -> EntityRecord:
    entity, _ = await _readable(session, ctx, slug)
    return await _record(session, entity, record_id)


async def create_record(
    session: AsyncSession, *, ctx: Ctx, slug: str, data: dict[str, Any]
) -> EntityRecord:
    require_admin(ctx)
    entity = await _locked_entity(session, slug)
    clean = await _validated(session, entity, data, record_id=None)
    assert entity.id is not None
    record = EntityRecord(entity_id=entity.id, data=clean, staff_id=ctx.principal.staff_id)
    session.add(record)
    await session.flush()
    return record


async def update_record(
    session: AsyncSession, *, ctx: Ctx, slug: str, record_id: int, data: dict[str, Any]
) -> EntityRecord:
    """data is merged into the record (null removes a key); the result must validate."""
    require_admin(ctx)
    entity = await _locked_entity(session, slug)
    record = await _record(session, entity, record_id)
    record.data = await _validated(
        session, entity, merge(record.data or {}, data), record_id=record.id
    )
    record.updated_at = ctx.now()
    await session.flush()
    return record


async def delete_record(session: AsyncSession, *, ctx: Ctx, slug: str, record_id: int) -> None:
    require_admin(ctx)
    entity = await entity_by_slug(session, slug)
    await session.delete(await _record(session, entity, record_id))
    await session.flush()


async def _readable(session: AsyncSession, ctx: Ctx, slug: str) -> tuple[Entity, EntitySchema]:
    entity = await entity_by_slug(session, slug)
    schema = EntitySchema.from_stored(entity.schema_)
    require_readable(ctx, schema)
    return entity, schema


async def _locked_entity(session: AsyncSession, slug: str) -> Entity:
    """The entity, locked on PostgreSQL so that writers checking unique values take turns."""
    entity = await session.scalar(select(Entity).where(col(Entity.slug) == slug).with_for_update())
    if entity is None:
        raise NotFound("entity")
    return entity


async def _record(session: AsyncSession, entity: Entity, record_id: int) -> EntityRecord:
    record = await session.scalar(
        select(EntityRecord).where(
            col(EntityRecord.id) == record_id, col(EntityRecord.entity_id) == entity.id
        )
    )
    if record is None:
        raise NotFound("record")
    return record


async def _validated(
    session: AsyncSession, entity: Entity, data: dict[str, Any], *, record_id: int | None
) -> dict[str, Any]:
    schema = EntitySchema.from_stored(entity.schema_)
    checked = check_data(schema, data)
    errors = checked.errors
    for key, messages in reference_errors(
        await missing_references(session, checked.references)
    ).items():
        errors.setdefault(key, []).extend(messages)
    assert entity.id is not None
    for spec in schema.fields:
        if not spec.unique or spec.name not in checked.data or spec.name in errors:
            continue
        taken = await value_taken(
            session,
            entity_id=entity.id,
            spec=spec,
            value=checked.data[spec.name],
            exclude_id=record_id,
        )
        if taken:
            errors[spec.name] = [f"The {attribute(spec.name)} has already been taken."]
    if errors:
        raise ValidationFailed(errors)
    return checked.data
