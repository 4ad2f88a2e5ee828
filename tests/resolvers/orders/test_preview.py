"""preview_order: the totals an order would have now, computed without writing anything."""

from __future__ import annotations

import pytest

from tenantry.core.errors import Unauthenticated
from tenantry.models.catalog import ProductType
from tenantry.models.coupon import CouponRedemption
from tenantry.models.order import Order
from tenantry.resolvers import orders
from tenantry.serving.services import Services
from tests.conftest import Factory, TenantFixture
from tests.resolvers.cart.rows import coupon, load_coupon, product
from tests.resolvers.orders.support import fill_cart, stock_of
from tests.support import count, make_ctx, member_ctx, members


async def preview(
    services: Services, tenant: TenantFixture, member_id: int, **data: str
) -> orders.OrderPreview:
    async with services.db.unit(tenant.id) as uow:
        found = await orders.preview_order(
            uow.session,
            ctx=member_ctx(services, tenant, member_id),
            data=orders.PreviewIn.model_validate(data),
        )
        await uow.commit()
    return found


async def test_preview_prices_the_cart(services: Services, factory: Factory) -> None:
    # given
    tenant = await factory.tenant()
    [member_id] = await members(services, tenant)
    mug = await product(services, tenant, "Mug", price=1500, stock=3)
    await fill_cart(services, tenant, member_id, (mug, None, 2))
    # when
    found = await preview(services, tenant, member_id)
    # then
    assert [(line.name, line.unit_price, line.quantity) for line in found.lines] == [
        ("Mug", 1500, 2)
    ]
    assert (found.totals.subtotal, found.totals.total) == (3000, 3000)
    assert found.needs_shipping is True
    assert found.coupon_error is None
    assert await stock_of(services, tenant, mug) == 3
    assert await count(services, tenant, Order) == 0


async def test_preview_applies_a_coupon_without_using_it(
    services: Services, factory: Factory
) -> None:
    tenant = await factory.tenant()
    [member_id] = await members(services, tenant)
    mug = await product(services, tenant, "Mug", price=10000, type=ProductType.DIGITAL)
    save = await coupon(services, tenant, "SAVE10", value=10)
    await fill_cart(services, tenant, member_id, (mug, None, 1))
    found = await preview(services, tenant, member_id, coupon_code="SAVE10")
    assert (found.totals.discount_total, found.totals.total) == (1000, 9000)
    assert found.needs_shipping is False
    assert (await load_coupon(services, tenant, save.id)).usage_count == 0
    assert await count(services, tenant, CouponRedemption) == 0


async def test_preview_reports_a_coupon_that_does_not_apply(
    services: Services, factory: Factory
) -> None:
    tenant = await factory.tenant()
    [member_id] = await members(services, tenant)
    mug = await product(services, tenant, "Mug", price=1000)
    await coupon(services, tenant, "BIG", value=10, min_order_amount=50000)
    await fill_cart(services, tenant, member_id, (mug, None, 1))
    found = await preview(services, tenant, member_id, coupon_code="BIG")
    assert found.coupon_code == "BIG"
    assert found.coupon_error is not None
    assert found.coupon_error.startswith("This coupon requires a minimum order of")
    assert (found.totals.discount_total, found.totals.total) == (0, 1000)


async def test_preview_of_an_empty_cart_is_zero(services: Services, factory: Factory) -> None:
    tenant = await factory.tenant()
    [member_id] = await members(services, tenant)
    found = await preview(services, tenant, member_id)
    assert found.lines == []
    assert found.totals.total == 0


async def test_preview_needs_a_member(services: Services, factory: Factory) -> None:
    tenant = await factory.tenant()
    async with services.db.unit(tenant.id) as uow:
        with pytest.raises(Unauthenticated):
            await orders.preview_order(
                uow.session, ctx=make_ctx(services, tenant), data=orders.PreviewIn()
            )
