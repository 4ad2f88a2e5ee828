"""Dialect A reservations: GET /reservation/settings · /reservation/services ·
/reservation/staffs · /reservation/available-dates · /reservation/available-slots, and
GET, POST /reservations · GET /reservations/{number} · POST /reservations/{number}/cancel.

Booking is open to members and guests (name and phone); a guest reads and cancels a booking
with its number and phone.
"""

from __future__ import annotations

from typing import Any

from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from tenantry.core.access import require_member
from tenantry.core.errors import ValidationFailed
from tenantry.core.ids import MAX_ID, parse_reference
from tenantry.core.pagination import PageRequest
from tenantry.models.reservations import (
    Reservation,
    ReservationService,
    ReservationSettings,
    ReservationStaff,
    ReservationStatus,
)
from tenantry.resolvers import reservations
from tenantry.rest.endpoint import Call, endpoint
from tenantry.rest.envelopes import json
from tenantry.rest.formats import iso, page_meta
from tenantry.rest.idempotency import idempotency_key, replay_headers
from tenantry.rest.spec import IDEMPOTENCY_KEY, PAGED, STRING, Body, Param

PHONE = Param(
    "phone", STRING, "A guest's proof that the booking is theirs: the phone it was made with."
)
STATUS = Param(
    "status",
    {"type": "string", "enum": [status.value for status in ReservationStatus]},
    "Only the bookings in this status.",
)
SERVICE_ID = Param(
    "service_id",
    {"type": "integer", "minimum": 1, "maximum": MAX_ID},
    "Only the staff who perform this service.",
)
# Cancel reads the guest's phone from the body, or else from ?phone=.
CANCEL_BODY = Body(
    schema={
        "type": "object",
        "properties": {"phone": {**PHONE.schema, "description": PHONE.description}},
    },
    required=False,
)


def settings_json(settings: ReservationSettings) -> dict[str, Any]:
    return {
        "timezone": settings.timezone,
        "slot_interval_minutes": settings.slot_interval_minutes,
        "booking_window_days": settings.booking_window_days,
        "min_lead_minutes": settings.min_lead_minutes,
        "cancellation_deadline_hours": settings.cancellation_deadline_hours,
        "payment_required": settings.payment_required,
        "hold_minutes": settings.hold_minutes,
        "confirmation_mode": str(settings.confirmation_mode),
    }


def service_json(
    service: ReservationService, currency: str, staff_ids: list[int]
) -> dict[str, Any]:
    return {
        "id": service.id,
        "name": service.name,
        "description": service.description,
        "duration_minutes": service.duration_minutes,
        "price": service.price,
        "currency": currency,
        "buffer_before_minutes": service.buffer_before_minutes,
        "buffer_after_minutes": service.buffer_after_minutes,
        "capacity": service.capacity,
        "is_active": service.is_active,
        "staff_ids": staff_ids,
    }


def staff_json(person: ReservationStaff, service_ids: list[int]) -> dict[str, Any]:
    return {
        "id": person.id,
        "name": person.name,
        "is_active": person.is_active,
        "service_ids": service_ids,
    }


def slot_json(slot: reservations.Slot) -> dict[str, Any]:
    return {
        "date": slot.date.isoformat(),
        "time": slot.time,
        "starts_at": iso(slot.starts_at),
        "ends_at": iso(slot.ends_at),
        "staff_ids": list(slot.staff_ids),
        "remaining": slot.remaining,
        "available": True,
    }


def reservation_json(reservation: Reservation) -> dict[str, Any]:
    return {
        "id": reservation.id,
        "reservation_number": reservation.number,
        "status": str(reservation.status),
        "service_id": reservation.service_id,
        "staff_id": reservation.staff_id,
        "member_id": reservation.member_id,
        "name": reservation.name,
        "phone": reservation.phone,
        "email": reservation.email,
        "date": reservation.local_date,
        "time": reservation.local_time,
        "starts_at": iso(reservation.starts_at),
        "ends_at": iso(reservation.ends_at),
        "price": reservation.price,
        "notes": reservation.notes,
        "hold_expires_at": iso(reservation.hold_expires_at),
        "confirmed_at": iso(reservation.confirmed_at),
        "cancelled_at": iso(reservation.cancelled_at),
        "paid_at": iso(reservation.paid_at),
        "created_at": iso(reservation.created_at),
        "updated_at": iso(reservation.updated_at),
    }


async def show_settings(call: Call) -> Response:
    found = await reservations.get_reservation_settings(call.session, ctx=call.ctx)
    return json({"data": settings_json(found)})


async def list_services(call: Call) -> Response:
    page = PageRequest.parse(call.query("page"), call.query("per_page"))
    found = await reservations.list_services(call.session, ctx=call.ctx, page=page)
    staff = await reservations.staff_ids_by_service_ids(call.session, (s.id for s in found.items))
    currency = call.ctx.tenant.currency
    return json(
        {
            "data": [service_json(s, currency, staff.get(s.id or 0, [])) for s in found.items],
            "meta": page_meta(found),
        }
    )


async def list_staffs(call: Call) -> Response:
    page = PageRequest.parse(call.query("page"), call.query("per_page"))
    given = call.query("service_id")
    service_id = parse_reference(given, "service_id") if given else None
    found = await reservations.list_staffs(
        call.session, ctx=call.ctx, service_id=service_id, page=page
    )
    services = await reservations.service_ids_by_staff_ids(
        call.session, (person.id for person in found.items)
    )
    return json(
        {
            "data": [staff_json(p, services.get(p.id or 0, [])) for p in found.items],
            "meta": page_meta(found),
        }
    )


def _lookup(call: Call, *names: str) -> dict[str, Any]:
    return {name: value for name in names if (value := call.query(name)) not in (None, "")}


async def available_dates(call: Call) -> Response:
    """The days of `month` (YYYY-MM) with a slot to book for the service (and staff member)."""
    query = call.parse(reservations.MonthQuery, _lookup(call, "service_id", "staff_id", "month"))
    found = await reservations.available_dates(call.session, ctx=call.ctx, query=query)
    return json({"data": [day.isoformat() for day in found]})


async def available_slots(call: Call) -> Response:
    """The slots to book on `date` (YYYY-MM-DD) for the service (and staff member)."""
    query = call.parse(reservations.SlotQuery, _lookup(call, "service_id", "staff_id", "date"))
    found = await reservations.available_slots(call.session, ctx=call.ctx, query=query)
    return json({"data": [slot_json(slot) for slot in found]})


def _status(value: str | None) -> ReservationStatus | None:
    if not value:
        return None
    try:
        return ReservationStatus(value)
    except ValueError:
        raise ValidationFailed.single("status", "The selected status is invalid.") from None


async def list_mine(call: Call) -> Response:
    """The member's own bookings."""
    require_member(call.ctx)
    page = PageRequest.parse(call.query("page"), call.query("per_page"))
    found = await reservations.list_my_reservations(
        call.session, ctx=call.ctx, page=page, status=_status(call.query("status"))
    )
    return json({"data": [reservation_json(r) for r in found.items], "meta": page_meta(found)})


async def create(call: Call) -> Response:
    """Books a slot, as a member or a guest (honours an Idempotency-Key)."""
    data = call.parse(reservations.BookingIn, await call.json())
    once = await reservations.create_reservation_once(
        call.session, ctx=call.ctx, data=data, key=idempotency_key(call)
    )
    return json({"data": reservation_json(once.value)}, 201, replay_headers(once))


async def show(call: Call) -> Response:
    """One booking, by its number; a guest gives its phone."""
    found = await reservations.get_reservation(
        call.session, ctx=call.ctx, number=call.path("number"), phone=call.query("phone")
    )
    return json({"data": reservation_json(found)})


async def cancel(call: Call) -> Response:
    """Cancels a booking, by its number; a guest gives its phone (body or query)."""
    body = await call.json()
    phone = body.get("phone") if isinstance(body.get("phone"), str) else call.query("phone")
    found = await reservations.cancel_reservation(
        call.session, ctx=call.ctx, number=call.path("number"), phone=phone
    )
    return json({"data": reservation_json(found)})


routes: list[BaseRoute] = [
    Route("/reservation/settings", endpoint(show_settings), methods=["GET"]),
    Route(
        "/reservation/services",
        endpoint(list_services, query=PAGED, public_read=True),
        methods=["GET"],
    ),
    Route(
        "/reservation/staffs",
        endpoint(list_staffs, query=(*PAGED, SERVICE_ID), public_read=True),
        methods=["GET"],
    ),
    Route(
        "/reservation/available-dates",
        endpoint(available_dates, query_models=(reservations.MonthQuery,)),
        methods=["GET"],
    ),
    Route(
        "/reservation/available-slots",
        endpoint(available_slots, query_models=(reservations.SlotQuery,)),
        methods=["GET"],
    ),
    Route("/reservations", endpoint(list_mine, query=(*PAGED, STATUS)), methods=["GET"]),
    Route(
        "/reservations",
        endpoint(
            create, headers=(IDEMPOTENCY_KEY,), body=Body.of(reservations.BookingIn), status=201
        ),
        methods=["POST"],
    ),
    Route("/reservations/{number}", endpoint(show, query=(PHONE,)), methods=["GET"]),
    Route(
        "/reservations/{number}/cancel",
        endpoint(cancel, query=(PHONE,), body=CANCEL_BODY),
        methods=["POST"],
    ),
]
