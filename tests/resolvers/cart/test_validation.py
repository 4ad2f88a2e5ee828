"""validate_cart: what changed since each line was added, reported per line, nothing changed."""

from __future__ import annotations

from tenantry.models.catalog import ProductStatus
from tenantry.serving.services import Services
from tests.conftest import Factory
from tests.resolvers.cart import rows
from tests.resolvers.cart.support import Shopper


async def test_an_unchanged_cart_is_valid(services: Services, factory: Factory) -> None:
    tenant = await factory.tenant()
    mug = await rows.product(services, tenant, stock=5)
    guest = Shopper(services, tenant)
    await guest.add(mug, 2)

    report = await guest.validate()

    assert report.valid is True
    assert report.messages == []
    [check] = report.lines
    assert (check.price_changed, check.insufficient_stock, check.unavailable) == (
        False,
        False,
        False,
    )


async def test_a_price_change_is_reported_without_blocking(
    services: Services, factory: Factory
) -> None:
    # given
    tenant = await factory.tenant()
    mug = await rows.product(services, tenant, "Mug", price=1_000)
    guest = Shopper(services, tenant)
    await guest.add(mug, 2)

    # when
    await rows.change_product(services, tenant, mug.id, price=1_200)
    report = await guest.validate()

    # then
    [check] = report.lines
    assert check.price_changed is True
    assert (check.line.item.unit_price, check.line.unit_price) == (1_000, 1_200)
    assert check.messages == ["The price of Mug has changed."]
    assert report.valid is True


async def test_a_stock_shortfall_makes_the_cart_invalid(
    services: Services, factory: Factory
) -> None:
    # given
    tenant = await factory.tenant()
    mug = await rows.product(services, tenant, "Mug", stock=5)
    guest = Shopper(services, tenant)
    await guest.add(mug, 4)

    # when
    await rows.change_product(services, tenant, mug.id, stock=1)
    report = await guest.validate()

    # then
    [check] = report.lines
    assert check.insufficient_stock is True
    assert check.line.available == 1
    assert check.messages == ["Only 1 of Mug left in stock."]
    assert report.valid is False


async def test_a_deactivated_product_makes_the_cart_invalid(
    services: Services, factory: Factory
) -> None:
    # given
    tenant = await factory.tenant()
    mug = await rows.product(services, tenant, "Mug")
    cup = await rows.product(services, tenant, "Cup")
    guest = Shopper(services, tenant)
    await guest.add(mug)
    await guest.add(cup)

    # when
    await rows.change_product(services, tenant, mug.id, status=ProductStatus.DRAFT)
    report = await guest.validate()

    # then
    gone, fine = report.lines
    assert gone.unavailable is True
    assert gone.valid is False
    assert gone.messages == ["Mug is no longer available."]
    assert fine.valid is True
    assert report.valid is False


async def test_validating_changes_nothing(services: Services, factory: Factory) -> None:
    tenant = await factory.tenant()
    mug = await rows.product(services, tenant, price=1_000, stock=5)
    guest = Shopper(services, tenant)
    await guest.add(mug, 4)
    await rows.change_product(services, tenant, mug.id, price=900, stock=2)

    await guest.validate()

    assert await guest.quantities() == [(mug.id, None, 4)]
    [check] = (await guest.validate()).lines
    assert check.line.item.unit_price == 1_000


async def test_an_empty_cart_is_not_valid(services: Services, factory: Factory) -> None:
    tenant = await factory.tenant()

    report = await Shopper(services, tenant).validate()

    assert report.valid is False
    assert report.messages == ["Your cart is empty."]


async def test_a_coupon_that_no_longer_applies_is_reported(
    services: Services, factory: Factory
) -> None:
    tenant = await factory.tenant()
    mug = await rows.product(services, tenant, price=1_000)
    guest = Shopper(services, tenant)
    cart = await guest.add(mug)
    await rows.coupon(services, tenant, "BIG", min_order_amount=5_000)
    await rows.set_cart_coupon(services, tenant, cart.id, "BIG")

    report = await guest.validate()

    assert report.coupon_code == "BIG"
    assert report.coupon_error == "This coupon requires a minimum order of $50.00."
