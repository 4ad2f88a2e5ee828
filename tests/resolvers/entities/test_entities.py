from __future__ import annotations

import pytest

from tenantry.core.errors import Conflict
from tenantry.resolvers import entities
from tenantry.serving.services import Services
from tests.conftest import Factory
from tests.resolvers.entities.support import EntityWriter, make_ctx

RELATION = {"fields": [{"name": "customer", "type": "relation", "entity": "customers"}]}


async def test_renaming_an_entity_follows_the_relations_pointing_at_it(
    services: Services, factory: Factory
) -> None:
    # given
    tenant = await factory.tenant()
    writer = EntityWriter(services, tenant)
    await writer.entity("customers")
    await writer.entity("orders", RELATION)
    data = entities.EntityUpdate.model_validate({"slug": "clients"})

    # when
    async with services.db.unit(tenant.id) as uow:
        await entities.update_entity(
            uow.session, ctx=make_ctx(services, tenant), slug="customers", data=data
        )
        await uow.commit()

    # then
    async with services.db.unit(tenant.id) as uow:
        orders = await entities.get_entity(
            uow.session, ctx=make_ctx(services, tenant), slug="orders"
        )
    assert orders.schema_["fields"][0]["entity"] == "clients"


async def test_renaming_keeps_relation_records_valid(services: Services, factory: Factory) -> None:
    # given
    tenant = await factory.tenant()
    writer = EntityWriter(services, tenant)
    await writer.entity("customers")
    customer = await writer.record("customers", company="ACME")
    await writer.entity("orders", RELATION)
    await writer.record("orders", customer=customer.id)
    data = entities.EntityUpdate.model_validate({"slug": "clients"})
    async with services.db.unit(tenant.id) as uow:
        await entities.update_entity(
            uow.session, ctx=make_ctx(services, tenant), slug="customers", data=data
        )
        await uow.commit()

    # when
    async with services.db.unit(tenant.id) as uow:
        report = await entities.entity_validation_report(
            uow.session, ctx=make_ctx(services, tenant), slug="orders"
        )

    # then
    assert report.invalid_count == 0
    assert report.checked_count == 1


async def test_an_entity_may_relate_to_itself_and_still_be_deleted(
    services: Services, factory: Factory
) -> None:
    # given
    tenant = await factory.tenant()
    writer = EntityWriter(services, tenant)
    schema = {"fields": [{"name": "parent", "type": "relation", "entity": "folders"}]}
    await writer.entity("folders", schema)
    root = await writer.record("folders")
    await writer.record("folders", parent=root.id)

    # when
    async with services.db.unit(tenant.id) as uow:
        await entities.delete_entity(uow.session, ctx=make_ctx(services, tenant), slug="folders")
        await uow.commit()

    # then
    async with services.db.unit(tenant.id) as uow:
        assert await entities.list_entities(uow.session, ctx=make_ctx(services, tenant)) == []


async def test_a_referenced_entity_cannot_be_deleted(services: Services, factory: Factory) -> None:
    # given
    tenant = await factory.tenant()
    writer = EntityWriter(services, tenant)
    await writer.entity("customers")
    await writer.entity("orders", RELATION)

    # when / then
    async with services.db.unit(tenant.id) as uow:
        with pytest.raises(Conflict):
            await entities.delete_entity(
                uow.session, ctx=make_ctx(services, tenant), slug="customers"
            )
