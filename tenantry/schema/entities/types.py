"""Entity object types; a record's data is a JSON object keyed by the entity's field names."""

from __future__ import annotations

from datetime import datetime

import strawberry
from strawberry.scalars import JSON
from strawberry.types import Info

from tenantry.models import entities as rows
from tenantry.resolvers import entities
from tenantry.schema.context import GraphQLContext
from tenantry.schema.dataloaders import batch_loader
from tenantry.schema.pagination import PageInfo

GQLInfo = Info[GraphQLContext, None]

# Registered in place: the Python enum itself is the GraphQL enum, so fields annotate with it.
strawberry.enum(entities.FieldType, name="EntityFieldType")
EntityFieldType = entities.FieldType


@strawberry.type
class EntityField:
    name: str
    type: EntityFieldType
    required: bool
    unique: bool
    label: str | None
    options: list[str] = strawberry.field(description="The choices of a select field.")
    entity: str | None = strawberry.field(description="A relation field's target entity slug.")

    @classmethod
    def from_spec(cls, spec: entities.FieldSpec) -> EntityField:
        return cls(
            name=spec.name,
            type=spec.type,
            required=spec.required,
            unique=spec.unique,
            label=spec.label,
            options=list(spec.options),
            entity=spec.entity,
        )


@strawberry.type
class Entity:
    id: strawberry.ID
    slug: str
    name: str
    description: str
    public: bool = strawberry.field(description="Whether anyone may read its records.")
    fields: list[EntityField]
    schema: JSON = strawberry.field(description='The stored schema: {"fields": [...], "public"}.')
    created_at: datetime
    updated_at: datetime
    row_id: strawberry.Private[int]

    @classmethod
    def from_model(cls, entity: rows.Entity) -> Entity:
        assert entity.id is not None
        schema = entities.EntitySchema.from_stored(entity.schema_)
        return cls(
            id=strawberry.ID(str(entity.id)),
            slug=entity.slug,
            name=entity.name,
            description=entity.description,
            public=schema.public,
            fields=[EntityField.from_spec(spec) for spec in schema.fields],
            schema=JSON(schema.as_json()),
            created_at=entity.created_at,
            updated_at=entity.updated_at,
            row_id=entity.id,
        )

    @strawberry.field
    async def records_count(self, info: GQLInfo) -> int:
        loader = batch_loader(info.context, "entity_record_count_by_id", entities.record_counts, 0)
        return await loader.load(self.row_id)


@strawberry.type
class EntityRecord:
    id: strawberry.ID
    data: JSON
    created_at: datetime
    updated_at: datetime

    @classmethod
    def from_model(cls, record: rows.EntityRecord) -> EntityRecord:
        return cls(
            id=strawberry.ID(str(record.id)),
            data=JSON(record.data),
            created_at=record.created_at,
            updated_at=record.updated_at,
        )


@strawberry.type
class EntityRecordPage:
    items: list[EntityRecord]
    page_info: PageInfo


@strawberry.type
class InvalidEntityRecord:
    id: strawberry.ID
    errors: JSON = strawberry.field(description="Messages by field name, as a 422 would name them.")

    @classmethod
    def from_result(cls, item: entities.InvalidRecord) -> InvalidEntityRecord:
        return cls(id=strawberry.ID(str(item.id)), errors=JSON(item.errors))


@strawberry.type(description="The records that do not validate against the entity's schema.")
class EntityValidationReport:
    entity: Entity
    invalid_records: list[InvalidEntityRecord] = strawberry.field(
        description="The first 500 invalid records by id."
    )
    invalid_count: int
    checked_count: int

    @classmethod
    def from_report(cls, report: entities.ValidationReport) -> EntityValidationReport:
        return cls(
            entity=Entity.from_model(report.entity),
            invalid_records=[InvalidEntityRecord.from_result(i) for i in report.invalid_records],
            invalid_count=report.invalid_count,
            checked_count=report.checked_count,
        )
