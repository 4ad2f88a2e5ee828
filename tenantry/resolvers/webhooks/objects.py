"""The commerce API's webhook objects: endpoints (`we_…`), events (`evt_…`) and the payload a
receiver gets, exactly the seed's `{"id", "type", "created", "data": {"object"}}`."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from tenantry.core.ids import encode_prefixed
from tenantry.models.event import DomainEvent
from tenantry.models.webhooks import WebhookEndpoint

ENDPOINT_PREFIX = "we"
EVENT_PREFIX = "evt"


def unix(value: datetime) -> int:
    aware = value if value.tzinfo else value.replace(tzinfo=UTC)
    return int(aware.timestamp())


def event_ref(event_id: int | None) -> str:
    assert event_id is not None
    return encode_prefixed(EVENT_PREFIX, event_id)


def endpoint_ref(endpoint_id: int | None) -> str:
    assert endpoint_id is not None
    return encode_prefixed(ENDPOINT_PREFIX, endpoint_id)


def payload(event: DomainEvent) -> dict[str, Any]:
    return {
        "id": event_ref(event.id),
        "type": event.type,
        "created": unix(event.created_at),
        "data": {"object": event.data},
    }


def payload_bytes(event: DomainEvent) -> bytes:
    return json.dumps(payload(event), separators=(",", ":"), ensure_ascii=False).encode()


def event_object(event: DomainEvent) -> dict[str, Any]:
    return {"object": "event", **payload(event)}


def endpoint_object(endpoint: WebhookEndpoint, *, secret: str | None = None) -> dict[str, Any]:
    """The secret only where it was just made (creation, roll)."""
    found: dict[str, Any] = {
        "id": endpoint_ref(endpoint.id),
        "object": "webhook_endpoint",
        "url": endpoint.url,
        "enabled_events": list(endpoint.enabled_events),
        "description": endpoint.description or None,
        "status": "disabled" if endpoint.disabled else "enabled",
        "disabled_reason": endpoint.disabled_reason,
        "created": unix(endpoint.created_at),
    }
    if secret is not None:
        found["secret"] = secret
    return found
