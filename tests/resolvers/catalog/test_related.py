"""Related products: the chosen ones first, then others of the same category."""

from __future__ import annotations

import pytest

from tenantry.core.errors import ValidationFailed
from tenantry.models.catalog import Product, ProductStatus
from tenantry.resolvers import catalog
from tenantry.serving.services import Services
from tests.conftest import Factory
from tests.resolvers.catalog.support import CatalogWriter

pytestmark = pytest.mark.usefixtures("app")


async def related(writer: CatalogWriter, product: Product, limit: int = 4) -> list[str]:
    async with writer.services.db.unit(writer.tenant.id) as uow:
        found = await catalog.list_related_products(
            uow.session, ctx=writer.public(), product=product, limit=limit
        )
    return [p.slug for p in found]


async def test_chosen_first_then_same_category_newest(services: Services, factory: Factory) -> None:
    writer = CatalogWriter(services, await factory.tenant())
    mugs = await writer.category("Mugs")
    main = await writer.product("Main", category=mugs)
    await writer.product("Older", category=mugs)
    await writer.product("Newer", category=mugs)
    picked_b = await writer.product("Picked B")
    picked_a = await writer.product("Picked A")
    await writer.product("Elsewhere")
    await writer.related(main, picked_b, picked_a)

    assert await related(writer, main) == ["picked-b", "picked-a", "newer", "older"]


async def test_limit_cuts_the_list(services: Services, factory: Factory) -> None:
    writer = CatalogWriter(services, await factory.tenant())
    mugs = await writer.category("Mugs")
    main = await writer.product("Main", category=mugs)
    await writer.product("Other", category=mugs)
    picked = await writer.product("Picked")
    await writer.related(main, picked)

    assert await related(writer, main, limit=1) == ["picked"]


async def test_inactive_products_are_left_out(services: Services, factory: Factory) -> None:
    writer = CatalogWriter(services, await factory.tenant())
    mugs = await writer.category("Mugs")
    main = await writer.product("Main", category=mugs)
    draft = await writer.product("Draft", status=ProductStatus.DRAFT)
    await writer.product("Hidden", category=mugs, status=ProductStatus.ARCHIVED)
    await writer.related(main, draft)

    assert await related(writer, main) == []


async def test_a_product_cannot_be_related_to_itself(services: Services, factory: Factory) -> None:
    writer = CatalogWriter(services, await factory.tenant())
    main = await writer.product("Main")

    with pytest.raises(ValidationFailed) as raised:
        await writer.related(main, main)

    assert raised.value.fields == {"product_ids": ["A product cannot be related to itself."]}


async def test_another_tenants_product_cannot_be_related(
    services: Services, factory: Factory
) -> None:
    theirs = await CatalogWriter(services, await factory.tenant()).product("Theirs")
    writer = CatalogWriter(services, await factory.tenant())
    main = await writer.product("Main")

    with pytest.raises(ValidationFailed) as raised:
        await writer.related(main, theirs)

    assert raised.value.fields == {"product_ids": ["The selected product ids are invalid."]}
