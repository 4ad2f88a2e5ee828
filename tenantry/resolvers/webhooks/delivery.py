"""Sending deliveries: claiming the due ones, and recording what each attempt got.

A claim is a lease: the delivery is `sending` until `lease_until`, and a worker that dies
mid-send leaves it to be claimed again once the lease is over, so every delivery is sent at
least once; it is sent twice only when a worker dies after the receiver answered. One endpoint
has one delivery in flight at a time (its events arrive in order while it keeps up), and a
slow one only holds its own. Retries back off exponentially with jitter from about 5 s,
doubling up to an hour, for 3 days; a 410 disables the endpoint at once, and an endpoint that
failed every attempt for the whole retry period is disabled and its owners are mailed.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, or_
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from tenantry.config import Settings
from tenantry.models.event import DomainEvent
from tenantry.models.webhooks import (
    DeliveryStatus,
    WebhookAttempt,
    WebhookDelivery,
    WebhookEndpoint,
)
from tenantry.resolvers.webhooks.endpoints import signing_secrets
from tenantry.resolvers.webhooks.objects import event_ref, payload_bytes
from tenantry.secrets import SecretBox

GONE = 410
FAILING_TOO_LONG = "Every delivery failed for the whole retry period."
BODY_KEPT = 1024


@dataclass(frozen=True)
class Job:
    """A claimed delivery with everything needed to send it, read inside the claim."""

    delivery_id: int
    tenant_id: int
    endpoint_id: int
    url: str
    secrets: list[str]
    message_id: str
    body: bytes
    attempt: int


@dataclass(frozen=True)
class Outcome:
    status_code: int | None
    duration_ms: int
    response_body: str = ""
    error: str | None = None

    @property
    def delivered(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


def lease_for(settings: Settings) -> timedelta:
    """Long enough for an attempt to finish, with room for the egress lookup."""
    return timedelta(seconds=settings.webhook_timeout_seconds * 2 + 10)


def backoff(attempts: int, *, settings: Settings, rng: random.Random | None = None) -> timedelta:
    """The wait after `attempts` failed attempts: first ~5 s, doubling, at most an hour."""
    base = settings.webhook_retry_first_seconds * 2 ** max(0, attempts - 1)
    wait = min(base, settings.webhook_retry_max_interval_seconds)
    jitter = (rng or random).uniform(0.8, 1.2)
    return timedelta(seconds=wait * jitter)


async def claim_due(
    session: AsyncSession, *, now: datetime, limit: int, settings: Settings
) -> list[Job]:
    """Leases up to `limit` due deliveries, at most one per endpoint, oldest first."""
    busy = set(
        await session.scalars(
            select(WebhookDelivery.endpoint_id).where(
                col(WebhookDelivery.status) == DeliveryStatus.SENDING,
                col(WebhookDelivery.lease_until) >= now,
            )
        )
    )
    due = await session.scalars(
        select(WebhookDelivery)
        .join(WebhookEndpoint, col(WebhookEndpoint.id) == col(WebhookDelivery.endpoint_id))
        .where(
            col(WebhookEndpoint.disabled).is_(False),
            or_(
                and_(
                    col(WebhookDelivery.status) == DeliveryStatus.PENDING,
                    col(WebhookDelivery.next_attempt_at) <= now,
                ),
                and_(
                    col(WebhookDelivery.status) == DeliveryStatus.SENDING,
                    col(WebhookDelivery.lease_until) < now,
                ),
            ),
        )
        .order_by(col(WebhookDelivery.id))
        .limit(limit * 4)
        .with_for_update(skip_locked=True, of=WebhookDelivery)
    )
    chosen: list[WebhookDelivery] = []
    for delivery in due:
        if delivery.endpoint_id in busy or len(chosen) == limit:
            continue
        busy.add(delivery.endpoint_id)
        chosen.append(delivery)
    if not chosen:
        return []
    for delivery in chosen:
        delivery.status = DeliveryStatus.SENDING
        delivery.lease_until = now + lease_for(settings)
        delivery.updated_at = now
    await session.flush()
    return await _jobs(session, chosen, now=now, settings=settings)


async def _jobs(
    session: AsyncSession, chosen: list[WebhookDelivery], *, now: datetime, settings: Settings
) -> list[Job]:
    endpoints = {
        e.id: e
        for e in await session.scalars(
            select(WebhookEndpoint).where(
                col(WebhookEndpoint.id).in_({d.endpoint_id for d in chosen})
            )
        )
    }
    events = {
        e.id: e
        for e in await session.scalars(
            select(DomainEvent).where(col(DomainEvent.id).in_({d.event_id for d in chosen}))
        )
    }
    box = SecretBox.from_settings(settings)
    jobs = []
    for delivery in chosen:
        assert delivery.id is not None
        assert delivery.tenant_id is not None
        endpoint, event = endpoints[delivery.endpoint_id], events[delivery.event_id]
        jobs.append(
            Job(
                delivery_id=delivery.id,
                tenant_id=delivery.tenant_id,
                endpoint_id=delivery.endpoint_id,
                url=endpoint.url,
                secrets=signing_secrets(endpoint, box=box, now=now),
                message_id=event_ref(event.id),
                body=payload_bytes(event),
                attempt=delivery.attempts + 1,
            )
        )
    return jobs


@dataclass(frozen=True)
class Recorded:
    """What recording an attempt decided: the delivery's status, and whether the endpoint was
    disabled by it (the worker then mails the owners)."""

    status: DeliveryStatus
    disabled_endpoint: bool = False


async def record_outcome(
    session: AsyncSession, *, job: Job, outcome: Outcome, now: datetime, settings: Settings
) -> Recorded:
    delivery = await session.scalar(
        select(WebhookDelivery)
        .where(col(WebhookDelivery.id) == job.delivery_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    endpoint = await session.scalar(
        select(WebhookEndpoint)
        .where(col(WebhookEndpoint.id) == job.endpoint_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    if delivery is None or endpoint is None:  # deleted meanwhile
        return Recorded(DeliveryStatus.FAILED)
    session.add(
        WebhookAttempt(
            tenant_id=delivery.tenant_id,
            delivery_id=job.delivery_id,
            attempted_at=now,
            status_code=outcome.status_code,
            duration_ms=outcome.duration_ms,
            response_body=outcome.response_body[:BODY_KEPT],
            error=outcome.error[:500] if outcome.error else None,
        )
    )
    delivery.attempts += 1
    delivery.last_status_code = outcome.status_code
    delivery.lease_until = None
    delivery.updated_at = now
    disabled = False
    if outcome.delivered:
        delivery.status = DeliveryStatus.SUCCEEDED
        delivery.delivered_at = now
        endpoint.failing_since = None
    elif outcome.status_code == GONE:
        delivery.status = DeliveryStatus.FAILED
        disabled = _disable(endpoint, "The receiver answered 410 Gone.", now=now)
    else:
        endpoint.failing_since = endpoint.failing_since or now
        retry_for = timedelta(seconds=settings.webhook_retry_for_seconds)
        wait = backoff(delivery.attempts, settings=settings)
        if now + wait - delivery.created_at > retry_for:
            delivery.status = DeliveryStatus.FAILED
        else:
            delivery.status = DeliveryStatus.PENDING
            delivery.next_attempt_at = now + wait
        if now - endpoint.failing_since >= retry_for:
            disabled = _disable(
                endpoint, "Every delivery failed for the whole retry period.", now=now
            )
    await session.flush()
    return Recorded(DeliveryStatus(delivery.status), disabled_endpoint=disabled)


def _disable(endpoint: WebhookEndpoint, reason: str, *, now: datetime) -> bool:
    if endpoint.disabled:
        return False
    endpoint.disabled = True
    endpoint.disabled_reason = reason
    endpoint.updated_at = now
    return True
