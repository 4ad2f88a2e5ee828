"""The rating summary aggregates visible reviews, a page at a time."""

from __future__ import annotations

import pytest

from tenantry.resolvers import catalog
from tenantry.serving.services import Services
from tests.conftest import Factory
from tests.resolvers.catalog.support import CatalogWriter

pytestmark = pytest.mark.usefixtures("app")


async def test_average_and_count_of_visible_reviews(services: Services, factory: Factory) -> None:
    writer = CatalogWriter(services, await factory.tenant())
    mug = await writer.product("Mug")
    cup = await writer.product("Cup")
    await writer.reviews(mug, 5, 4, 4)
    await writer.reviews(mug, 1, visible=False)

    async with services.db.unit(writer.tenant.id) as uow:
        found = await catalog.ratings_by_product_ids(uow.session, [mug.id, cup.id])

    assert found == {
        mug.id: catalog.RatingSummary(average=4.33, count=3),
        cup.id: catalog.RatingSummary(average=0.0, count=0),
    }


async def test_no_ids_no_statement(services: Services, factory: Factory) -> None:
    writer = CatalogWriter(services, await factory.tenant())

    async with services.db.unit(writer.tenant.id) as uow:
        assert await catalog.ratings_by_product_ids(uow.session, []) == {}
