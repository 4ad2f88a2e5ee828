"""Webhook endpoints: registered, changed, disabled and deleted by owner/admin staff or a
secret key. A URL must be https and resolve to public addresses (unless the deployment allows
private endpoints), checked here and again at every delivery."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import httpx
from pydantic import Field, field_validator
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from tenantry.config import Settings
from tenantry.core.access import require_admin
from tenantry.core.context import Ctx
from tenantry.core.errors import NotFound, ValidationFailed
from tenantry.core.inputs import Input
from tenantry.core.pagination import Page, PageRequest, paginate
from tenantry.egress import EgressRefused, resolve_public
from tenantry.models.webhooks import WebhookEndpoint
from tenantry.resolvers.events import EVENT_TYPES
from tenantry.resolvers.webhooks.signing import new_secret
from tenantry.secrets import SecretBox, SecretUnreadable

EVERY_EVENT = "*"
ROLLED_SECRET_VALID_FOR = timedelta(hours=24)
URL = Field(min_length=1, max_length=2048)


def _events(value: list[str] | None) -> list[str] | None:
    if value is None:
        return None
    unknown = [name for name in value if name != EVERY_EVENT and name not in EVENT_TYPES]
    if unknown:
        raise ValueError(f"unknown event type {unknown[0]!r}")
    if EVERY_EVENT in value and len(value) > 1:
        raise ValueError('"*" stands alone')
    return sorted(set(value), key=value.index)


class EndpointIn(Input):
    url: str = URL
    enabled_events: list[str] = Field(min_length=1, max_length=len(EVENT_TYPES))
    description: str = Field(default="", max_length=500)

    _events = field_validator("enabled_events")(_events)


class EndpointUpdateIn(Input):
    url: str | None = Field(default=None, min_length=1, max_length=2048)
    enabled_events: list[str] | None = Field(default=None, min_length=1)
    description: str | None = Field(default=None, max_length=500)
    disabled: bool | None = None

    _events = field_validator("enabled_events")(_events)


@dataclass(frozen=True)
class WithSecret:
    """An endpoint and its new signing secret: answered once, at creation or roll."""

    endpoint: WebhookEndpoint
    secret: str


async def check_url(url: str, *, settings: Settings) -> str:
    """The URL if the server may deliver to it; ValidationFailed on `url` otherwise."""
    try:
        parsed = httpx.URL(url)
    except httpx.InvalidURL:
        raise ValidationFailed.single("url", "The url field must be a valid URL.") from None
    allow_private = settings.webhook_allow_private_endpoints
    schemes = {"https", "http"} if allow_private else {"https"}
    if parsed.scheme not in schemes or not parsed.host:
        wanted = "an http(s)" if allow_private else "an https"
        raise ValidationFailed.single("url", f"The url field must be {wanted} URL.")
    try:
        await resolve_public(url, allow_private=allow_private)
    except EgressRefused as exc:
        raise ValidationFailed.single("url", exc.message) from None
    return url


async def create_endpoint(session: AsyncSession, *, ctx: Ctx, data: EndpointIn) -> WithSecret:
    require_admin(ctx)
    url = await check_url(data.url, settings=ctx.settings)
    secret = new_secret()
    endpoint = WebhookEndpoint(
        url=url,
        description=data.description,
        enabled_events=list(data.enabled_events),
        secret=SecretBox.from_settings(ctx.settings).seal(secret),
    )
    session.add(endpoint)
    await session.flush()
    return WithSecret(endpoint, secret)


async def get_endpoint(
    session: AsyncSession, *, ctx: Ctx, endpoint_id: int, for_update: bool = False
) -> WebhookEndpoint:
    require_admin(ctx)
    query = select(WebhookEndpoint).where(col(WebhookEndpoint.id) == endpoint_id)
    if for_update:
        query = query.with_for_update().execution_options(populate_existing=True)
    found = await session.scalar(query)
    if found is None:
        raise NotFound("webhook_endpoint", "Webhook endpoint not found.")
    return found


async def list_endpoints(
    session: AsyncSession, *, ctx: Ctx, page: PageRequest
) -> Page[WebhookEndpoint]:
    require_admin(ctx)
    query = select(WebhookEndpoint).order_by(
        col(WebhookEndpoint.created_at).desc(), col(WebhookEndpoint.id).desc()
    )
    return await paginate(session, query, page)


async def update_endpoint(
    session: AsyncSession, *, ctx: Ctx, endpoint_id: int, data: EndpointUpdateIn
) -> WebhookEndpoint:
    endpoint = await get_endpoint(session, ctx=ctx, endpoint_id=endpoint_id, for_update=True)
    sent = data.model_fields_set
    if data.url is not None:
        endpoint.url = await check_url(data.url, settings=ctx.settings)
    if data.enabled_events is not None:
        endpoint.enabled_events = list(data.enabled_events)
    if "description" in sent:
        endpoint.description = data.description or ""
    if data.disabled is not None and data.disabled != endpoint.disabled:
        endpoint.disabled = data.disabled
        endpoint.disabled_reason = "Disabled by the shop." if data.disabled else None
        endpoint.failing_since = None
    endpoint.updated_at = ctx.now()
    await session.flush()
    return endpoint


async def delete_endpoint(session: AsyncSession, *, ctx: Ctx, endpoint_id: int) -> WebhookEndpoint:
    """Deleting drops its deliveries and their log with it."""
    endpoint = await get_endpoint(session, ctx=ctx, endpoint_id=endpoint_id, for_update=True)
    await session.delete(endpoint)
    await session.flush()
    return endpoint


async def roll_secret(session: AsyncSession, *, ctx: Ctx, endpoint_id: int) -> WithSecret:
    """A new secret signs from now on; the old one signs beside it for 24 hours."""
    endpoint = await get_endpoint(session, ctx=ctx, endpoint_id=endpoint_id, for_update=True)
    box = SecretBox.from_settings(ctx.settings)
    secret = new_secret()
    endpoint.previous_secret = endpoint.secret
    endpoint.previous_secret_expires_at = ctx.now() + ROLLED_SECRET_VALID_FOR
    endpoint.secret = box.seal(secret)
    endpoint.updated_at = ctx.now()
    await session.flush()
    return WithSecret(endpoint, secret)


def signing_secrets(endpoint: WebhookEndpoint, *, box: SecretBox, now: datetime) -> list[str]:
    """The secrets a delivery is signed with now: the current one, and a rolled one's
    predecessor while it is valid. A secret the keys no longer open is left out."""
    sealed = [endpoint.secret]
    expires = endpoint.previous_secret_expires_at
    if endpoint.previous_secret and expires is not None and now < expires:
        sealed.append(endpoint.previous_secret)
    opened = []
    for value in sealed:
        try:
            opened.append(box.open(value))
        except SecretUnreadable:
            continue
    return opened


def subscribed(endpoint: WebhookEndpoint, event_type: str) -> bool:
    events = endpoint.enabled_events or []
    return EVERY_EVENT in events or event_type in events
