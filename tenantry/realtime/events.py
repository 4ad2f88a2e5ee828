"""Publishing events: serialized once, sent only after the transaction that caused them commits."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from tenantry.db.unit_of_work import on_commit
from tenantry.realtime.envelope import STAMP_BYTES

# PostgreSQL NOTIFY refuses payloads of 8000 bytes or more (BLCKSZ - NAMEDATALEN - 128); every
# backend gets the same limit so that switching to postgres:// never starts losing events. The
# publish-time stamp travels in the same payload.
NOTIFY_LIMIT_BYTES = 7999
MAX_PAYLOAD_BYTES = NOTIFY_LIMIT_BYTES - STAMP_BYTES


class EventTooLarge(ValueError):
    def __init__(self, event: str, size: int) -> None:
        super().__init__(
            f"event {event!r} is {size} bytes encoded; the limit is {MAX_PAYLOAD_BYTES} bytes "
            "(PostgreSQL NOTIFY): publish an id and let subscribers load the rest"
        )
        self.event = event
        self.size = size


def encode_event(event: str, data: dict[str, Any]) -> str:
    message = json.dumps({"event": event, "data": data}, separators=(",", ":"), default=str)
    size = len(message.encode())
    if size > MAX_PAYLOAD_BYTES:
        raise EventTooLarge(event, size)
    return message


def decode_event(message: str) -> tuple[str, dict[str, Any]]:
    payload = json.loads(message)
    return str(payload["event"]), dict(payload["data"])


def publish_after_commit(
    session: AsyncSession, *, channel: str, event: str, data: dict[str, Any]
) -> None:
    """Queue an event on the session's unit of work; it is dropped if the unit rolls back.

    The payload is encoded here, inside the transaction, so an event too large to send fails
    the operation that caused it instead of vanishing after the commit.
    """
    message = encode_event(event, data)
    broadcast = session.info["uow"].broadcast
    if broadcast is None:
        return

    async def send() -> None:
        await broadcast.publish(channel=channel, message=message)

    on_commit(session, send)
