"""The hold sweeper: unpaid holds past their expiry are cancelled (reservation.cancelled) and
their slot reopens; a booking that needs a lapsed hold's time releases it the same way. Time is
the app's frozen clock, and each test calls one sweep."""

from __future__ import annotations

import asyncio
from datetime import datetime

import httpx

from tenantry.models.reservations import ReservationStatus
from tenantry.serving.hold_sweeper import HoldSweeper
from tenantry.serving.services import Services
from tests.conftest import Factory
from tests.resolvers.payments.toss_support import toss_shop_buyer
from tests.resolvers.reservation_payments.support import HOLD, salon
from tests.resolvers.reservations.support import NOW
from tests.support import FixedClock, events_of


async def test_the_sweeper_releases_a_lapsed_hold_and_its_slot_reopens(
    client: httpx.AsyncClient,
    services: Services,
    factory: Factory,
    clock: FixedClock,
) -> None:
    # given
    shop = await salon(services, factory, clock)
    number = await shop.hold(client)
    other = await toss_shop_buyer(services, shop.tenant)
    clock.moment = NOW + HOLD - (HOLD / 15)
    # when
    early = await shop.sweep()
    refused = await shop.book(client, buyer=other)
    clock.moment = NOW + HOLD
    swept = await shop.sweep()
    booked = await shop.book(client, buyer=other)
    # then
    assert (early, refused.status_code) == (0, 409)
    assert swept == 1
    assert booked.status_code == 201, booked.text
    held = await shop.reservation(number)
    assert (held.status, held.cancelled_at) == (ReservationStatus.CANCELLED, NOW + HOLD)
    events = await events_of(services, shop.tenant, "reservation", held.id)
    assert [event.type for event in events] == ["reservation.created", "reservation.cancelled"]
    assert await shop.sweep() == 0


async def test_a_booking_releases_the_lapsed_hold_it_needs(
    client: httpx.AsyncClient,
    services: Services,
    factory: Factory,
    clock: FixedClock,
) -> None:
    shop = await salon(services, factory, clock)
    number = await shop.hold(client)
    other = await toss_shop_buyer(services, shop.tenant)
    clock.moment = NOW + HOLD
    booked = await shop.book(client, buyer=other)
    assert booked.status_code == 201, booked.text
    held = await shop.reservation(number)
    assert held.status == ReservationStatus.CANCELLED
    events = await events_of(services, shop.tenant, "reservation", held.id)
    assert [event.type for event in events][-1] == "reservation.cancelled"


async def test_the_loop_sweeps_until_stopped(
    client: httpx.AsyncClient, services: Services, factory: Factory, clock: FixedClock
) -> None:
    shop = await salon(services, factory, clock)
    number = await shop.hold(client)
    clock.moment = NOW + HOLD
    settings = services.settings.model_copy(update={"hold_sweep_seconds": 0.01})
    stop, second_pass = asyncio.Event(), asyncio.Event()
    passes = 0

    def now() -> datetime:
        nonlocal passes
        passes += 1
        if passes == 2:  # the first pass has committed
            second_pass.set()
        return clock.moment

    loop = asyncio.create_task(HoldSweeper(services.db, settings, clock=now).run(stop))
    try:
        await asyncio.wait_for(second_pass.wait(), timeout=10)
    finally:
        stop.set()
        await loop
    assert (await shop.reservation(number)).status == ReservationStatus.CANCELLED
