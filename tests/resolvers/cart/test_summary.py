"""The cart's prices: today's catalog prices, the coupon's discount, priced lines for orders."""

from __future__ import annotations

from tenantry.models.catalog import ProductStatus, ProductType
from tenantry.models.coupon import CouponType
from tenantry.resolvers import cart as carts
from tenantry.resolvers.pricing import PricedLine
from tenantry.serving.services import Services
from tests.conftest import Factory
from tests.resolvers.cart import rows
from tests.resolvers.cart.support import Shopper


async def test_the_summary_prices_lines_at_todays_price(
    services: Services, factory: Factory
) -> None:
    # given
    tenant = await factory.tenant(currency="KRW")
    mug = await rows.product(services, tenant, price=10_000)
    cup = await rows.product(services, tenant, price=2_500)
    guest = Shopper(services, tenant)
    await guest.add(mug, 2)
    await guest.add(cup, 1)
    await rows.change_product(services, tenant, mug.id, price=12_000)

    # when
    summary = await guest.summary()

    # then
    assert [line.total for line in summary.lines] == [24_000, 2_500]
    assert (summary.item_count, summary.subtotal, summary.total) == (3, 26_500, 26_500)
    assert summary.currency == "KRW"


async def test_the_carts_coupon_is_discounted(services: Services, factory: Factory) -> None:
    tenant = await factory.tenant()
    mug = await rows.product(services, tenant, price=10_000)
    guest = Shopper(services, tenant)
    cart = await guest.add(mug, 3)
    await rows.coupon(services, tenant, "SAVE20", value=20, max_discount=5_000)
    await rows.set_cart_coupon(services, tenant, cart.id, "SAVE20")

    summary = await guest.summary()

    assert (summary.subtotal, summary.discount, summary.total) == (30_000, 5_000, 25_000)
    assert summary.coupon_code == "SAVE20"


async def test_a_coupon_that_stopped_applying_is_worth_nothing(
    services: Services, factory: Factory
) -> None:
    tenant = await factory.tenant()
    mug = await rows.product(services, tenant, price=1_000)
    guest = Shopper(services, tenant)
    cart = await guest.add(mug)
    await rows.coupon(services, tenant, "OFF", type=CouponType.FIXED, value=500, is_active=False)
    await rows.set_cart_coupon(services, tenant, cart.id, "OFF")

    summary = await guest.summary()

    assert (summary.discount, summary.total) == (0, 1_000)


async def test_lines_off_sale_are_shown_but_not_counted(
    services: Services, factory: Factory
) -> None:
    tenant = await factory.tenant()
    mug = await rows.product(services, tenant, price=1_000)
    cup = await rows.product(services, tenant, price=300)
    guest = Shopper(services, tenant)
    await guest.add(mug)
    await guest.add(cup)
    await rows.change_product(services, tenant, mug.id, status=ProductStatus.DRAFT)

    summary = await guest.summary()

    assert [line.in_stock for line in summary.lines] == [False, True]
    assert summary.subtotal == 300


async def test_priced_lines_carry_what_an_order_needs(services: Services, factory: Factory) -> None:
    # given
    tenant = await factory.tenant()
    category_id = await rows.category(services, tenant)
    shirt = await rows.product(
        services, tenant, "Shirt", price=2_000, category_id=category_id, type=ProductType.SIMPLE
    )
    large = await rows.variant(services, tenant, shirt, "L", price=2_500)
    ebook = await rows.product(services, tenant, "Ebook", price=900, type=ProductType.DIGITAL)
    gone = await rows.product(services, tenant, "Gone")
    guest = Shopper(services, tenant)
    await guest.add(shirt, 2, large)
    await guest.add(ebook)
    cart = await guest.add(gone)
    await rows.change_product(services, tenant, gone.id, status=ProductStatus.ARCHIVED)
    await rows.change_product(services, tenant, ebook.id, price=1_100)

    # when
    lines = await guest.run(lambda s: carts.priced_lines(s, ctx=guest.ctx, cart=cart))

    # then
    assert lines == [
        PricedLine(
            product_id=shirt.id or 0,
            variant_id=large.id,
            category_id=category_id,
            product_type="simple",
            name="Shirt - L",
            sku=shirt.sku,
            options={"size": "L"},
            unit_price=2_500,
            quantity=2,
        ),
        PricedLine(
            product_id=ebook.id or 0,
            variant_id=None,
            category_id=None,
            product_type="digital",
            name="Ebook",
            sku=ebook.sku,
            options={},
            unit_price=1_100,
            quantity=1,
        ),
    ]
