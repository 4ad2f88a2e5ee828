"""The per-IP submission limit: counted in a moving window, and exact under concurrency."""

from __future__ import annotations

import asyncio

import pytest

from tenantry.auth.principal import Principal
from tenantry.core.errors import RateLimited
from tenantry.resolvers import forms
from tenantry.serving.services import Services
from tests.conftest import Factory, TenantFixture
from tests.resolvers.forms.support import ctx, make_form, submit
from tests.support import FixedClock

ANSWERS = {"name": "Kim", "email": "kim@example.com"}
LIMITED = {"submissions_per_ip": 3, "ip_window_seconds": 3600}


async def allowance(
    services: Services,
    tenant: TenantFixture,
    slug: str,
    clock: FixedClock,
    ip: str = "203.0.113.7",
) -> forms.IpAllowance:
    async with services.db.unit(tenant.id) as uow:
        return await forms.check_ip(
            uow.session,
            ctx=ctx(services, tenant, Principal(), client_ip=ip, clock=clock),
            slug=slug,
        )


async def test_a_form_without_a_limit_always_allows(factory: Factory, services: Services) -> None:
    tenant = await factory.tenant()
    form = await make_form(services, tenant)
    clock = FixedClock()
    await submit(services, tenant, form, ANSWERS, clock=clock)

    found = await allowance(services, tenant, form.slug, clock)

    assert found == forms.IpAllowance(can_submit=True, remaining=None, retry_after=None)


async def test_remaining_counts_down_then_retry_after_counts_from_the_oldest(
    factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    form = await make_form(services, tenant, settings=LIMITED)
    clock = FixedClock()
    before = await allowance(services, tenant, form.slug, clock)
    await submit(services, tenant, form, ANSWERS, clock=clock)
    clock.advance(600)
    await submit(services, tenant, form, ANSWERS, clock=clock)
    middle = await allowance(services, tenant, form.slug, clock)
    await submit(services, tenant, form, ANSWERS, clock=clock)
    clock.advance(100)

    # when
    after = await allowance(services, tenant, form.slug, clock)
    with pytest.raises(RateLimited) as refused:
        await submit(services, tenant, form, ANSWERS, clock=clock)

    # then: the oldest submission leaves the window 3600 - 700 seconds from now
    assert before == forms.IpAllowance(can_submit=True, remaining=3, retry_after=None)
    assert middle == forms.IpAllowance(can_submit=True, remaining=1, retry_after=None)
    assert after == forms.IpAllowance(can_submit=False, remaining=0, retry_after=2900)
    assert refused.value.retry_after == 2900
    assert (
        refused.value.message == "Too many submissions from your address. Please try again later."
    )


async def test_the_window_moves_on(factory: Factory, services: Services) -> None:
    tenant = await factory.tenant()
    form = await make_form(services, tenant, settings=LIMITED)
    clock = FixedClock()
    for _ in range(3):
        await submit(services, tenant, form, ANSWERS, clock=clock)
    clock.advance(3600)

    found = await allowance(services, tenant, form.slug, clock)
    await submit(services, tenant, form, ANSWERS, clock=clock)

    assert found == forms.IpAllowance(can_submit=True, remaining=3, retry_after=None)


async def test_the_window_defaults_to_a_day(factory: Factory, services: Services) -> None:
    tenant = await factory.tenant()
    form = await make_form(services, tenant, settings={"submissions_per_ip": 1})
    clock = FixedClock()
    await submit(services, tenant, form, ANSWERS, clock=clock)
    clock.advance(60)

    found = await allowance(services, tenant, form.slug, clock)

    assert found == forms.IpAllowance(can_submit=False, remaining=0, retry_after=86400 - 60)


async def test_each_address_has_its_own_allowance(factory: Factory, services: Services) -> None:
    tenant = await factory.tenant()
    form = await make_form(services, tenant, settings=LIMITED)
    clock = FixedClock()
    for _ in range(3):
        await submit(services, tenant, form, ANSWERS, clock=clock)

    other = await allowance(services, tenant, form.slug, clock, ip="198.51.100.1")
    await submit(services, tenant, form, ANSWERS, clock=clock, client_ip="198.51.100.1")

    assert other.remaining == 3


async def test_the_limit_is_per_form(factory: Factory, services: Services) -> None:
    tenant = await factory.tenant()
    first = await make_form(services, tenant, settings=LIMITED)
    second = await make_form(services, tenant, settings=LIMITED)
    clock = FixedClock()
    for _ in range(3):
        await submit(services, tenant, first, ANSWERS, clock=clock)

    found = await allowance(services, tenant, second.slug, clock)

    assert found.remaining == 3


async def test_concurrent_submissions_from_one_address_stop_exactly_at_the_limit(
    factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    form = await make_form(services, tenant, settings=LIMITED)

    # when: ten at once, each in its own transaction
    results = await asyncio.gather(
        *(submit(services, tenant, form, ANSWERS) for _ in range(10)), return_exceptions=True
    )

    # then
    accepted = [r for r in results if isinstance(r, forms.Submitted)]
    limited = [r for r in results if isinstance(r, RateLimited)]
    assert (len(accepted), len(limited)) == (3, 7)
    found = await allowance(services, tenant, form.slug, FixedClock())
    assert found.remaining == 0
