"""Marking an order paid hands out the downloads of its digital items."""

from __future__ import annotations

from tenantry.models.order import OrderStatus
from tenantry.resolvers import orders
from tenantry.serving.services import Services
from tests.conftest import Factory
from tests.resolvers.downloads.support import (
    admin_ctx,
    attach,
    digital_product,
    grants_of,
    order_of,
)
from tests.support import run


async def test_paying_an_order_grants_its_downloads_once(
    services: Services, factory: Factory
) -> None:
    # given a pending order of a digital product with a file
    tenant = await factory.tenant()
    product = await digital_product(services, tenant)
    await attach(services, tenant, product)
    order = await order_of(services, tenant, None, product, status=OrderStatus.PENDING)
    ctx = admin_ctx(services, tenant)
    assert await grants_of(services, tenant) == []
    # when staff mark it paid, then move it on
    for status in (OrderStatus.PAID, OrderStatus.PROCESSING):
        await run(
            services,
            tenant,
            lambda s, status=status: orders.update_order_status(
                s, ctx=ctx, number=order.number, status=status
            ),
        )
    # then exactly one grant exists for its one file
    grants = await grants_of(services, tenant)
    assert [(g.order_id, g.download_count) for g in grants] == [(order.id, 0)]


async def test_a_pending_order_grants_nothing(services: Services, factory: Factory) -> None:
    tenant = await factory.tenant()
    product = await digital_product(services, tenant)
    await attach(services, tenant, product)
    order = await order_of(services, tenant, None, product, status=OrderStatus.PENDING)
    await run(
        services,
        tenant,
        lambda s: orders.update_order_status(
            s, ctx=admin_ctx(services, tenant), number=order.number, status=OrderStatus.CANCELLED
        ),
    )
    assert await grants_of(services, tenant) == []
