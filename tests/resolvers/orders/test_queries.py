"""Reading orders: members see their own, admins all; others' orders are missing."""

from __future__ import annotations

import pytest

from tenantry.core.errors import NotFound, Unauthenticated
from tenantry.core.pagination import PageRequest
from tenantry.models.order import Order, OrderStatus
from tenantry.resolvers import orders
from tenantry.serving.services import Services
from tests.conftest import Factory, TenantFixture
from tests.resolvers.cart.rows import product
from tests.resolvers.orders.support import admin_ctx, checkout, fill_cart, move
from tests.support import make_ctx, member_ctx, members


async def bought(services: Services, tenant: TenantFixture, member_id: int) -> Order:
    mug = await product(services, tenant, "Mug", price=1000)
    await fill_cart(services, tenant, member_id, (mug, None, 1))
    return await checkout(services, tenant, member_id)


async def test_a_member_lists_their_own_orders_newest_first(
    services: Services, factory: Factory
) -> None:
    # given
    tenant = await factory.tenant()
    me, other = await members(services, tenant, 2)
    first = await bought(services, tenant, me)
    second = await bought(services, tenant, me)
    await bought(services, tenant, other)
    # when
    async with services.db.unit(tenant.id) as uow:
        page = await orders.list_orders(
            uow.session,
            ctx=member_ctx(services, tenant, me),
            filters=orders.OrderFilters(),
            page=PageRequest(1, 15),
        )
    # then
    assert [order.number for order in page.items] == [second.number, first.number]
    assert page.total == 2


async def test_orders_filter_by_status(services: Services, factory: Factory) -> None:
    tenant = await factory.tenant()
    [me] = await members(services, tenant)
    paid = await bought(services, tenant, me)
    await bought(services, tenant, me)
    await move(services, tenant, paid.number, OrderStatus.PAID)
    async with services.db.unit(tenant.id) as uow:
        page = await orders.list_orders(
            uow.session,
            ctx=member_ctx(services, tenant, me),
            filters=orders.OrderFilters(status=OrderStatus.PAID),
            page=PageRequest(1, 15),
        )
    assert [order.number for order in page.items] == [paid.number]


async def test_an_admin_lists_every_order(services: Services, factory: Factory) -> None:
    tenant = await factory.tenant()
    me, other = await members(services, tenant, 2)
    await bought(services, tenant, me)
    await bought(services, tenant, other)
    async with services.db.unit(tenant.id) as uow:
        page = await orders.list_orders(
            uow.session,
            ctx=admin_ctx(services, tenant),
            filters=orders.OrderFilters(),
            page=PageRequest(1, 15),
        )
    assert page.total == 2


async def test_another_member_s_order_is_missing(services: Services, factory: Factory) -> None:
    tenant = await factory.tenant()
    me, other = await members(services, tenant, 2)
    order = await bought(services, tenant, other)
    async with services.db.unit(tenant.id) as uow:
        with pytest.raises(NotFound, match=r"^Order not found\.$"):
            await orders.get_order(
                uow.session, ctx=member_ctx(services, tenant, me), number=order.number
            )


async def test_another_tenant_s_order_is_missing(services: Services, factory: Factory) -> None:
    tenant, elsewhere = await factory.tenant(), await factory.tenant()
    [other] = await members(services, elsewhere)
    order = await bought(services, elsewhere, other)
    async with services.db.unit(tenant.id) as uow:
        with pytest.raises(NotFound):
            await orders.get_order(
                uow.session, ctx=admin_ctx(services, tenant), number=order.number
            )


async def test_reading_orders_needs_someone(services: Services, factory: Factory) -> None:
    tenant = await factory.tenant()
    async with services.db.unit(tenant.id) as uow:
        with pytest.raises(Unauthenticated):
            await orders.get_order(uow.session, ctx=make_ctx(services, tenant), number="ORD-1")


async def test_items_and_history_load_for_many_orders_at_once(
    services: Services, factory: Factory
) -> None:
    tenant = await factory.tenant()
    [me] = await members(services, tenant)
    one, two = await bought(services, tenant, me), await bought(services, tenant, me)
    ids = [one.id or 0, two.id or 0, 999999]
    async with services.db.unit(tenant.id) as uow:
        items = await orders.items_by_order_ids(uow.session, ids)
        history = await orders.history_by_order_ids(uow.session, ids)
    assert [len(items[i]) for i in ids] == [1, 1, 0]
    assert [len(history[i]) for i in ids] == [1, 1, 0]
