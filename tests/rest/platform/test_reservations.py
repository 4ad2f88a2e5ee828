"""Dialect A reservations: every path's exact envelope."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import httpx
import pytest
from sqlmodel import col, select

from tenantry.models.reservations import Reservation
from tenantry.serving.services import Services
from tests.conftest import Factory, TenantFixture
from tests.resolvers.reservations.support import DAY, NOW, ReservationWriter
from tests.support import FixedClock, bearer, iso, member_token, members, run

GUEST = {"name": "John Doe", "phone": "010-1234-5678"}


async def book(
    client: httpx.AsyncClient, tenant: TenantFixture, body: dict[str, Any], **headers: str
) -> httpx.Response:
    return await client.post(f"/api/{tenant.slug}/reservations", json=body, headers=headers)


async def stored(services: Services, tenant: TenantFixture, number: str) -> Reservation:
    async def load(session: Any) -> Reservation:
        row = await session.scalar(select(Reservation).where(col(Reservation.number) == number))
        assert row is not None
        return row  # type: ignore[no-any-return]

    return await run(services, tenant, load)


def reservation_body(row: Reservation) -> dict[str, Any]:
    return {
        "id": row.id,
        "reservation_number": row.number,
        "status": str(row.status),
        "service_id": row.service_id,
        "staff_id": row.staff_id,
        "member_id": row.member_id,
        "name": row.name,
        "phone": row.phone,
        "email": row.email,
        "date": row.local_date,
        "time": row.local_time,
        "starts_at": iso(row.starts_at),
        "ends_at": iso(row.ends_at),
        "price": row.price,
        "notes": row.notes,
        "hold_expires_at": iso(row.hold_expires_at),
        "confirmed_at": iso(row.confirmed_at),
        "cancelled_at": iso(row.cancelled_at),
        "paid_at": iso(row.paid_at),
        "created_at": iso(row.created_at),
        "updated_at": iso(row.updated_at),
    }


@pytest.mark.usefixtures("clock")
async def test_settings_envelope(
    client: httpx.AsyncClient, services: Services, factory: Factory
) -> None:
    tenant = await factory.tenant()
    default = await client.get(f"/api/{tenant.slug}/reservation/settings")
    await ReservationWriter(services, tenant).settings(
        timezone="Asia/Seoul", confirmation_mode="staff", booking_window_days=60
    )
    changed = await client.get(f"/api/{tenant.slug}/reservation/settings")
    assert default.json() == {
        "data": {
            "timezone": "UTC",
            "slot_interval_minutes": 30,
            "booking_window_days": 30,
            "min_lead_minutes": 60,
            "cancellation_deadline_hours": 24,
            "payment_required": False,
            "hold_minutes": 15,
            "confirmation_mode": "auto",
        }
    }
    assert changed.status_code == 200
    assert changed.json()["data"] | {} == {
        **default.json()["data"],
        "timezone": "Asia/Seoul",
        "confirmation_mode": "staff",
        "booking_window_days": 60,
    }


@pytest.mark.usefixtures("clock")
async def test_services_and_staffs_envelopes(
    client: httpx.AsyncClient, services: Services, factory: Factory
) -> None:
    tenant = await factory.tenant(currency="KRW")
    writer = ReservationWriter(services, tenant)
    cut = await writer.service("Cut", duration=45, price=30_000, buffer_after_minutes=15)
    color = await writer.service("Color", duration=90, capacity=2, description="Any shade")
    await writer.service("Retired", is_active=False)
    kim = await writer.person("Kim", services=[cut, color])
    lee = await writer.person("Lee", services=[color])
    listed = await client.get(f"/api/{tenant.slug}/reservation/services")
    assert listed.json() == {
        "data": [
            {
                "id": cut.id,
                "name": "Cut",
                "description": "",
                "duration_minutes": 45,
                "price": 30_000,
                "currency": "KRW",
                "buffer_before_minutes": 0,
                "buffer_after_minutes": 15,
                "capacity": 1,
                "is_active": True,
                "staff_ids": [kim.id],
            },
            {
                "id": color.id,
                "name": "Color",
                "description": "Any shade",
                "duration_minutes": 90,
                "price": 0,
                "currency": "KRW",
                "buffer_before_minutes": 0,
                "buffer_after_minutes": 0,
                "capacity": 2,
                "is_active": True,
                "staff_ids": [kim.id, lee.id],
            },
        ],
        "meta": {"current_page": 1, "last_page": 1, "per_page": 15, "total": 2},
    }
    staffs = await client.get(
        f"/api/{tenant.slug}/reservation/staffs", params={"service_id": str(cut.id)}
    )
    assert staffs.json() == {
        "data": [
            {"id": kim.id, "name": "Kim", "is_active": True, "service_ids": [cut.id, color.id]}
        ],
        "meta": {"current_page": 1, "last_page": 1, "per_page": 15, "total": 1},
    }
    everyone = await client.get(f"/api/{tenant.slug}/reservation/staffs")
    assert [person["name"] for person in everyone.json()["data"]] == ["Kim", "Lee"]


@pytest.mark.usefixtures("clock")
async def test_available_dates_and_slots_envelopes(
    client: httpx.AsyncClient, services: Services, factory: Factory
) -> None:
    tenant = await factory.tenant()
    writer = ReservationWriter(services, tenant)
    await writer.settings(timezone="Asia/Seoul", booking_window_days=3)
    service = await writer.service(duration=60)
    kim = await writer.person(services=[service])
    await writer.hours(kim, [(1, "09:00", "10:30"), (3, "14:00", "15:00")])  # Mon, Wed
    base = f"/api/{tenant.slug}/reservation"
    dates = await client.get(
        f"{base}/available-dates",
        params={"service_id": str(service.id), "staff_id": str(kim.id), "month": DAY[:7]},
    )
    slots = await client.get(
        f"{base}/available-slots", params={"service_id": str(service.id), "date": DAY}
    )
    # NOW is Sunday 21:00 in Seoul: the window reaches Wednesday.
    monday = date.fromisoformat(DAY)
    in_month = [day for day in (monday, monday + timedelta(days=2)) if day.month == monday.month]
    assert dates.json() == {"data": [day.isoformat() for day in in_month]}
    assert slots.json() == {
        "data": [
            {
                "date": DAY,
                "time": "09:00",
                "starts_at": f"{DAY}T00:00:00Z",
                "ends_at": f"{DAY}T01:00:00Z",
                "staff_ids": [kim.id],
                "remaining": 1,
                "available": True,
            },
            {
                "date": DAY,
                "time": "09:30",
                "starts_at": f"{DAY}T00:30:00Z",
                "ends_at": f"{DAY}T01:30:00Z",
                "staff_ids": [kim.id],
                "remaining": 1,
                "available": True,
            },
        ]
    }


async def test_booking_reading_listing_and_cancelling_envelopes(
    client: httpx.AsyncClient, services: Services, factory: Factory, clock: FixedClock
) -> None:
    # given
    tenant = await factory.tenant()
    service, [kim] = await ReservationWriter(services, tenant).shop(price=5000)
    [member_id] = await members(services, tenant)
    token = await member_token(services, tenant, member_id)
    body = {"service_id": service.id, "staff_id": kim.id, "date": DAY, "time": "14:00", **GUEST}
    # when
    created = await book(client, tenant, body, **bearer(token))
    assert created.status_code == 201, created.text
    number = created.json()["data"]["reservation_number"]
    row = await stored(services, tenant, number)
    shown = await client.get(f"/api/{tenant.slug}/reservations/{number}", headers=bearer(token))
    listed = await client.get(f"/api/{tenant.slug}/reservations", headers=bearer(token))
    cancelled = await client.post(
        f"/api/{tenant.slug}/reservations/{number}/cancel", headers=bearer(token)
    )
    # then
    assert created.status_code == 201
    assert number.startswith(f"RSV-{NOW:%Y%m%d}-")
    assert len(number) == len("RSV-YYYYMMDD-") + 6
    assert created.json() == {"data": reservation_body(row)}
    assert (row.status, row.member_id, row.price) == ("confirmed", member_id, 5000)
    assert (row.starts_at, row.local_time) == (NOW + timedelta(days=1, hours=2), "14:00")
    assert shown.json() == {"data": reservation_body(row)}
    assert listed.json() == {
        "data": [reservation_body(row)],
        "meta": {"current_page": 1, "last_page": 1, "per_page": 15, "total": 1},
    }
    after = await stored(services, tenant, number)
    assert cancelled.status_code == 200
    assert cancelled.json() == {"data": reservation_body(after)}
    assert after.status == "cancelled"
    assert after.cancelled_at == NOW


@pytest.mark.usefixtures("clock")
async def test_a_guest_reads_and_cancels_with_number_and_phone(
    client: httpx.AsyncClient, services: Services, factory: Factory
) -> None:
    tenant = await factory.tenant()
    service, [kim] = await ReservationWriter(services, tenant).shop()
    tuesday = (date.fromisoformat(DAY) + timedelta(days=1)).isoformat()
    body = {"service_id": service.id, "date": tuesday, "time": "10:00", **GUEST}
    created = await book(client, tenant, body)
    number = created.json()["data"]["reservation_number"]
    base = f"/api/{tenant.slug}/reservations/{number}"
    without_phone = await client.get(base)
    wrong_phone = await client.get(base, params={"phone": "010-0000-0000"})
    shown = await client.get(base, params={"phone": "01012345678"})
    cancelled = await client.post(f"{base}/cancel", json={"phone": "010-1234-5678"})
    assert created.status_code == 201
    assert created.json()["data"]["staff_id"] == kim.id
    assert created.json()["data"]["member_id"] is None
    missing = {"message": "Reservation not found.", "code": "resource_missing"}
    assert (without_phone.status_code, without_phone.json()) == (404, missing)
    assert (wrong_phone.status_code, wrong_phone.json()) == (404, missing)
    assert shown.json()["data"]["reservation_number"] == number
    assert cancelled.json()["data"]["status"] == "cancelled"


async def test_cancelling_after_the_deadline_is_refused(
    client: httpx.AsyncClient, services: Services, factory: Factory, clock: FixedClock
) -> None:
    tenant = await factory.tenant()
    service, _ = await ReservationWriter(services, tenant).shop()
    body = {"service_id": service.id, "date": DAY, "time": "14:00", **GUEST}
    number = (await book(client, tenant, body)).json()["data"]["reservation_number"]
    clock.advance(3 * 3600)  # 23 hours before the start
    late = await client.post(
        f"/api/{tenant.slug}/reservations/{number}/cancel", json={"phone": GUEST["phone"]}
    )
    assert (late.status_code, late.json()) == (
        409,
        {
            "message": "Reservations can only be cancelled up to 24 hours before they start.",
            "code": "cancellation_deadline_passed",
        },
    )
    assert (await stored(services, tenant, number)).status == "confirmed"
