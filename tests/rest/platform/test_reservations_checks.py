"""POST /reservations refuses what it cannot book, naming the field; bookings are seen only by
their owner (and staff); an Idempotency-Key replays the first booking."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tenantry.models.reservations import Reservation
from tenantry.serving.services import Services
from tests.conftest import Factory, TenantFixture
from tests.resolvers.reservations.support import DAY, NOW, ReservationWriter
from tests.support import (
    bearer,
    count,
    member_token,
    members,
    staff_headers,
)

GUEST = {"name": "John Doe", "phone": "010-1234-5678"}


async def book(
    client: httpx.AsyncClient, tenant: TenantFixture, body: dict[str, Any], **headers: str
) -> httpx.Response:
    return await client.post(f"/api/{tenant.slug}/reservations", json=body, headers=headers)


@pytest.mark.usefixtures("clock")
@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"date": "2030-02-30"}, "date", "The date field must be a date as YYYY-MM-DD."),
        ({"date": "tomorrow"}, "date", "The date field must be a date as YYYY-MM-DD."),
        ({"time": "25:00"}, "time", "The time field must be a time of day as HH:MM."),
        ({"time": "9am"}, "time", "The time field must be a time of day as HH:MM."),
        ({"service_id": 999_999}, "service_id", "The selected service id is invalid."),
        ({"service_id": "abc"}, "service_id", "The service id field must be an integer."),
        ({"time": "09:10"}, "time", "The selected time is not offered."),
        ({"time": "18:30"}, "time", "The selected time is not offered."),
        ({"name": ""}, "name", "The name field is required."),
        ({"phone": None}, "phone", "The phone field is required."),
        ({"email": "not-an-email"}, "email", "The email field must be a valid email address."),
    ],
)
async def test_invalid_bookings_name_the_field(
    client: httpx.AsyncClient,
    services: Services,
    factory: Factory,
    change: dict[str, Any],
    field: str,
    message: str,
) -> None:
    tenant = await factory.tenant()
    service, [kim] = await ReservationWriter(services, tenant).shop()
    body = {"service_id": service.id, "staff_id": kim.id, "date": DAY, "time": "14:00", **GUEST}
    response = await book(client, tenant, {**body, **change})
    assert response.status_code == 422, response.text
    assert response.json()["errors"] == {field: [message]}
    assert await count(services, tenant, Reservation) == 0


@pytest.mark.usefixtures("clock")
async def test_staff_who_do_not_perform_the_service_and_past_slots_are_refused(
    client: httpx.AsyncClient, services: Services, factory: Factory
) -> None:
    tenant = await factory.tenant()
    writer = ReservationWriter(services, tenant)
    service, _ = await writer.shop()
    outsider = await writer.person("Outsider")
    body = {"service_id": service.id, "date": DAY, "time": "14:00", **GUEST}
    wrong_staff = await book(client, tenant, {**body, "staff_id": outsider.id})
    past = await book(client, tenant, {**body, "date": NOW.date().isoformat(), "time": "09:00"})
    soon = await book(client, tenant, {**body, "date": NOW.date().isoformat(), "time": "12:30"})
    assert wrong_staff.json()["errors"] == {
        "staff_id": ["The selected staff does not perform this service."]
    }
    assert past.json()["errors"] == {"time": ["The selected time has already passed."]}
    assert soon.json()["errors"] == {"time": ["Bookings must be made at least 60 minutes ahead."]}
    assert {wrong_staff.status_code, past.status_code, soon.status_code} == {422}


@pytest.mark.usefixtures("clock")
async def test_members_see_only_their_own_and_other_tenants_numbers_are_missing(
    client: httpx.AsyncClient, services: Services, factory: Factory
) -> None:
    # given
    tenant, other = await factory.tenant(), await factory.tenant()
    service, _ = await ReservationWriter(services, tenant).shop()
    await ReservationWriter(services, other).shop()
    owner, stranger = await members(services, tenant, 2)
    owner_token = await member_token(services, tenant, owner)
    stranger_token = await member_token(services, tenant, stranger)
    body = {"service_id": service.id, "date": DAY, "time": "14:00"}
    made = await book(client, tenant, body, **bearer(owner_token))
    number = made.json()["data"]["reservation_number"]
    _, staff = await staff_headers(services, factory, tenant)
    # when
    by_stranger = await client.get(
        f"/api/{tenant.slug}/reservations/{number}", headers=bearer(stranger_token)
    )
    stranger_cancel = await client.post(
        f"/api/{tenant.slug}/reservations/{number}/cancel", headers=bearer(stranger_token)
    )
    with_phone = await client.get(
        f"/api/{tenant.slug}/reservations/{number}", params={"phone": made.json()["data"]["phone"]}
    )
    elsewhere = await client.get(f"/api/{other.slug}/reservations/{number}", params={"phone": ""})
    strangers_list = await client.get(
        f"/api/{tenant.slug}/reservations", headers=bearer(stranger_token)
    )
    by_staff = await client.get(f"/api/{tenant.slug}/reservations/{number}", headers=staff)
    anonymous_list = await client.get(f"/api/{tenant.slug}/reservations")
    # then
    assert made.status_code == 201
    for refused in (by_stranger, stranger_cancel, with_phone, elsewhere):
        assert (refused.status_code, refused.json()["code"]) == (404, "resource_missing")
    assert strangers_list.json()["data"] == []
    assert by_staff.json()["data"]["reservation_number"] == number
    assert anonymous_list.status_code == 401


@pytest.mark.usefixtures("clock")
async def test_an_idempotency_key_replays_the_first_booking(
    client: httpx.AsyncClient, services: Services, factory: Factory
) -> None:
    tenant = await factory.tenant()
    service, _ = await ReservationWriter(services, tenant).shop()
    [member_id] = await members(services, tenant)
    headers = bearer(await member_token(services, tenant, member_id), **{"Idempotency-Key": "k1"})
    body = {"service_id": service.id, "date": DAY, "time": "16:00"}
    first = await book(client, tenant, body, **headers)
    again = await book(client, tenant, body, **headers)
    other = await book(client, tenant, {**body, "time": "17:00"}, **headers)
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json() == first.json()
    assert again.headers["Idempotent-Replayed"] == "true"
    assert (other.status_code, other.json()["code"]) == (422, "idempotency_key_reused")
    assert await count(services, tenant, Reservation) == 1


@pytest.mark.parametrize(
    ("path", "params", "field", "message"),
    [
        (
            "available-slots",
            {"date": "2030-01-07"},
            "service_id",
            "The service id field is required.",
        ),
        (
            "available-slots",
            {"service_id": "1", "date": "2030-13-01"},
            "date",
            "The date field must be a date as YYYY-MM-DD.",
        ),
        (
            "available-slots",
            {"service_id": "99999", "date": "2030-01-07"},
            "service_id",
            "The selected service id is invalid.",
        ),
        (
            "available-dates",
            {"service_id": "1", "month": "2030-1"},
            "month",
            "The month field must be a month as YYYY-MM.",
        ),
        (
            "available-dates",
            {"service_id": "x", "month": "2030-01"},
            "service_id",
            "The service id field must be an integer.",
        ),
        ("staffs", {"service_id": "0"}, "service_id", "The selected service id is invalid."),
    ],
)
async def test_availability_questions_name_the_bad_parameter(
    client: httpx.AsyncClient,
    factory: Factory,
    path: str,
    params: dict[str, str],
    field: str,
    message: str,
) -> None:
    tenant = await factory.tenant()
    response = await client.get(f"/api/{tenant.slug}/reservation/{path}", params=params)
    assert response.status_code == 422, response.text
    assert response.json()["errors"] == {field: [message]}
