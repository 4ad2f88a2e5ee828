"""Entity and record writes, for owner/admin staff or a secret API key."""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry.scalars import JSON

from tenantry.core.errors import ValidationFailed
from tenantry.core.ids import parse_id
from tenantry.core.inputs import parse_input
from tenantry.resolvers import entities
from tenantry.schema.context import GraphQLContext
from tenantry.schema.dataloaders import forget
from tenantry.schema.entities.inputs import CreateEntityInput, UpdateEntityInput, entity_data
from tenantry.schema.entities.types import (
    Entity,
    EntityRecord,
    EntityValidationReport,
    GQLInfo,
)


def _written(context: GraphQLContext) -> None:
    forget(context, "entity_record_count_by_id")


def _object(data: Any) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise ValidationFailed.single("data", "The data field must be an object.")
    return data


@strawberry.type
class Mutation:
    @strawberry.mutation
    async def create_entity(self, info: GQLInfo, input: CreateEntityInput) -> Entity:
        context = info.context
        data = parse_input(entities.EntityIn, entity_data(input))
        entity = await entities.create_entity(context.session, ctx=context.ctx, data=data)
        _written(context)
        return Entity.from_model(entity)

    @strawberry.mutation(
        description="Applied whatever the records hold; the report names records that no "
        "longer validate (they are kept as they are)."
    )
    async def update_entity(
        self, info: GQLInfo, slug: str, input: UpdateEntityInput
    ) -> EntityValidationReport:
        context = info.context
        data = parse_input(entities.EntityUpdate, entity_data(input))
        change = await entities.update_entity(
            context.session, ctx=context.ctx, slug=slug, data=data
        )
        _written(context)
        return EntityValidationReport.from_report(change.report)

    @strawberry.mutation(description="Also deletes its records.")
    async def delete_entity(self, info: GQLInfo, slug: str) -> bool:
        context = info.context
        await entities.delete_entity(context.session, ctx=context.ctx, slug=slug)
        _written(context)
        return True

    @strawberry.mutation
    async def create_entity_record(self, info: GQLInfo, slug: str, data: JSON) -> EntityRecord:
        context = info.context
        record = await entities.create_record(
            context.session, ctx=context.ctx, slug=slug, data=_object(data)
        )
        _written(context)
        return EntityRecord.from_model(record)

    @strawberry.mutation(description="data is merged into the record; null removes a field.")
    async def update_entity_record(
        self, info: GQLInfo, slug: str, id: strawberry.ID, data: JSON
    ) -> EntityRecord:
        context = info.context
        record = await entities.update_record(
            context.session,
            ctx=context.ctx,
            slug=slug,
            record_id=parse_id(id, "record"),
            data=_object(data),
        )
        _written(context)
        return EntityRecord.from_model(record)

    @strawberry.mutation
    async def delete_entity_record(self, info: GQLInfo, slug: str, id: strawberry.ID) -> bool:
        context = info.context
        await entities.delete_record(
            context.session, ctx=context.ctx, slug=slug, record_id=parse_id(id, "record")
        )
        _written(context)
        return True
