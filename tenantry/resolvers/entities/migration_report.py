"""Which stored records no longer validate against their entity's (new) schema.

A schema change never rewrites or drops a record: the records stay as they are and this report
names the ones that would now be refused, so nothing goes bad unseen. Records are read in
id-ordered batches, so memory holds one batch plus the unique values seen so far.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from tenantry.core.access import require_admin
from tenantry.core.context import Ctx
from tenantry.models.entities import Entity, EntityRecord
from tenantry.resolvers.entities.lookups import (
    entity_by_slug,
    missing_references,
    reference_errors,
)
from tenantry.resolvers.entities.schema import EntitySchema
from tenantry.resolvers.entities.validation import Checked, attribute, check_data

BATCH_SIZE = 500
# The count covers every record; the list stops here so that one answer stays a sane size.
MAX_LISTED = 500


@dataclass(frozen=True)
class InvalidRecord:
    id: int
    errors: dict[str, list[str]]


@dataclass(frozen=True)
class ValidationReport:
    entity: Entity
    invalid_records: list[InvalidRecord] = field(default_factory=list)
    invalid_count: int = 0
    checked_count: int = 0


async def entity_validation_report(
    session: AsyncSession, *, ctx: Ctx, slug: str
) -> ValidationReport:
    require_admin(ctx)
    entity = await entity_by_slug(session, slug)
    return await validation_report(session, entity=entity)


async def validation_report(session: AsyncSession, *, entity: Entity) -> ValidationReport:
    schema = EntitySchema.from_stored(entity.schema_)
    unique_seen: dict[str, set[str]] = {spec.name: set() for spec in schema.fields if spec.unique}
    invalid: list[InvalidRecord] = []
    count = checked = 0
    after = 0
    while True:
        batch = list(
            await session.scalars(
                select(EntityRecord)
                .where(col(EntityRecord.entity_id) == entity.id, col(EntityRecord.id) > after)
                .order_by(col(EntityRecord.id))
                .limit(BATCH_SIZE)
            )
        )
        if not batch:
            break
        after = batch[-1].id or after
        results = [(record, check_data(schema, record.data or {}, stored=True)) for record in batch]
        missing = await missing_references(
            session, (ref for _, result in results for ref in result.references)
        )
        for record, result in results:
            assert record.id is not None
            checked += 1
            errors = _errors(result, missing, unique_seen)
            if errors:
                count += 1
                if len(invalid) < MAX_LISTED:
                    invalid.append(InvalidRecord(id=record.id, errors=errors))
    return ValidationReport(
        entity=entity, invalid_records=invalid, invalid_count=count, checked_count=checked
    )


def _errors(
    result: Checked, missing: set[Any], unique_seen: dict[str, set[str]]
) -> dict[str, list[str]]:
    errors = {key: list(messages) for key, messages in result.errors.items()}
    for key, messages in reference_errors(
        ref for ref in result.references if ref in missing
    ).items():
        errors.setdefault(key, []).extend(messages)
    for name, seen in unique_seen.items():
        if name not in result.data:
            continue
        # The first record (lowest id) with a value keeps it; later ones are duplicates.
        value = result.data[name]
        if isinstance(value, int) and not isinstance(value, bool):
            value = float(value)  # 10 and 10.0 are one value to the database
        token = json.dumps(value)
        if token in seen:
            errors.setdefault(name, []).append(f"The {attribute(name)} has already been taken.")
        else:
            seen.add(token)
    return errors
