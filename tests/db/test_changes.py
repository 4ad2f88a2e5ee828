"""A unit of work records the tables it read and, once committed, stamps the tables it wrote."""

from __future__ import annotations

from sqlalchemy import delete, update
from sqlmodel import col, select

from tenantry.models.catalog import Product, ProductCategory, ProductVariant
from tenantry.serving.services import Services
from tests.conftest import Factory, TenantFixture


async def _category(services: Services, tenant: TenantFixture, name: str = "Mugs") -> int:
    async with services.db.unit(tenant.id) as uow:
        category = ProductCategory(name=name, slug=name.lower())
        uow.session.add(category)
        await uow.commit()
    assert category.id is not None
    return category.id


async def test_reads_are_recorded_with_the_tables_of_joins_and_subqueries(
    services: Services, factory: Factory
) -> None:
    tenant = await factory.tenant()
    async with services.db.unit(tenant.id) as uow:
        uow.tables_read = set()
        variants = select(ProductVariant.product_id).scalar_subquery()
        await uow.session.scalars(
            select(Product)
            .join(ProductCategory, col(ProductCategory.id) == col(Product.category_id))
            .where(col(Product.id).in_(variants))
        )
        assert uow.tables_read == {"product", "product_category", "product_variant"}
        assert not uow.wrote


async def test_commit_stamps_the_tables_written_by_flushes_and_statements(
    services: Services, factory: Factory
) -> None:
    tenant = await factory.tenant()
    stamps = services.db.stamps
    before = stamps.now
    category_id = await _category(services, tenant)
    assert not stamps.unchanged_since(before, tenant.id, {"product_category"})
    assert stamps.unchanged_since(before, tenant.id, {"product"})

    middle = stamps.now
    async with services.db.unit(tenant.id) as uow:
        await uow.session.execute(
            update(ProductCategory)
            .where(col(ProductCategory.id) == category_id)
            .values(name="Cups")
            .execution_options(synchronize_session=False)
        )
        await uow.session.execute(delete(ProductVariant))
        assert uow.wrote
        assert stamps.unchanged_since(middle, tenant.id, {"product_category"})  # not committed
        await uow.commit()
    assert not stamps.unchanged_since(middle, tenant.id, {"product_category"})
    assert not stamps.unchanged_since(middle, tenant.id, {"product_variant"})
    other = await factory.tenant()
    assert stamps.unchanged_since(middle, other.id, {"product_category", "product_variant"})


async def test_a_rolled_back_unit_stamps_nothing(services: Services, factory: Factory) -> None:
    tenant = await factory.tenant()
    stamps = services.db.stamps
    async with services.db.unit(tenant.id) as uow:
        uow.session.add(ProductCategory(name="Gone", slug="gone"))
        await uow.session.flush()
        before = stamps.now
        await uow.rollback()
    assert stamps.now == before
    # and a later commit of the same unit reports only what it wrote itself
    async with services.db.unit(tenant.id) as uow:
        await uow.session.scalars(select(Product))
        await uow.commit()
    assert stamps.now == before


async def test_a_system_unit_stamps_the_tables_for_every_tenant(
    services: Services, factory: Factory
) -> None:
    tenant = await factory.tenant()
    category_id = await _category(services, tenant)
    before = services.db.stamps.now
    async with services.db.unit(None) as uow:
        category = await uow.session.get(ProductCategory, category_id)
        assert category is not None
        category.name = "Renamed"
        await uow.commit()
    assert not services.db.stamps.unchanged_since(before, tenant.id, {"product_category"})
