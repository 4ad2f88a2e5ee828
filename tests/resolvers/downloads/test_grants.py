"""Grants for paid orders: one per digital item and file, once, with the tenant's limits."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tenantry.models.order import OrderStatus
from tenantry.resolvers import downloads, orders
from tenantry.serving.services import Services
from tests.conftest import Factory
from tests.resolvers.cart import rows
from tests.resolvers.downloads.support import (
    admin_ctx,
    attach,
    digital_product,
    grant,
    grants_of,
    order_of,
    with_clock,
    with_settings,
)
from tests.support import FixedClock, make_ctx, members, run

pytestmark = pytest.mark.usefixtures("app")


async def test_one_grant_per_digital_item_and_file(services: Services, factory: Factory) -> None:
    # given: a two-file guide, a one-file album and a mug
    tenant = await factory.tenant()
    [member_id] = await members(services, tenant)
    guide, album = await digital_product(services, tenant), await digital_product(services, tenant)
    mug = await rows.product(services, tenant, "Mug")
    pdf, epub = (
        await attach(services, tenant, guide, "g.pdf"),
        await attach(services, tenant, guide),
    )
    mp3 = await attach(services, tenant, album, "a.mp3", content_type="audio/mpeg")
    order = await order_of(services, tenant, member_id, guide, mug, album)

    # when
    granted = await grant(services, tenant, order)

    # then
    assert [(g.product_file_id, g.member_id, g.order_id) for g in granted] == [
        (pdf.id, member_id, order.id),
        (epub.id, member_id, order.id),
        (mp3.id, member_id, order.id),
    ]
    assert all((g.download_count, g.max_downloads) == (0, 5) for g in granted)


async def test_granting_again_adds_nothing(services: Services, factory: Factory) -> None:
    tenant = await factory.tenant()
    [member_id] = await members(services, tenant)
    guide = await digital_product(services, tenant)
    await attach(services, tenant, guide)
    order = await order_of(services, tenant, member_id, guide)
    first = await grant(services, tenant, order)

    second = await grant(services, tenant, order)

    assert [g.id for g in second] == [g.id for g in first]
    assert len(await grants_of(services, tenant)) == 1


async def test_a_file_attached_later_is_granted_on_the_next_call(
    services: Services, factory: Factory
) -> None:
    tenant = await factory.tenant()
    [member_id] = await members(services, tenant)
    guide = await digital_product(services, tenant)
    await attach(services, tenant, guide)
    order = await order_of(services, tenant, member_id, guide)
    await grant(services, tenant, order)
    await attach(services, tenant, guide, "errata.pdf")

    again = await grant(services, tenant, order)

    assert len(again) == 2


@pytest.mark.parametrize("status", [OrderStatus.PENDING, OrderStatus.CANCELLED])
async def test_an_unpaid_order_gets_no_grants(
    services: Services, factory: Factory, status: OrderStatus
) -> None:
    tenant = await factory.tenant()
    [member_id] = await members(services, tenant)
    guide = await digital_product(services, tenant)
    await attach(services, tenant, guide)
    order = await order_of(services, tenant, member_id, guide, status=status)

    assert await grant(services, tenant, order) == []
    assert await grants_of(services, tenant) == []


async def test_expiry_defaults_to_thirty_days(services: Services, factory: Factory) -> None:
    tenant = await factory.tenant()
    [member_id] = await members(services, tenant)
    guide = await digital_product(services, tenant)
    await attach(services, tenant, guide)
    order = await order_of(services, tenant, member_id, guide)
    clock = FixedClock()

    [granted] = await grant(services, tenant, order, with_clock(make_ctx(services, tenant), clock))

    assert granted.expires_at == clock.moment + timedelta(days=30)
    assert granted.created_at == clock.moment


async def test_the_tenant_sets_expiry_and_limit(services: Services, factory: Factory) -> None:
    tenant = await factory.tenant()
    [member_id] = await members(services, tenant)
    guide = await digital_product(services, tenant)
    await attach(services, tenant, guide)
    order = await order_of(services, tenant, member_id, guide)
    clock = FixedClock()
    ctx = with_settings(
        with_clock(make_ctx(services, tenant), clock),
        downloads={"expires_days": 7, "max_downloads": 2},
    )

    [granted] = await grant(services, tenant, order, ctx)

    assert (granted.expires_at, granted.max_downloads) == (clock.moment + timedelta(days=7), 2)


async def test_null_settings_lift_the_limits(services: Services, factory: Factory) -> None:
    tenant = await factory.tenant()
    [member_id] = await members(services, tenant)
    guide = await digital_product(services, tenant)
    await attach(services, tenant, guide)
    order = await order_of(services, tenant, member_id, guide)
    ctx = with_settings(
        make_ctx(services, tenant), downloads={"expires_days": None, "max_downloads": None}
    )

    [granted] = await grant(services, tenant, order, ctx)

    assert (granted.expires_at, granted.max_downloads) == (None, None)


async def test_only_the_tokens_hash_is_stored(services: Services, factory: Factory) -> None:
    tenant = await factory.tenant()
    [member_id] = await members(services, tenant)
    guide = await digital_product(services, tenant)
    await attach(services, tenant, guide)
    order = await order_of(services, tenant, member_id, guide)
    ctx = make_ctx(services, tenant)

    [granted] = await grant(services, tenant, order, ctx)

    token = downloads.grant_token(
        ctx, order_item_id=granted.order_item_id, product_file_id=granted.product_file_id
    )
    assert granted.token_hash == downloads.token_hash(token)
    assert token not in {str(value) for value in granted.model_dump().values()}


async def test_an_order_paid_through_the_lifecycle_is_granted(
    services: Services, factory: Factory
) -> None:
    # given: an order moved to paid by the orders domain
    tenant = await factory.tenant()
    [member_id] = await members(services, tenant)
    guide = await digital_product(services, tenant)
    await attach(services, tenant, guide)
    pending = await order_of(services, tenant, member_id, guide, status=OrderStatus.PENDING)
    ctx = admin_ctx(services, tenant)

    # when
    async def pay_and_grant() -> list[object]:
        async with services.db.unit(tenant.id) as uow:
            order = await orders.update_order_status(
                uow.session, ctx=ctx, number=pending.number, status=OrderStatus.PAID
            )
            granted = await downloads.grant_downloads(uow.session, ctx=ctx, order=order)
            await uow.commit()
        return list(granted)

    granted = await pay_and_grant()

    # then
    assert len(granted) == 1
    assert len(await grants_of(services, tenant)) == 1


async def test_grants_are_per_tenant(services: Services, factory: Factory) -> None:
    tenant, other = await factory.tenant(), await factory.tenant()
    [member_id] = await members(services, tenant)
    guide = await digital_product(services, tenant)
    await attach(services, tenant, guide)
    order = await order_of(services, tenant, member_id, guide)
    await grant(services, tenant, order)

    found = await run(
        services,
        other,
        lambda s: downloads.grants_of_order(s, order_id=order.id or 0),
    )

    assert found == []
