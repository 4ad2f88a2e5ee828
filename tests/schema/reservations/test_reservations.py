"""Reservations over GraphQL: staff set up a shop with the mutations the issue names, a guest
books through availability, staff run the day, and dialect B events are written."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from sqlmodel import select

from tenantry.models.reservations import Reservation
from tenantry.resolvers.events import (
    RESERVATION_CANCELLED,
    RESERVATION_CONFIRMED,
    RESERVATION_CREATED,
)
from tenantry.serving.services import Services
from tests.conftest import Factory, TenantFixture
from tests.resolvers.reservations.support import DAY, ReservationWriter
from tests.support import (
    error_of,
    events_of,
    graphql,
    member_token,
    members,
)

SETUP = """
mutation($staff: ID!) {
  updateReservationSettings(input: {timezone: "America/New_York", confirmationMode: STAFF,
                                    minLeadMinutes: 0}) { timezone confirmationMode }
  setReservationStaffHours(staffId: $staff, hours: [{weekday: 1, start: "09:00", end: "12:00"},
                                                    {weekday: 1, start: "13:00", end: "15:00"}]) {
    weekday start end
  }
}
"""
SERVICE = """
mutation($input: CreateReservationServiceInput!) {
  createReservationService(input: $input) { id name durationMinutes capacity staffIds currency }
}
"""
STAFF = """
mutation($name: String!) { createReservationStaff(input: {name: $name}) { id name serviceIds } }
"""
TIME_OFF = """
mutation($staff: ID!, $start: String!, $end: String!) {
  addReservationTimeOff(staffId: $staff, start: $start, end: $end, reason: "Dentist") {
    staffId start end reason
  }
}
"""
SLOTS = """
query($service: ID!, $date: String!) {
  availableSlots(serviceId: $service, date: $date) { date time startsAt endsAt staffIds remaining }
}
"""
BOOK = """
mutation($input: CreateReservationInput!, $key: String) {
  createReservation(input: $input, idempotencyKey: $key) { number status date time startsAt }
}
"""
READ = """
query($number: String!, $phone: String) {
  reservation(number: $number, phone: $phone) { number status }
}
"""
SCHEDULE = """
query($date: String!) {
  reservations(filter: {date: $date}) { items { number status time } pageInfo { total } }
}
"""
MOVE = """
mutation($number: String!) {
  confirmReservation(number: $number) { status }
}
"""
FINISH = """
mutation($a: String!, $b: String!) {
  completeReservation(number: $a) { status }
  markReservationNoShow(number: $b) { status }
}
"""
CANCEL = """
mutation($number: String!) { cancelReservation(number: $number) { status cancelledAt } }
"""


async def as_staff(
    client: httpx.AsyncClient, tenant: TenantFixture, query: str, **variables: Any
) -> dict[str, Any]:
    body = await graphql(client, query, variables, tenant=tenant.slug, bearer=tenant.secret_key)
    assert "errors" not in body, body
    return dict(body["data"])


@pytest.mark.usefixtures("clock")
async def test_staff_set_up_a_shop_and_a_guest_books_what_availability_offers(
    client: httpx.AsyncClient, services: Services, factory: Factory
) -> None:
    # given: a shop in New York with a lunch break and a dentist appointment
    tenant = await factory.tenant()
    person = (await as_staff(client, tenant, STAFF, name="Kim"))["createReservationStaff"]
    made = await as_staff(
        client,
        tenant,
        SERVICE,
        input={"name": "Cut", "durationMinutes": 60, "staffIds": [person["id"]]},
    )
    service = made["createReservationService"]
    setup = await as_staff(client, tenant, SETUP, staff=person["id"])
    off = await as_staff(
        client,
        tenant,
        TIME_OFF,
        staff=person["id"],
        start=f"{DAY}T15:00:00Z",
        end=f"{DAY}T16:00:00Z",
    )
    # when
    slots = await graphql(
        client, SLOTS, {"service": service["id"], "date": DAY}, tenant=tenant.slug
    )
    booked = await graphql(
        client,
        BOOK,
        {
            "input": {
                "serviceId": service["id"],
                "date": DAY,
                "time": "13:00",
                "name": "Ann",
                "phone": "555-0100",
            }
        },
        tenant=tenant.slug,
    )
    # then
    assert service == {
        "id": service["id"],
        "name": "Cut",
        "durationMinutes": 60,
        "capacity": 1,
        "staffIds": [person["id"]],
        "currency": "USD",
    }
    assert setup["updateReservationSettings"] == {
        "timezone": "America/New_York",
        "confirmationMode": "STAFF",
    }
    assert len(setup["setReservationStaffHours"]) == 2
    assert off["addReservationTimeOff"]["reason"] == "Dentist"
    # The dentist (15:00-16:00 UTC) is 10:00 or 11:00 local depending on the season; the lunch
    # break and the morning's end are the same all year.
    times = [slot["time"] for slot in slots["data"]["availableSlots"]]
    assert {"09:00", "13:00", "14:00"} <= set(times)
    assert not {"12:00", "09:30"} & set(times)
    assert booked["data"]["createReservation"]["status"] == "PENDING"
    assert booked["data"]["createReservation"]["time"] == "13:00"


@pytest.mark.usefixtures("clock")
async def test_staff_run_the_day_and_events_are_written(
    client: httpx.AsyncClient, services: Services, factory: Factory
) -> None:
    # given: three bookings, staff-approved
    tenant = await factory.tenant()
    writer = ReservationWriter(services, tenant)
    await writer.settings(confirmation_mode="staff")
    service, _ = await writer.shop()
    numbers = []
    for time in ("14:00", "15:00", "16:00"):
        body = await graphql(
            client,
            BOOK,
            {
                "input": {
                    "serviceId": str(service.id),
                    "date": DAY,
                    "time": time,
                    "name": "G",
                    "phone": "1",
                }
            },
            tenant=tenant.slug,
        )
        numbers.append(body["data"]["createReservation"]["number"])
    first, second, third = numbers
    # when
    for number in numbers:
        await as_staff(client, tenant, MOVE, number=number)
    finished = await as_staff(client, tenant, FINISH, a=first, b=second)
    cancelled = await as_staff(client, tenant, CANCEL, number=third)
    again = await graphql(
        client, MOVE, {"number": first}, tenant=tenant.slug, bearer=tenant.secret_key
    )
    schedule = await as_staff(client, tenant, SCHEDULE, date=DAY)
    # then
    assert finished == {
        "completeReservation": {"status": "COMPLETED"},
        "markReservationNoShow": {"status": "NO_SHOW"},
    }
    assert cancelled["cancelReservation"]["status"] == "CANCELLED"
    message, extensions = error_of(again)
    assert (message, extensions["reason"]) == (
        "A completed reservation cannot become confirmed.",
        "invalid_transition",
    )
    assert schedule["reservations"] == {
        "items": [
            {"number": first, "status": "COMPLETED", "time": "14:00"},
            {"number": second, "status": "NO_SHOW", "time": "15:00"},
            {"number": third, "status": "CANCELLED", "time": "16:00"},
        ],
        "pageInfo": {"total": 3},
    }
    async with services.db.unit(tenant.id) as uow:
        ids = {row.number: row.id for row in await uow.session.scalars(select(Reservation))}
    kinds = [event.type for event in await events_of(services, tenant, "reservation", ids[third])]
    assert kinds == [RESERVATION_CREATED, RESERVATION_CONFIRMED, RESERVATION_CANCELLED]
    data = (await events_of(services, tenant, "reservation", ids[first]))[0].data
    assert (data["number"], data["status"], data["date"]) == (first, "pending", DAY)


@pytest.mark.usefixtures("clock")
async def test_members_and_guests_see_only_their_own(
    client: httpx.AsyncClient, services: Services, factory: Factory
) -> None:
    tenant, other = await factory.tenant(), await factory.tenant()
    service, _ = await ReservationWriter(services, tenant).shop()
    owner, stranger = await members(services, tenant, 2)
    owner_token = await member_token(services, tenant, owner)
    stranger_token = await member_token(services, tenant, stranger)
    mine = await graphql(
        client,
        BOOK,
        {"input": {"serviceId": str(service.id), "date": DAY, "time": "10:00"}},
        tenant=tenant.slug,
        bearer=owner_token,
    )
    guest = await graphql(
        client,
        BOOK,
        {
            "input": {
                "serviceId": str(service.id),
                "date": DAY,
                "time": "11:00",
                "name": "G",
                "phone": "010-1111-2222",
            }
        },
        tenant=tenant.slug,
    )
    member_number = mine["data"]["createReservation"]["number"]
    guest_number = guest["data"]["createReservation"]["number"]
    asks = [
        (member_number, None, tenant.slug, owner_token, True),
        (member_number, None, tenant.slug, stranger_token, False),
        (guest_number, "01011112222", tenant.slug, None, True),
        (guest_number, "010-1111-2223", tenant.slug, None, False),
        (guest_number, "01011112222", other.slug, None, False),
        (member_number, None, other.slug, other.secret_key, False),
    ]
    for number, phone, slug, token, seen in asks:
        body = await graphql(
            client, READ, {"number": number, "phone": phone}, tenant=slug, bearer=token
        )
        if seen:
            assert body["data"]["reservation"]["number"] == number
        else:
            assert error_of(body)[1]["code"] == "NOT_FOUND", body
            assert body["data"] is None
    listed = await graphql(
        client, "{ myReservations { items { number } } }", tenant=tenant.slug, bearer=stranger_token
    )
    assert listed["data"]["myReservations"]["items"] == []


@pytest.mark.usefixtures("clock")
async def test_a_taken_slot_is_a_conflict_not_an_error(
    client: httpx.AsyncClient, services: Services, factory: Factory
) -> None:
    tenant = await factory.tenant()
    service, _ = await ReservationWriter(services, tenant).shop()
    variables = {
        "input": {
            "serviceId": str(service.id),
            "date": DAY,
            "time": "10:00",
            "name": "G",
            "phone": "1",
        }
    }
    await graphql(client, BOOK, variables, tenant=tenant.slug)
    second = await graphql(client, BOOK, variables, tenant=tenant.slug)
    bad = await graphql(
        client, BOOK, {"input": {**variables["input"], "time": "9:7"}}, tenant=tenant.slug
    )
    message, extensions = error_of(second)
    assert extensions == {"code": "CONFLICT", "reason": "slot_unavailable"}
    assert message == "This time slot is no longer available. Please choose another time."
    assert error_of(bad)[1]["fields"] == {
        "time": ["The time field must be a time of day as HH:MM."]
    }


@pytest.mark.usefixtures("clock")
async def test_one_idempotency_key_space_with_post_reservations(
    client: httpx.AsyncClient, services: Services, factory: Factory
) -> None:
    tenant = await factory.tenant()
    service, _ = await ReservationWriter(services, tenant).shop()
    booking = {
        "serviceId": str(service.id),
        "date": DAY,
        "time": "10:00",
        "name": "G",
        "phone": "1",
    }
    first = await graphql(client, BOOK, {"input": booking, "key": "same"}, tenant=tenant.slug)
    again = await client.post(
        f"/api/{tenant.slug}/reservations",
        json={"service_id": service.id, "date": DAY, "time": "10:00", "name": "G", "phone": "1"},
        headers={"Idempotency-Key": "same"},
    )
    number = first["data"]["createReservation"]["number"]
    assert again.status_code == 201
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.json()["data"]["reservation_number"] == number
