"""Nested categories: lists with counts, detail with children and breadcrumbs, writes."""

from __future__ import annotations

import pytest

from tenantry.core.errors import NotFound, ValidationFailed
from tenantry.models.catalog import ProductStatus
from tenantry.resolvers import catalog
from tenantry.serving.services import Services
from tests.conftest import Factory
from tests.resolvers.catalog.support import CatalogWriter

pytestmark = pytest.mark.usefixtures("app")


async def test_list_is_depth_first_with_counts_of_the_subtree(
    services: Services, factory: Factory
) -> None:
    writer = CatalogWriter(services, await factory.tenant())
    shoes = await writer.category("Shoes", position=1)
    running = await writer.category("Running", shoes)
    hats = await writer.category("Hats", position=2)
    await writer.product("Loafer", category=shoes)
    await writer.product("Racer", category=running)
    await writer.product("Draft racer", category=running, status=ProductStatus.DRAFT)
    await writer.product("Cap", category=hats)

    async with services.db.unit(writer.tenant.id) as uow:
        found = await catalog.list_categories(uow.session, ctx=writer.public())

    assert [(c.category.slug, c.product_count) for c in found] == [
        ("shoes", 2),
        ("running", 1),
        ("hats", 1),
    ]


async def test_list_children_of_a_parent(services: Services, factory: Factory) -> None:
    writer = CatalogWriter(services, await factory.tenant())
    shoes = await writer.category("Shoes")
    await writer.category("Running", shoes)
    await writer.category("Hats")

    async with services.db.unit(writer.tenant.id) as uow:
        found = await catalog.list_categories(uow.session, ctx=writer.public(), parent_slug="shoes")

    assert [c.category.slug for c in found] == ["running"]


async def test_detail_has_children_and_breadcrumbs(services: Services, factory: Factory) -> None:
    writer = CatalogWriter(services, await factory.tenant())
    shoes = await writer.category("Shoes")
    running = await writer.category("Running", shoes)
    await writer.category("Trail", running)

    async with services.db.unit(writer.tenant.id) as uow:
        detail = await catalog.get_category(uow.session, ctx=writer.public(), slug="running")

    assert [c.category.slug for c in detail.children] == ["trail"]
    assert [c.slug for c in detail.breadcrumbs] == ["shoes", "running"]


async def test_inactive_categories_are_hidden_with_their_subtree(
    services: Services, factory: Factory
) -> None:
    writer = CatalogWriter(services, await factory.tenant())
    hidden = await writer.category("Hidden", is_active=False)
    await writer.category("Inside", hidden)
    await writer.category("Shown")

    async with services.db.unit(writer.tenant.id) as uow:
        found = await catalog.list_categories(uow.session, ctx=writer.public())
        with pytest.raises(NotFound):
            await catalog.get_category(uow.session, ctx=writer.public(), slug="inside")

    assert [c.category.slug for c in found] == ["shown"]


async def test_unknown_slug_is_not_found(services: Services, factory: Factory) -> None:
    writer = CatalogWriter(services, await factory.tenant())

    with pytest.raises(NotFound) as raised:
        async with services.db.unit(writer.tenant.id) as uow:
            await catalog.get_category(uow.session, ctx=writer.public(), slug="nope")

    assert raised.value.message == "Category not found."


async def test_another_tenants_category_is_not_found(services: Services, factory: Factory) -> None:
    await CatalogWriter(services, await factory.tenant()).category("Shoes")
    writer = CatalogWriter(services, await factory.tenant())

    with pytest.raises(NotFound):
        async with services.db.unit(writer.tenant.id) as uow:
            await catalog.get_category(uow.session, ctx=writer.ctx, slug="shoes")


async def update(writer: CatalogWriter, category_id: int | None, **fields: object) -> None:
    assert category_id is not None
    data = catalog.CategoryUpdate.model_validate(fields)
    async with writer.services.db.unit(writer.tenant.id) as uow:
        await catalog.update_category(
            uow.session, ctx=writer.ctx, category_id=category_id, data=data
        )
        await uow.commit()


async def test_a_category_moves_under_another(services: Services, factory: Factory) -> None:
    writer = CatalogWriter(services, await factory.tenant())
    shoes = await writer.category("Shoes")
    running = await writer.category("Running")

    await update(writer, running.id, parent_id=shoes.id)

    async with services.db.unit(writer.tenant.id) as uow:
        detail = await catalog.get_category(uow.session, ctx=writer.public(), slug="running")
    assert [c.slug for c in detail.breadcrumbs] == ["shoes", "running"]


@pytest.mark.parametrize("target", ["itself", "descendant"])
async def test_cycles_are_refused(services: Services, factory: Factory, target: str) -> None:
    writer = CatalogWriter(services, await factory.tenant())
    shoes = await writer.category("Shoes")
    running = await writer.category("Running", shoes)
    parent = shoes if target == "itself" else running

    with pytest.raises(ValidationFailed) as raised:
        await update(writer, shoes.id, parent_id=parent.id)

    assert raised.value.fields == {
        "parent_id": ["A category cannot be placed under itself or one of its descendants."]
    }


async def test_an_unknown_parent_is_refused(services: Services, factory: Factory) -> None:
    writer = CatalogWriter(services, await factory.tenant())

    with pytest.raises(ValidationFailed) as raised:
        await writer.category("Orphan", parent_id=999_999)

    assert raised.value.fields == {"parent_id": ["The selected parent id is invalid."]}


async def test_delete_moves_children_up_and_frees_products(
    services: Services, factory: Factory
) -> None:
    writer = CatalogWriter(services, await factory.tenant())
    shoes = await writer.category("Shoes")
    running = await writer.category("Running", shoes)
    await writer.category("Trail", running)
    racer = await writer.product("Racer", category=running)
    assert running.id is not None

    async with services.db.unit(writer.tenant.id) as uow:
        await catalog.delete_category(uow.session, ctx=writer.ctx, category_id=running.id)
        await uow.commit()

    async with services.db.unit(writer.tenant.id) as uow:
        detail = await catalog.get_category(uow.session, ctx=writer.public(), slug="trail")
    assert [c.slug for c in detail.breadcrumbs] == ["shoes", "trail"]
    assert (await writer.reload(racer)).category_id is None


async def test_category_slug_is_generated_and_unique(services: Services, factory: Factory) -> None:
    writer = CatalogWriter(services, await factory.tenant())

    first = await writer.category("신발")
    second = await writer.category("신발")

    assert (first.slug, second.slug) == ("신발", "신발-2")
