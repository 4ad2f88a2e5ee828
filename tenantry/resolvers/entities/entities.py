"""Entities: runtime-defined record types with a field schema."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import ConfigDict, Field, field_validator
from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from tenantry.core.access import reads_as_staff, require_admin
from tenantry.core.context import Ctx
from tenantry.core.errors import Conflict, ValidationFailed
from tenantry.core.inputs import Input
from tenantry.models.entities import Entity, EntityRecord
from tenantry.resolvers.entities.access import require_readable
from tenantry.resolvers.entities.lookups import entity_by_slug, existing_slugs
from tenantry.resolvers.entities.migration_report import ValidationReport, validation_report
from tenantry.resolvers.entities.schema import ENTITY_SLUG, EntitySchema, FieldType, parse_schema
from tenantry.resolvers.slugs import ensure_free, flush_unique

SLUG_FORMAT = (
    "The slug field must only contain lowercase letters, numbers, hyphens and underscores."
)


def _check_slug(value: str | None) -> str | None:
    if value is not None and not ENTITY_SLUG.fullmatch(value):
        raise ValueError(SLUG_FORMAT)
    return value


class _EntityInput(Input):
    model_config = ConfigDict(
        str_strip_whitespace=True, extra="ignore", frozen=True, populate_by_name=True
    )


class EntityIn(_EntityInput):
    name: str = Field(min_length=1, max_length=200)
    slug: str = Field(min_length=1, max_length=100)
    description: str = Field(default="", max_length=5000)
    fields_schema: Any = Field(alias="schema")

    _slug = field_validator("slug")(_check_slug)


class EntityUpdate(_EntityInput):
    """Only the fields given change."""

    name: str | None = Field(default=None, min_length=1, max_length=200)
    slug: str | None = Field(default=None, min_length=1, max_length=100)
    description: str | None = Field(default=None, max_length=5000)
    fields_schema: Any = Field(default=None, alias="schema")

    _slug = field_validator("slug")(_check_slug)


@dataclass(frozen=True)
class EntityChange:
    entity: Entity
    report: ValidationReport


async def list_entities(session: AsyncSession, *, ctx: Ctx) -> list[Entity]:
    """Every entity for staff and secret keys; only public ones for everybody else."""
    rows = await session.scalars(select(Entity).order_by(col(Entity.name), col(Entity.id)))
    entities = list(rows)
    if reads_as_staff(ctx.principal):
        return entities
    return [e for e in entities if EntitySchema.from_stored(e.schema_).public]


async def get_entity(session: AsyncSession, *, ctx: Ctx, slug: str) -> Entity:
    entity = await entity_by_slug(session, slug)
    require_readable(ctx, EntitySchema.from_stored(entity.schema_))
    return entity


async def create_entity(session: AsyncSession, *, ctx: Ctx, data: EntityIn) -> Entity:
    require_admin(ctx)
    schema = parse_schema(data.fields_schema)
    await _check_targets(session, schema, own_slug=data.slug)
    await ensure_free(session, Entity, data.slug)
    entity = Entity(
        slug=data.slug, name=data.name, description=data.description, schema_=schema.as_json()
    )
    session.add(entity)
    await flush_unique(session)
    return entity


async def update_entity(
    session: AsyncSession, *, ctx: Ctx, slug: str, data: EntityUpdate
) -> EntityChange:
    """The change is applied whatever the records hold; the report names those now invalid.

    A new slug is followed by the relation fields of other entities that point here.
    """
    require_admin(ctx)
    entity = await entity_by_slug(session, slug)
    new_slug = data.slug or entity.slug
    if new_slug != entity.slug:
        await ensure_free(session, Entity, new_slug)
    if "fields_schema" in data.model_fields_set:
        schema = parse_schema(data.fields_schema)
    else:
        schema = EntitySchema.from_stored(entity.schema_)
    schema = _retarget(schema, entity.slug, new_slug)
    await _check_targets(session, schema, own_slug=new_slug)
    if new_slug != entity.slug:
        await _follow_rename(session, entity, new_slug)
        entity.slug = new_slug
    if data.name is not None:
        entity.name = data.name
    if data.description is not None:
        entity.description = data.description
    entity.schema_ = schema.as_json()
    entity.updated_at = ctx.now()
    await flush_unique(session)
    return EntityChange(entity=entity, report=await validation_report(session, entity=entity))


async def delete_entity(session: AsyncSession, *, ctx: Ctx, slug: str) -> None:
    """Deletes the entity and its records; refused while another entity relates to it."""
    require_admin(ctx)
    entity = await entity_by_slug(session, slug)
    others = await session.scalars(select(Entity).where(col(Entity.id) != entity.id))
    referrers = [
        f"{other.slug}.{spec.name}"
        for other in others
        for spec in EntitySchema.from_stored(other.schema_).fields
        if spec.type is FieldType.RELATION and spec.entity == entity.slug
    ]
    if referrers:
        raise Conflict(
            "The entity is the target of relation fields: " + ", ".join(sorted(referrers)) + ".",
            code="entity_referenced",
        )
    await session.execute(
        delete(EntityRecord)
        .where(col(EntityRecord.entity_id) == entity.id)
        .execution_options(synchronize_session=False)
    )
    await session.delete(entity)
    await session.flush()


async def _check_targets(session: AsyncSession, schema: EntitySchema, *, own_slug: str) -> None:
    wanted = {
        (index, spec.entity)
        for index, spec in enumerate(schema.fields)
        if spec.type is FieldType.RELATION and spec.entity is not None
    }
    found = await existing_slugs(session, (target for _, target in wanted)) | {own_slug}
    errors = {
        f"schema.fields.{index}.entity": [
            f"The schema.fields.{index}.entity field names an unknown entity: {target}."
        ]
        for index, target in sorted(wanted)
        if target not in found
    }
    if errors:
        raise ValidationFailed(errors)


def _retarget(schema: EntitySchema, old: str, new: str) -> EntitySchema:
    if old == new:
        return schema
    return parse_schema(_renamed(schema.as_json(), old, new))


def _renamed(stored: dict[str, Any], old: str, new: str) -> dict[str, Any]:
    fields = [
        {**spec, "entity": new}
        if spec.get("type") == FieldType.RELATION and spec.get("entity") == old
        else spec
        for spec in stored.get("fields", [])
    ]
    return {**stored, "fields": fields}


async def _follow_rename(session: AsyncSession, entity: Entity, new_slug: str) -> None:
    others = await session.scalars(select(Entity).where(col(Entity.id) != entity.id))
    for other in others:
        renamed = _renamed(other.schema_ or {}, entity.slug, new_slug)
        if renamed != other.schema_:
            other.schema_ = renamed
