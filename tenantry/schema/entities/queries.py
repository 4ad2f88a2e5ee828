from __future__ import annotations

import strawberry

from tenantry.core.ids import parse_id
from tenantry.core.pagination import DEFAULT_PER_PAGE, PageRequest
from tenantry.resolvers import entities
from tenantry.schema.entities.inputs import RecordFilterInput, record_filters
from tenantry.schema.entities.types import (
    Entity,
    EntityRecord,
    EntityRecordPage,
    EntityValidationReport,
    GQLInfo,
)
from tenantry.schema.pagination import PageInfo


@strawberry.type
class Query:
    @strawberry.field(description="Every entity for staff; only public ones for everybody else.")
    async def entities(self, info: GQLInfo) -> list[Entity]:
        context = info.context
        found = await entities.list_entities(context.session, ctx=context.ctx)
        return [Entity.from_model(entity) for entity in found]

    @strawberry.field(description="Unknown: a NOT_FOUND error.")
    async def entity(self, info: GQLInfo, slug: str) -> Entity:
        context = info.context
        return Entity.from_model(
            await entities.get_entity(context.session, ctx=context.ctx, slug=slug)
        )

    @strawberry.field(
        description='Records matching every filter; sort is "field" or "-field", comma-separated '
        "(also created_at, updated_at, id); newest first by default."
    )
    async def entity_records(
        self,
        info: GQLInfo,
        slug: str,
        filter: list[RecordFilterInput] | None = None,
        sort: str | None = None,
        page: int = 1,
        per_page: int = DEFAULT_PER_PAGE,
    ) -> EntityRecordPage:
        context = info.context
        query = entities.RecordQuery(filters=record_filters(filter), sort=entities.parse_sort(sort))
        found = await entities.list_records(
            context.session,
            ctx=context.ctx,
            slug=slug,
            query=query,
            page=PageRequest.parse(page, per_page),
        )
        return EntityRecordPage(
            items=[EntityRecord.from_model(record) for record in found.items],
            page_info=PageInfo.from_page(found),
        )

    @strawberry.field
    async def entity_record(self, info: GQLInfo, slug: str, id: strawberry.ID) -> EntityRecord:
        context = info.context
        record = await entities.get_record(
            context.session, ctx=context.ctx, slug=slug, record_id=parse_id(id, "record")
        )
        return EntityRecord.from_model(record)

    @strawberry.field(description="Staff: the records that no longer validate against the schema.")
    async def entity_validation_report(self, info: GQLInfo, slug: str) -> EntityValidationReport:
        context = info.context
        report = await entities.entity_validation_report(
            context.session, ctx=context.ctx, slug=slug
        )
        return EntityValidationReport.from_report(report)
