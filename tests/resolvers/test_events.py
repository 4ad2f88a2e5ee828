"""Commerce events are rows written in the transaction of the change they describe."""

from __future__ import annotations

import pytest
from sqlmodel import col, select

from tenantry.core.errors import ValidationFailed
from tenantry.models.event import DomainEvent
from tenantry.resolvers import catalog
from tenantry.resolvers.events import PRODUCT_CREATED, PRODUCT_UPDATED, record_event
from tenantry.serving.services import Services
from tests.conftest import Factory, TenantFixture
from tests.resolvers.catalog.support import CatalogWriter

pytestmark = pytest.mark.usefixtures("app")


async def events(services: Services, tenant: TenantFixture) -> list[DomainEvent]:
    async with services.db.unit(tenant.id) as uow:
        rows = await uow.session.scalars(select(DomainEvent).order_by(col(DomainEvent.id)))
        return list(rows)


async def test_record_event_writes_a_row(services: Services, factory: Factory) -> None:
    tenant = await factory.tenant()

    async with services.db.unit(tenant.id) as uow:
        event = await record_event(
            uow.session, type="order.created", object_type="order", object_id=7, data={"a": 1}
        )
        await uow.commit()

    [row] = await events(services, tenant)
    assert (row.id, row.type, row.object_type, row.object_id, row.data) == (
        event.id,
        "order.created",
        "order",
        7,
        {"a": 1},
    )
    assert row.tenant_id == tenant.id


async def test_an_unknown_event_type_is_a_bug(services: Services, factory: Factory) -> None:
    tenant = await factory.tenant()

    with pytest.raises(ValueError, match="unknown event type"):
        async with services.db.unit(tenant.id) as uow:
            await record_event(
                uow.session, type="order.exploded", object_type="order", object_id=1, data={}
            )


async def test_a_rolled_back_transaction_leaves_no_event(
    services: Services, factory: Factory
) -> None:
    tenant = await factory.tenant()

    async with services.db.unit(tenant.id) as uow:
        await record_event(
            uow.session, type="order.created", object_type="order", object_id=1, data={}
        )
        await uow.rollback()

    assert await events(services, tenant) == []


async def test_product_create_and_update_write_their_events(
    services: Services, factory: Factory
) -> None:
    tenant = await factory.tenant(currency="EUR")
    writer = CatalogWriter(services, tenant)
    product = await writer.product("Mug", 1200, stock=3, description="Big")

    await writer.update(product, price=1500)

    created, updated = await events(services, tenant)
    expected = {
        "id": f"prod_{product.id}",
        "object": "product",
        "name": "Mug",
        "description": "Big",
        "price": 1200,
        "currency": "eur",
        "inventory": 3,
        "status": "active",
        "created_at": catalog.product_object(product)["created_at"],
    }
    assert (created.type, created.object_type, created.object_id, created.data) == (
        PRODUCT_CREATED,
        "product",
        product.id,
        expected,
    )
    assert (updated.type, updated.data) == (PRODUCT_UPDATED, {**expected, "price": 1500})


async def test_a_failed_update_writes_no_event(services: Services, factory: Factory) -> None:
    tenant = await factory.tenant()
    writer = CatalogWriter(services, tenant)
    product = await writer.product("Mug")

    with pytest.raises(ValidationFailed):
        await writer.update(product, category_id=999_999)

    assert [event.type for event in await events(services, tenant)] == [PRODUCT_CREATED]


async def test_the_event_goes_with_its_transaction(services: Services, factory: Factory) -> None:
    tenant = await factory.tenant()
    writer = CatalogWriter(services, tenant)

    async with services.db.unit(tenant.id) as uow:
        await catalog.create_product(
            uow.session, ctx=writer.ctx, data=catalog.ProductIn(name="Mug", price=1)
        )
        await uow.rollback()

    assert await events(services, tenant) == []
