"""Publishing events: serialized once, sent only after the transaction that caused them commits."""

from __future__ import annotations

import json
import logging
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from tenantry.db.unit_of_work import on_commit

log = logging.getLogger(__name__)

MAX_PAYLOAD_BYTES = 7900  # PostgreSQL NOTIFY refuses payloads of 8000 bytes or more


def encode_event(event: str, data: dict[str, Any]) -> str:
    message = json.dumps({"event": event, "data": data}, separators=(",", ":"), default=str)
    if len(message.encode()) > MAX_PAYLOAD_BYTES:
        raise ValueError(f"event {event!r} payload exceeds {MAX_PAYLOAD_BYTES} bytes")
    return message


def decode_event(message: str) -> tuple[str, dict[str, Any]]:
    payload = json.loads(message)
    return str(payload["event"]), dict(payload["data"])


def publish_after_commit(
    session: AsyncSession, *, channel: str, event: str, data: dict[str, Any]
) -> None:
    """Queue an event on the session's unit of work; it is dropped if the unit rolls back."""
    message = encode_event(event, data)
    broadcast = session.info["uow"].broadcast
    if broadcast is None:
        return

    async def send() -> None:
        await broadcast.publish(channel=channel, message=message)

    on_commit(session, send)
