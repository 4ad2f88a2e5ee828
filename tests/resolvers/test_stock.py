"""Taking stock for orders and giving it back: conditional UPDATEs, variants, bundles."""

from __future__ import annotations

import pytest

from tenantry.models.catalog import Product, ProductVariant
from tenantry.resolvers.stock import OutOfStock, StockLine, release_stock, reserve_stock
from tenantry.serving.services import Services
from tests.conftest import Factory, TenantFixture
from tests.resolvers.cart.rows import bundle, product, variant
from tests.resolvers.orders.support import stock_of

Line = tuple[Product, ProductVariant | None, int]


async def reserve(services: Services, tenant: TenantFixture, *lines: Line) -> None:
    async with services.db.unit(tenant.id) as uow:
        await reserve_stock(uow.session, lines=[StockLine(p, v, q) for p, v, q in lines])
        await uow.commit()


async def release(services: Services, tenant: TenantFixture, *lines: Line) -> None:
    async with services.db.unit(tenant.id) as uow:
        await release_stock(uow.session, lines=[StockLine(p, v, q) for p, v, q in lines])
        await uow.commit()


async def test_reserving_decrements_tracked_stock(services: Services, factory: Factory) -> None:
    # given
    tenant = await factory.tenant()
    mug = await product(services, tenant, stock=5)
    # when
    await reserve(services, tenant, (mug, None, 3))
    # then
    assert await stock_of(services, tenant, mug) == 2


async def test_reserving_more_than_left_fails_and_takes_nothing(
    services: Services, factory: Factory
) -> None:
    # given
    tenant = await factory.tenant()
    cup = await product(services, tenant, "Cup", stock=10)
    mug = await product(services, tenant, "Mug", stock=2)
    # when
    with pytest.raises(OutOfStock) as raised:
        await reserve(services, tenant, (cup, None, 4), (mug, None, 3))
    # then
    assert raised.value.message == "Mug is out of stock."
    assert raised.value.code == "out_of_stock"
    assert await stock_of(services, tenant, cup) == 10
    assert await stock_of(services, tenant, mug) == 2


async def test_two_lines_of_one_product_are_taken_together(
    services: Services, factory: Factory
) -> None:
    tenant = await factory.tenant()
    mug = await product(services, tenant, stock=5)
    with pytest.raises(OutOfStock):
        await reserve(services, tenant, (mug, None, 3), (mug, None, 3))
    assert await stock_of(services, tenant, mug) == 5


async def test_untracked_stock_is_never_touched(services: Services, factory: Factory) -> None:
    tenant = await factory.tenant()
    mug = await product(services, tenant, stock=None)
    await reserve(services, tenant, (mug, None, 1000))
    await release(services, tenant, (mug, None, 5))
    assert await stock_of(services, tenant, mug) is None


async def test_a_variant_with_its_own_stock_takes_from_it(
    services: Services, factory: Factory
) -> None:
    # given
    tenant = await factory.tenant()
    shirt = await product(services, tenant, "Shirt", stock=100)
    large = await variant(services, tenant, shirt, "Large", stock=3)
    # when
    await reserve(services, tenant, (shirt, large, 2))
    # then
    assert await stock_of(services, tenant, large) == 1
    assert await stock_of(services, tenant, shirt) == 100


async def test_a_variant_without_stock_draws_on_its_product(
    services: Services, factory: Factory
) -> None:
    tenant = await factory.tenant()
    shirt = await product(services, tenant, "Shirt", stock=4)
    large = await variant(services, tenant, shirt, "Large", stock=None)
    await reserve(services, tenant, (shirt, large, 3))
    assert await stock_of(services, tenant, shirt) == 1
    assert await stock_of(services, tenant, large) is None


async def test_a_variant_out_of_stock_fails(services: Services, factory: Factory) -> None:
    tenant = await factory.tenant()
    shirt = await product(services, tenant, "Shirt", stock=100)
    large = await variant(services, tenant, shirt, "Large", stock=1)
    with pytest.raises(OutOfStock, match=r"Shirt is out of stock\."):
        await reserve(services, tenant, (shirt, large, 2))
    assert await stock_of(services, tenant, large) == 1


async def test_a_bundle_takes_its_components_stock(services: Services, factory: Factory) -> None:
    # given: a bundle of 2 cups and 1 saucer
    tenant = await factory.tenant()
    cup = await product(services, tenant, "Cup", stock=10)
    saucer = await product(services, tenant, "Saucer", stock=10)
    set_ = await bundle(services, tenant, [(cup, 2), (saucer, 1)])
    # when
    await reserve(services, tenant, (set_, None, 3))
    # then
    assert await stock_of(services, tenant, cup) == 4
    assert await stock_of(services, tenant, saucer) == 7
    assert await stock_of(services, tenant, set_) is None


async def test_a_bundle_fails_on_its_scarcest_component(
    services: Services, factory: Factory
) -> None:
    tenant = await factory.tenant()
    cup = await product(services, tenant, "Cup", stock=10)
    saucer = await product(services, tenant, "Saucer", stock=1)
    set_ = await bundle(services, tenant, [(cup, 2), (saucer, 1)])
    with pytest.raises(OutOfStock, match=r"Bundle is out of stock\."):
        await reserve(services, tenant, (set_, None, 2))
    assert await stock_of(services, tenant, cup) == 10


async def test_a_bundle_and_its_component_share_the_component_stock(
    services: Services, factory: Factory
) -> None:
    tenant = await factory.tenant()
    cup = await product(services, tenant, "Cup", stock=3)
    set_ = await bundle(services, tenant, [(cup, 2)])
    with pytest.raises(OutOfStock):
        await reserve(services, tenant, (set_, None, 1), (cup, None, 2))
    await reserve(services, tenant, (set_, None, 1), (cup, None, 1))
    assert await stock_of(services, tenant, cup) == 0


async def test_releasing_gives_stock_back(services: Services, factory: Factory) -> None:
    # given
    tenant = await factory.tenant()
    cup = await product(services, tenant, "Cup", stock=10)
    set_ = await bundle(services, tenant, [(cup, 2)])
    shirt = await product(services, tenant, "Shirt", stock=0)
    large = await variant(services, tenant, shirt, stock=0)
    # when
    await release(services, tenant, (set_, None, 2), (shirt, large, 3))
    # then
    assert await stock_of(services, tenant, cup) == 14
    assert await stock_of(services, tenant, large) == 3
    assert await stock_of(services, tenant, shirt) == 0
