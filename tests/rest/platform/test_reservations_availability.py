"""Availability over REST: a fixed number of statements whatever the staff and bookings, and the
daylight-saving rule with the database in the loop."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx
import pytest

from tenantry.serving.services import Services
from tests.conftest import Factory, StatementCounter, TenantFixture
from tests.resolvers.reservations.support import DAY, ReservationWriter
from tests.support import frozen_clock


async def book(client: httpx.AsyncClient, tenant: TenantFixture, body: dict[str, object]) -> None:
    response = await client.post(
        f"/api/{tenant.slug}/reservations", json={**body, "name": "G", "phone": "1"}
    )
    assert response.status_code == 201, response.text


@pytest.mark.usefixtures("clock")
async def test_more_staff_and_bookings_add_no_statements(
    client: httpx.AsyncClient, services: Services, factory: Factory, count_queries: StatementCounter
) -> None:
    # given: one person, then five with bookings
    tenant = await factory.tenant()
    small, _ = await ReservationWriter(services, tenant).shop(staff=1)
    large, people = await ReservationWriter(services, tenant).shop(staff=5)
    for person, time in zip(people, ["09:00", "10:00", "11:00", "12:00", "13:00"], strict=True):
        await book(
            client,
            tenant,
            {"service_id": large.id, "staff_id": person.id, "date": DAY, "time": time},
        )
    base = f"/api/{tenant.slug}/reservation"
    counts = []
    for service in (small, large):
        for path, params in (
            ("available-slots", {"date": DAY}),
            ("available-dates", {"month": DAY[:7]}),
        ):
            count_queries.reset()
            response = await client.get(
                f"{base}/{path}", params={"service_id": str(service.id), **params}
            )
            assert response.status_code == 200
            assert response.json()["data"]
            counts.append(count_queries.count)
    # then
    slots_small, dates_small, slots_large, dates_large = counts
    assert slots_small == slots_large == dates_small == dates_large
    assert slots_small <= 8


async def test_berlin_spring_forward_over_rest(
    client: httpx.AsyncClient, services: Services, factory: Factory
) -> None:
    # given: a Berlin shop open 01:00-04:00 every day, a week before the change of 2031
    tenant = await factory.tenant()
    writer = ReservationWriter(services, tenant)
    await writer.settings(timezone="Europe/Berlin", min_lead_minutes=0)
    service, [kim] = await writer.shop(duration=30, start="01:00", end="04:00")
    day = "2031-03-30"  # the last Sunday of March 2031
    with frozen_clock(services) as fixed:
        fixed.moment = datetime(2031, 3, 23, tzinfo=UTC)
        # when
        slots = await client.get(
            f"/api/{tenant.slug}/reservation/available-slots",
            params={"service_id": str(service.id), "date": day},
        )
        missing = await client.post(
            f"/api/{tenant.slug}/reservations",
            json={
                "service_id": service.id,
                "staff_id": kim.id,
                "date": day,
                "time": "02:30",
                "name": "G",
                "phone": "1",
            },
        )
    # then
    assert [(s["time"], s["starts_at"]) for s in slots.json()["data"]] == [
        ("01:00", "2031-03-30T00:00:00Z"),
        ("01:30", "2031-03-30T00:30:00Z"),
        ("03:00", "2031-03-30T01:00:00Z"),
        ("03:30", "2031-03-30T01:30:00Z"),
    ]
    assert missing.status_code == 422
    assert missing.json()["errors"] == {"time": ["The selected time does not exist on that date."]}
