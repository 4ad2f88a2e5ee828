"""Bookings racing for one slot: the database's guard, not luck, decides who gets it.

Every booker posts over the ASGI app at once (asyncio.gather), members and guests mixed.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import date, timedelta

import httpx
import pytest
from sqlalchemy.exc import IntegrityError
from sqlmodel import col, select

from tenantry.models.reservations import Reservation, ReservationStatus
from tenantry.serving.services import Services
from tests.conftest import Factory, TenantFixture
from tests.resolvers.reservations.support import DAY, ReservationWriter
from tests.support import bearer, count, member_token, members

TAKEN = {
    "message": "This time slot is no longer available. Please choose another time.",
    "code": "slot_unavailable",
}


async def bookers(services: Services, tenant: TenantFixture, total: int) -> list[dict[str, str]]:
    """Headers for total bookers: every other one a member, the rest guests."""
    ids = await members(services, tenant, total // 2)
    tokens = [bearer(await member_token(services, tenant, member_id)) for member_id in ids]
    return tokens + [{} for _ in range(total - len(tokens))]


async def book_all(
    client: httpx.AsyncClient,
    tenant: TenantFixture,
    body: dict[str, object],
    heads: list[dict[str, str]],
) -> list[httpx.Response]:
    async with asyncio.timeout(120):
        return await asyncio.gather(
            *[
                client.post(
                    f"/api/{tenant.slug}/reservations",
                    json={**body, "name": f"Guest {index}", "phone": f"010-0000-{index:04d}"},
                    headers=headers,
                )
                for index, headers in enumerate(heads)
            ]
        )


@pytest.mark.usefixtures("clock")
async def test_100_bookings_of_one_slot_make_exactly_one(
    client: httpx.AsyncClient, services: Services, factory: Factory
) -> None:
    # given
    tenant = await factory.tenant()
    service, [kim] = await ReservationWriter(services, tenant).shop(buffer_after_minutes=10)
    heads = await bookers(services, tenant, 100)
    body = {"service_id": service.id, "staff_id": kim.id, "date": DAY, "time": "11:00"}
    # when
    responses = await book_all(client, tenant, body, heads)
    # then
    assert Counter(r.status_code for r in responses) == {201: 1, 409: 99}
    assert all(r.json() == TAKEN for r in responses if r.status_code == 409)
    assert await count(services, tenant, Reservation) == 1


@pytest.mark.usefixtures("clock")
async def test_overlapping_times_of_one_staff_member_are_one_booking_too(
    client: httpx.AsyncClient, services: Services, factory: Factory
) -> None:
    """Different start times whose blocked ranges overlap: still only one wins."""
    tenant = await factory.tenant()
    service, [kim] = await ReservationWriter(services, tenant).shop()
    heads = await bookers(services, tenant, 20)
    times = ["10:00", "10:30"]
    async with asyncio.timeout(120):
        responses = await asyncio.gather(
            *[
                client.post(
                    f"/api/{tenant.slug}/reservations",
                    json={
                        "service_id": service.id,
                        "staff_id": kim.id,
                        "date": DAY,
                        "time": times[index % 2],
                        "name": "G",
                        "phone": "010",
                    },
                    headers=headers,
                )
                for index, headers in enumerate(heads)
            ]
        )
    assert Counter(r.status_code for r in responses) == {201: 1, 409: 19}


@pytest.mark.usefixtures("clock")
async def test_a_capacity_3_service_takes_exactly_3(
    client: httpx.AsyncClient, services: Services, factory: Factory
) -> None:
    tenant = await factory.tenant()
    service, [kim] = await ReservationWriter(services, tenant).shop(capacity=3)
    heads = await bookers(services, tenant, 60)
    body = {"service_id": service.id, "staff_id": kim.id, "date": DAY, "time": "15:00"}
    responses = await book_all(client, tenant, body, heads)
    assert Counter(r.status_code for r in responses) == {201: 3, 409: 57}
    assert all(r.json() == TAKEN for r in responses if r.status_code == 409)
    assert await count(services, tenant, Reservation) == 3


@pytest.mark.usefixtures("clock")
async def test_without_staff_the_next_free_person_is_booked(
    client: httpx.AsyncClient, services: Services, factory: Factory
) -> None:
    tenant = await factory.tenant()
    service, people = await ReservationWriter(services, tenant).shop(staff=2)
    heads = await bookers(services, tenant, 10)
    body = {"service_id": service.id, "date": DAY, "time": "09:00"}
    responses = await book_all(client, tenant, body, heads)
    made = [r.json()["data"]["staff_id"] for r in responses if r.status_code == 201]
    assert sorted(made) == sorted(person.id for person in people)
    assert Counter(r.status_code for r in responses) == {201: 2, 409: 8}


@pytest.mark.usefixtures("clock")
async def test_a_raw_overlapping_insert_meets_the_constraint_on_postgresql(
    services: Services, factory: Factory, client: httpx.AsyncClient
) -> None:
    # given: one booking made through the API
    tenant = await factory.tenant()
    service, [kim] = await ReservationWriter(services, tenant).shop()
    body = {"service_id": service.id, "staff_id": kim.id, "date": DAY, "time": "12:00"}
    made = await client.post(
        f"/api/{tenant.slug}/reservations", json={**body, "name": "A", "phone": "1"}
    )
    assert made.status_code == 201
    # when: a row overlapping it is inserted behind the domain's back
    async with services.db.unit(tenant.id) as uow:
        first = await uow.session.scalar(select(Reservation))
        assert first is not None
        later = timedelta(minutes=30)
        raw = Reservation(
            number="RSV-RAW-1",
            slot_key="RSV-RAW-1",
            service_id=first.service_id,
            staff_id=first.staff_id,
            name="Raw",
            local_date=first.local_date,
            local_time="12:30",
            starts_at=first.starts_at + later,
            ends_at=first.ends_at + later,
            blocked_from=first.blocked_from + later,
            blocked_until=first.blocked_until + later,
            status=ReservationStatus.CONFIRMED,
        )
        uow.session.add(raw)
        if services.db.engine.dialect.name == "postgresql":
            # then: the exclusion constraint refuses it
            with pytest.raises(IntegrityError, match="ex_reservation_staff_time"):
                await uow.session.flush()
            return
        # SQLite has no such constraint: its guard is the check inside the serialized
        # write transaction, which a raw insert skips.
        await uow.session.flush()
        await uow.rollback()


@pytest.mark.usefixtures("clock")
async def test_a_cancelled_booking_frees_its_slot(
    client: httpx.AsyncClient, services: Services, factory: Factory
) -> None:
    tenant = await factory.tenant()
    service, [kim] = await ReservationWriter(services, tenant).shop()
    tuesday = (date.fromisoformat(DAY) + timedelta(days=1)).isoformat()
    body = {"service_id": service.id, "staff_id": kim.id, "date": tuesday, "time": "13:00"}
    first = await client.post(
        f"/api/{tenant.slug}/reservations", json={**body, "name": "A", "phone": "1"}
    )
    number = first.json()["data"]["reservation_number"]
    cancelled = await client.post(
        f"/api/{tenant.slug}/reservations/{number}/cancel", json={"phone": "1"}
    )
    again = await client.post(
        f"/api/{tenant.slug}/reservations", json={**body, "name": "B", "phone": "2"}
    )
    assert (first.status_code, cancelled.status_code, again.status_code) == (201, 200, 201)
    async with services.db.unit(tenant.id) as uow:
        statuses = list(
            await uow.session.scalars(select(Reservation.status).order_by(col(Reservation.id)))
        )
    assert statuses == [ReservationStatus.CANCELLED, ReservationStatus.CONFIRMED]
