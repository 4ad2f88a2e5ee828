"""available_quantity: own stock, variants, and bundles that follow their components."""

from __future__ import annotations

import pytest

from tenantry.models.catalog import Product, ProductStatus, ProductVariant
from tenantry.resolvers import catalog
from tenantry.serving.services import Services
from tests.conftest import Factory
from tests.resolvers.catalog.support import CatalogWriter

pytestmark = pytest.mark.usefixtures("app")


async def quantity(
    writer: CatalogWriter, product: Product, variant: ProductVariant | None = None
) -> int | None:
    async with writer.services.db.unit(writer.tenant.id) as uow:
        fresh = await writer.reload(product)
        return await catalog.available_quantity(uow.session, product=fresh, variant=variant)


async def test_tracked_stock_is_the_quantity(services: Services, factory: Factory) -> None:
    writer = CatalogWriter(services, await factory.tenant())
    product = await writer.product("Mug", stock=7)

    assert await quantity(writer, product) == 7


async def test_untracked_stock_has_no_quantity(services: Services, factory: Factory) -> None:
    writer = CatalogWriter(services, await factory.tenant())
    product = await writer.product("Ebook")

    assert await quantity(writer, product) is None


async def test_a_variant_with_own_stock_counts_it(services: Services, factory: Factory) -> None:
    writer = CatalogWriter(services, await factory.tenant())
    product = await writer.product("Shirt", stock=100)
    small = await writer.variant(product, "S", stock=3)

    assert await quantity(writer, product, small) == 3


async def test_a_variant_without_stock_draws_on_the_product(
    services: Services, factory: Factory
) -> None:
    writer = CatalogWriter(services, await factory.tenant())
    product = await writer.product("Shirt", stock=9)
    small = await writer.variant(product, "S")

    assert await quantity(writer, product, small) == 9


async def test_a_product_with_variants_offers_their_total(
    services: Services, factory: Factory
) -> None:
    writer = CatalogWriter(services, await factory.tenant())
    product = await writer.product("Shirt", stock=50)
    await writer.variant(product, "S", stock=2)
    await writer.variant(product, "M", stock=3)
    await writer.variant(product, "L", stock=40, is_active=False)

    assert await quantity(writer, product) == 5


async def test_a_bundle_follows_its_scarcest_component(
    services: Services, factory: Factory
) -> None:
    writer = CatalogWriter(services, await factory.tenant())
    mug = await writer.product("Mug", stock=10)
    shirt = await writer.product("Shirt")
    medium = await writer.variant(shirt, "M", stock=4)
    ebook = await writer.product("Ebook")
    bundle = await writer.bundle("Gift box", [(mug, 3), (shirt, medium, 1), (ebook, 1)])

    assert await quantity(writer, bundle) == 3  # 10 // 3 mugs; 4 shirts; ebooks untracked


async def test_a_bundle_of_untracked_components_is_untracked(
    services: Services, factory: Factory
) -> None:
    writer = CatalogWriter(services, await factory.tenant())
    ebook = await writer.product("Ebook")
    bundle = await writer.bundle("Library", [(ebook, 2)])

    assert await quantity(writer, bundle) is None


async def test_a_bundle_with_an_inactive_component_is_unavailable(
    services: Services, factory: Factory
) -> None:
    writer = CatalogWriter(services, await factory.tenant())
    mug = await writer.product("Mug", stock=10)
    bundle = await writer.bundle("Gift box", [(mug, 1)])
    await writer.update(mug, status=ProductStatus.ARCHIVED)

    assert await quantity(writer, bundle) == 0


async def test_a_bundle_follows_component_stock_changes(
    services: Services, factory: Factory
) -> None:
    writer = CatalogWriter(services, await factory.tenant())
    mug = await writer.product("Mug", stock=10)
    bundle = await writer.bundle("Pair", [(mug, 2)])

    await writer.update(mug, stock=3)

    assert await quantity(writer, bundle) == 1
