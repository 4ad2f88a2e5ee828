"""What a booking's changes tell others: dialect B events, written in the same transaction, and
live messages published after the commit."""

from __future__ import annotations

from typing import Any, Final

from sqlalchemy.ext.asyncio import AsyncSession

from tenantry.models.reservations import Reservation
from tenantry.realtime import channels
from tenantry.realtime.events import publish_after_commit
from tenantry.resolvers.commerce_objects import iso_z
from tenantry.resolvers.events import record_event

STATUS_CHANGED: Final = "reservation.status_changed"
SCHEDULE_CHANGED: Final = "reservations.changed"


def reservation_object(reservation: Reservation) -> dict[str, Any]:
    """The event payload: small (no guest contact details), under NOTIFY's limit."""
    return {
        "object": "reservation",
        "id": reservation.number,
        "number": reservation.number,
        "status": str(reservation.status),
        "service_id": reservation.service_id,
        "staff_id": reservation.staff_id,
        "member_id": reservation.member_id,
        "date": reservation.local_date,
        "time": reservation.local_time,
        "starts_at": iso_z(reservation.starts_at),
        "ends_at": iso_z(reservation.ends_at),
        "hold_expires_at": iso_z(reservation.hold_expires_at)
        if reservation.hold_expires_at
        else None,
    }


async def record(session: AsyncSession, type: str, reservation: Reservation) -> None:
    assert reservation.id is not None
    await record_event(
        session,
        type=type,
        object_type="reservation",
        object_id=reservation.id,
        data=reservation_object(reservation),
    )


def announce(session: AsyncSession, reservation: Reservation) -> None:
    """The booking's own channel and its day's schedule hear of the change after commit."""
    assert reservation.tenant_id is not None
    data = reservation_object(reservation)
    publish_after_commit(
        session,
        channel=channels.reservation(reservation.tenant_id, reservation.number),
        event=STATUS_CHANGED,
        data=data,
    )
    publish_after_commit(
        session,
        channel=channels.reservations_on(reservation.tenant_id, reservation.local_date),
        event=SCHEDULE_CHANGED,
        data=data,
    )
