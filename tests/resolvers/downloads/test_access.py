"""Using grants: counting downloads under a limit and an expiry, and listing them."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from tenantry.core.context import Ctx
from tenantry.core.errors import NotFound, Unauthenticated
from tenantry.core.pagination import PageRequest
from tenantry.models.order import Order, OrderStatus
from tenantry.resolvers import downloads, orders
from tenantry.serving.services import Services
from tests.conftest import Factory, TenantFixture
from tests.resolvers.downloads.support import bought, load_grant, with_clock, with_settings
from tests.support import FixedClock, guest_ctx, make_ctx, member_ctx, members, run


async def take(
    services: Services, tenant: TenantFixture, token: str, ctx: Ctx | None = None
) -> downloads.Download:
    given = ctx or make_ctx(services, tenant)
    return await run(
        services, tenant, lambda s: downloads.start_download(s, ctx=given, token=token)
    )


async def set_status(
    services: Services, tenant: TenantFixture, order: Order, status: OrderStatus
) -> None:
    async with services.db.unit(tenant.id) as uow:
        row = await uow.session.get(Order, order.id)
        assert row is not None
        row.status = status
        await uow.commit()


async def test_a_download_is_counted(services: Services, factory: Factory) -> None:
    tenant = await factory.tenant()
    [member_id] = await members(services, tenant)
    _, download = await bought(services, tenant, member_id)

    taken = await take(services, tenant, download.token)

    assert (taken.grant.download_count, taken.remaining) == (1, 4)
    stored = await load_grant(services, tenant, download.grant.id)
    assert stored.download_count == 1
    assert stored.last_downloaded_at is not None


async def test_the_limit_stops_further_downloads(services: Services, factory: Factory) -> None:
    tenant = await factory.tenant()
    [member_id] = await members(services, tenant)
    ctx = with_settings(make_ctx(services, tenant), downloads={"max_downloads": 1})
    _, download = await bought(services, tenant, member_id, ctx)
    await take(services, tenant, download.token)

    with pytest.raises(downloads.DownloadLimitReached):
        await take(services, tenant, download.token)

    assert (await load_grant(services, tenant, download.grant.id)).download_count == 1


async def test_six_concurrent_downloads_of_a_two_download_link_give_two(
    services: Services, factory: Factory
) -> None:
    # given
    tenant = await factory.tenant()
    [member_id] = await members(services, tenant)
    ctx = with_settings(make_ctx(services, tenant), downloads={"max_downloads": 2})
    _, download = await bought(services, tenant, member_id, ctx)

    # when
    outcomes = await asyncio.gather(
        *(take(services, tenant, download.token) for _ in range(6)), return_exceptions=True
    )

    # then
    assert sum(isinstance(o, downloads.Download) for o in outcomes) == 2
    assert sum(isinstance(o, downloads.DownloadLimitReached) for o in outcomes) == 4
    assert (await load_grant(services, tenant, download.grant.id)).download_count == 2


async def test_an_expired_link_is_refused(services: Services, factory: Factory) -> None:
    # given: a 7-day link
    tenant = await factory.tenant()
    [member_id] = await members(services, tenant)
    clock = FixedClock()
    ctx = with_settings(
        with_clock(make_ctx(services, tenant), clock), downloads={"expires_days": 7}
    )
    _, download = await bought(services, tenant, member_id, ctx)

    # when: just before and at the expiry
    clock.advance(timedelta(days=7).total_seconds() - 1)
    await take(services, tenant, download.token, ctx)
    clock.advance(1)

    # then
    with pytest.raises(downloads.DownloadExpired):
        await take(services, tenant, download.token, ctx)
    assert (await load_grant(services, tenant, download.grant.id)).download_count == 1


@pytest.mark.parametrize("status", [OrderStatus.CANCELLED, OrderStatus.REFUNDED])
async def test_an_undone_order_revokes_its_links(
    services: Services, factory: Factory, status: OrderStatus
) -> None:
    tenant = await factory.tenant()
    [member_id] = await members(services, tenant)
    order, download = await bought(services, tenant, member_id)
    await set_status(services, tenant, order, status)

    with pytest.raises(NotFound):
        await take(services, tenant, download.token)


@pytest.mark.parametrize("token", ["", "x" * 500, "not-a-token"])
async def test_an_unknown_token_is_not_found(
    services: Services, factory: Factory, token: str
) -> None:
    tenant = await factory.tenant()

    with pytest.raises(NotFound):
        await take(services, tenant, token)


async def test_another_tenants_token_is_not_found(services: Services, factory: Factory) -> None:
    tenant, other = await factory.tenant(), await factory.tenant()
    [member_id] = await members(services, tenant)
    _, download = await bought(services, tenant, member_id)

    with pytest.raises(NotFound):
        await take(services, other, download.token)


async def test_info_does_not_count(services: Services, factory: Factory) -> None:
    tenant = await factory.tenant()
    [member_id] = await members(services, tenant)
    _, download = await bought(services, tenant, member_id)

    found = await run(
        services,
        tenant,
        lambda s: downloads.get_download(s, ctx=make_ctx(services, tenant), token=download.token),
    )

    assert (found.grant.download_count, found.remaining, found.file.filename) == (0, 5, "guide.pdf")


async def test_my_downloads_are_mine_and_newest_first(services: Services, factory: Factory) -> None:
    tenant = await factory.tenant()
    me, other = await members(services, tenant, 2)
    _, first = await bought(services, tenant, me)
    _, second = await bought(services, tenant, me)
    await bought(services, tenant, other)
    ctx = member_ctx(services, tenant, me)

    found = await run(
        services, tenant, lambda s: downloads.list_my_downloads(s, ctx=ctx, page=PageRequest())
    )

    assert [d.grant.id for d in found.items] == [second.grant.id, first.grant.id]
    assert [d.token for d in found.items] == [second.token, first.token]
    assert found.total == 2


async def test_another_members_order_downloads_are_not_found(
    services: Services, factory: Factory
) -> None:
    tenant = await factory.tenant()
    owner, other = await members(services, tenant, 2)
    order, _ = await bought(services, tenant, owner)

    with pytest.raises(NotFound):
        await run(
            services,
            tenant,
            lambda s: orders.list_order_downloads(
                s, ctx=member_ctx(services, tenant, other), number=order.number
            ),
        )


@pytest.mark.parametrize("call", ["mine", "order"])
async def test_a_guest_lists_nothing(services: Services, factory: Factory, call: str) -> None:
    tenant = await factory.tenant()
    ctx = guest_ctx(services, tenant)

    with pytest.raises(Unauthenticated):
        await run(
            services,
            tenant,
            lambda s: (
                downloads.list_my_downloads(s, ctx=ctx, page=PageRequest())
                if call == "mine"
                else orders.list_order_downloads(s, ctx=ctx, number="ORD-1")
            ),
        )
