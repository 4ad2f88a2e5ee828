from __future__ import annotations

from tenantry.resolvers import entities
from tenantry.resolvers.entities.migration_report import InvalidRecord
from tenantry.serving.services import Services
from tests.conftest import Factory
from tests.resolvers.entities.support import EntityWriter, make_ctx

RELATION = {"fields": [{"name": "customer", "type": "relation", "entity": "customers"}]}


async def test_making_a_field_unique_reports_every_later_duplicate(
    services: Services, factory: Factory
) -> None:
    # given
    tenant = await factory.tenant()
    writer = EntityWriter(services, tenant)
    await writer.entity("tags", {"fields": [{"name": "code", "type": "number"}]})
    first = await writer.record("tags", code=1)
    second = await writer.record("tags", code=1.0)
    await writer.record("tags", code=2)

    # when
    change = await writer.update_schema(
        "tags", {"fields": [{"name": "code", "type": "number", "unique": True}]}
    )

    # then
    assert change.report.invalid_records == [
        InvalidRecord(id=second.id or 0, errors={"code": ["The code has already been taken."]})
    ]
    assert await writer.stored(first.id) == {"code": 1}


async def test_a_relation_to_a_deleted_record_is_reported(
    services: Services, factory: Factory
) -> None:
    # given
    tenant = await factory.tenant()
    writer = EntityWriter(services, tenant)
    await writer.entity("customers")
    customer = await writer.record("customers", company="ACME")
    await writer.entity("orders", RELATION)
    order = await writer.record("orders", customer=customer.id)
    ctx = make_ctx(services, tenant)
    async with services.db.unit(tenant.id) as uow:
        await entities.delete_record(
            uow.session, ctx=ctx, slug="customers", record_id=customer.id or 0
        )
        await uow.commit()

    # when
    async with services.db.unit(tenant.id) as uow:
        report = await entities.entity_validation_report(uow.session, ctx=ctx, slug="orders")

    # then
    assert report.invalid_records == [
        InvalidRecord(id=order.id or 0, errors={"customer": ["The selected customer is invalid."]})
    ]
    assert report.invalid_count == 1


async def test_records_are_never_rewritten_by_a_schema_change(
    services: Services, factory: Factory
) -> None:
    # given
    tenant = await factory.tenant()
    writer = EntityWriter(services, tenant)
    entity = await writer.entity("customers")
    raw = await writer.raw_record(entity, {"company": 42, "legacy": [1, 2]})

    # when
    change = await writer.update_schema("customers", {"fields": []})

    # then
    assert change.report.invalid_count == 1
    assert change.report.invalid_records[0].errors == {
        "company": ["The company field is not defined for this entity; send null to remove it."],
        "legacy": ["The legacy field is not defined for this entity; send null to remove it."],
    }
    assert await writer.stored(raw.id) == {"company": 42, "legacy": [1, 2]}
