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
class Item:
    """One claimed delivery: its event's payload, as it is sent."""

    delivery_id: int
    message_id: str
    body: bytes
    attempt: int


@dataclass(frozen=True)
class Batch:
    """An endpoint's claimed deliveries, oldest first, sent one after another while the lease
    allows; everything needed to send them is read inside the claim."""

    tenant_id: int
    endpoint_id: int
    url: str
    secrets: list[str]
    items: list[Item]
    lease: timedelta


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
    """Long enough for an attempt to finish, with room for the egress lookup and the record."""
    return timedelta(seconds=settings.webhook_timeout_seconds * 2 + 2)


def backoff(attempts: int, *, settings: Settings, rng: random.Random | None = None) -> timedelta:
    """The wait after `attempts` failed attempts: first ~5 s, doubling, at most an hour."""
    base = settings.webhook_retry_first_seconds * 2 ** max(0, attempts - 1)
    wait = min(base, settings.webhook_retry_max_interval_seconds)
    jitter = (rng or random).uniform(0.8, 1.2)
    return timedelta(seconds=wait * jitter)


async def claim_due(
    session: AsyncSession,
    *,
    now: datetime,
    endpoints: int,
    per_endpoint: int,
    settings: Settings,
) -> list[Batch]:
    """Leases the oldest due deliveries of up to `endpoints` endpoints that have none in
    flight, up to `per_endpoint` of each."""
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
        .limit(endpoints * per_endpoint)
        .with_for_update(skip_locked=True, of=WebhookDelivery)
    )
    chosen: dict[int, list[WebhookDelivery]] = {}
    for delivery in due:
        if delivery.endpoint_id in busy:
            continue
        group = chosen.get(delivery.endpoint_id)
        if group is None:
            if len(chosen) == endpoints:
                continue
            group = chosen[delivery.endpoint_id] = []
        if len(group) < per_endpoint:
            group.append(delivery)
    if not chosen:
        return []
    lease = lease_for(settings)
    for group in chosen.values():
        for delivery in group:
            delivery.status = DeliveryStatus.SENDING
            delivery.lease_until = now + lease
            delivery.updated_at = now
    await session.flush()
    return await _batches(session, chosen, now=now, lease=lease, settings=settings)


async def _batches(
    session: AsyncSession,
    chosen: dict[int, list[WebhookDelivery]],
    *,
    now: datetime,
    lease: timedelta,
    settings: Settings,
) -> list[Batch]:
    endpoints = {
        e.id: e
        for e in await session.scalars(
            select(WebhookEndpoint).where(col(WebhookEndpoint.id).in_(set(chosen)))
        )
    }
    wanted = {d.event_id for group in chosen.values() for d in group}
    events = {
        e.id: e
        for e in await session.scalars(select(DomainEvent).where(col(DomainEvent.id).in_(wanted)))
    }
    box = SecretBox.from_settings(settings)
    batches = []
    for endpoint_id, group in chosen.items():
        endpoint = endpoints[endpoint_id]
        assert endpoint.tenant_id is not None
        items = []
        for delivery in group:
            assert delivery.id is not None
            event = events[delivery.event_id]
            items.append(
                Item(
                    delivery_id=delivery.id,
                    message_id=event_ref(event.id),
                    body=payload_bytes(event),
                    attempt=delivery.attempts + 1,
                )
            )
        batches.append(
            Batch(
                tenant_id=endpoint.tenant_id,
                endpoint_id=endpoint_id,
                url=endpoint.url,
                secrets=signing_secrets(endpoint, box=box, now=now),
                items=items,
                lease=lease,
            )
        )
    return batches


@dataclass(frozen=True)
class Recorded:
    """What recording an attempt decided: the delivery's status, and whether the endpoint was
    disabled by it (the worker then mails the owners)."""

    status: DeliveryStatus
    disabled_endpoint: bool = False


async def record_batch(
    session: AsyncSession,
    *,
    batch: Batch,
    outcomes: list[Outcome],
    now: datetime,
    settings: Settings,
) -> Recorded:
    """Records each attempt of the batch (outcomes are its first items' in order); the items
    not attempted go back to waiting, behind a failed one's retry when one failed."""
    endpoint = await session.scalar(
        select(WebhookEndpoint)
        .where(col(WebhookEndpoint.id) == batch.endpoint_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    ids = [item.delivery_id for item in batch.items]
    deliveries = {
        d.id: d
        for d in await session.scalars(
            select(WebhookDelivery)
            .where(col(WebhookDelivery.id).in_(ids))
            .order_by(col(WebhookDelivery.id))
            .with_for_update()
            .execution_options(populate_existing=True)
        )
    }
    if endpoint is None:  # deleted meanwhile, with its deliveries
        return Recorded(DeliveryStatus.FAILED)
    disabled = False
    last = DeliveryStatus.SUCCEEDED
    resume_at = now
    for index, item in enumerate(batch.items):
        delivery = deliveries.get(item.delivery_id)
        if delivery is None:
            continue
        if index >= len(outcomes):
            delivery.status = DeliveryStatus.PENDING
            delivery.lease_until = None
            delivery.next_attempt_at = max(delivery.next_attempt_at, resume_at)
            delivery.updated_at = now
            continue
        outcome = outcomes[index]
        session.add(_attempt(delivery, outcome, now=now))
        last, gone = _apply(delivery, endpoint, outcome, now=now, settings=settings)
        disabled = disabled or gone
        if not outcome.delivered:
            resume_at = delivery.next_attempt_at
    await session.flush()
    return Recorded(last, disabled_endpoint=disabled)


def _attempt(delivery: WebhookDelivery, outcome: Outcome, *, now: datetime) -> WebhookAttempt:
    assert delivery.id is not None
    return WebhookAttempt(
        tenant_id=delivery.tenant_id,
        delivery_id=delivery.id,
        attempted_at=now,
        status_code=outcome.status_code,
        duration_ms=outcome.duration_ms,
        response_body=outcome.response_body[:BODY_KEPT],
        error=outcome.error[:500] if outcome.error else None,
    )


def _apply(
    delivery: WebhookDelivery,
    endpoint: WebhookEndpoint,
    outcome: Outcome,
    *,
    now: datetime,
    settings: Settings,
) -> tuple[DeliveryStatus, bool]:
    """The delivery's new status after this attempt, and whether it disabled the endpoint."""
    delivery.attempts += 1
    delivery.last_status_code = outcome.status_code
    delivery.lease_until = None
    delivery.updated_at = now
    if outcome.delivered:
        delivery.status = DeliveryStatus.SUCCEEDED
        delivery.delivered_at = now
        endpoint.failing_since = None
        return DeliveryStatus.SUCCEEDED, False
    if outcome.status_code == GONE:
        delivery.status = DeliveryStatus.FAILED
        return DeliveryStatus.FAILED, _disable(endpoint, "The receiver answered 410 Gone.", now=now)
    endpoint.failing_since = endpoint.failing_since or now
    retry_for = timedelta(seconds=settings.webhook_retry_for_seconds)
    wait = backoff(delivery.attempts, settings=settings)
    if now + wait - delivery.created_at > retry_for:
        delivery.status = DeliveryStatus.FAILED
    else:
        delivery.status = DeliveryStatus.PENDING
        delivery.next_attempt_at = now + wait
    disabled = False
    if now - endpoint.failing_since >= retry_for:
        disabled = _disable(endpoint, FAILING_TOO_LONG, now=now)
    return DeliveryStatus(delivery.status), disabled


def _disable(endpoint: WebhookEndpoint, reason: str, *, now: datetime) -> bool:
    if endpoint.disabled:
        return False
    endpoint.disabled = True
    endpoint.disabled_reason = reason
    endpoint.updated_at = now
    return True
