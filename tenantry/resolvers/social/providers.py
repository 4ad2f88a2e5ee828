"""Each tenant's social login providers: configured by staff (or the CLI), the client secret
sealed, listed to visitors by key and name only, and resolved to the endpoints a sign-in uses."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated

import httpx
from pydantic import Field, StringConstraints, field_validator
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from tenantry.config import Settings
from tenantry.core.access import require_admin
from tenantry.core.context import Ctx
from tenantry.core.errors import NotFound, ValidationFailed
from tenantry.core.inputs import Input
from tenantry.models.social import SocialProvider
from tenantry.resolvers.social.calls import discover
from tenantry.resolvers.social.presets import (
    OIDC_SCOPES,
    PRESETS,
    Endpoints,
    Preset,
    overridden,
    rebased,
)
from tenantry.secrets import SecretBox, SecretUnreadable, mask_secret

# Path segments beside /auth/social/{provider} that no provider may be called.
RESERVED = frozenset({"providers", "disconnect"})
KEY_PATTERN = re.compile(r"[a-z][a-z0-9_-]{1,39}")
MAX_REDIRECT_URIS = 10

Url = Annotated[str, StringConstraints(min_length=1, max_length=2048)]


class SocialProviderIn(Input):
    provider: str = Field(min_length=2, max_length=40)
    client_id: str = Field(min_length=1, max_length=255)
    client_secret: str = Field(min_length=1, max_length=512)
    redirect_uris: list[Url] = Field(default_factory=list, max_length=MAX_REDIRECT_URIS)
    issuer: Url | None = None
    authorization_endpoint: Url | None = None
    token_endpoint: Url | None = None
    userinfo_endpoint: Url | None = None
    jwks_uri: Url | None = None
    enabled: bool = True

    @field_validator("provider")
    @classmethod
    def _key(cls, value: str) -> str:
        value = value.lower()
        if not KEY_PATTERN.fullmatch(value) or value in RESERVED:
            raise ValueError("must be a preset (google, github, kakao, naver) or a lowercase key")
        return value


@dataclass(frozen=True)
class ProviderConfig:
    """A provider ready for a sign-in: its row, its preset (if any) and where its endpoints are."""

    row: SocialProvider
    preset: Preset | None
    endpoints: Endpoints
    scopes: str

    @property
    def key(self) -> str:
        return self.row.provider

    @property
    def oidc(self) -> bool:
        return self.preset is None or self.preset.oidc


@dataclass(frozen=True)
class ProviderListing:
    provider: str
    name: str


@dataclass(frozen=True)
class ProviderView:
    """A provider as staff see it: the client secret masked."""

    provider: str
    name: str
    client_id: str
    client_secret: str
    redirect_uris: list[str]
    issuer: str | None
    endpoints: dict[str, str]
    enabled: bool
    updated_at: datetime

    @classmethod
    def of(cls, row: SocialProvider, box: SecretBox) -> ProviderView:
        try:
            secret = mask_secret(box.open(row.client_secret))
        except SecretUnreadable:
            secret = ""
        return cls(
            provider=row.provider,
            name=display_name(row.provider),
            client_id=row.client_id,
            client_secret=secret,
            redirect_uris=list(row.redirect_uris or []),
            issuer=row.issuer,
            endpoints={k: str(v) for k, v in (row.endpoints or {}).items()},
            enabled=row.enabled,
            updated_at=row.updated_at,
        )


def display_name(key: str) -> str:
    preset = PRESETS.get(key)
    return preset.name if preset else key.replace("-", " ").replace("_", " ").title()


def _check_urls(settings: Settings, data: SocialProviderIn) -> None:
    schemes = {"https", "http"} if settings.oauth_allow_private_endpoints else {"https"}
    wanted = "an http(s)" if settings.oauth_allow_private_endpoints else "an https"
    errors: dict[str, list[str]] = {}
    named = {
        "issuer": data.issuer,
        "authorization_endpoint": data.authorization_endpoint,
        "token_endpoint": data.token_endpoint,
        "userinfo_endpoint": data.userinfo_endpoint,
        "jwks_uri": data.jwks_uri,
    }
    for name, url in named.items():
        if url is not None and not _url_with_scheme(url, schemes):
            errors[name] = [f"The {name.replace('_', ' ')} must be {wanted} URL."]
    for url in data.redirect_uris:
        if not _url_with_scheme(url, {"https", "http"}):
            errors["redirect_uris"] = ["Each redirect URI must be an http(s) URL."]
    if data.provider not in PRESETS and data.issuer is None:
        errors["issuer"] = ["A provider that is not a preset needs its OpenID Connect issuer."]
    if errors:
        raise ValidationFailed(errors)


def _url_with_scheme(url: str, schemes: set[str]) -> bool:
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, TypeError):
        return False
    return parsed.scheme in schemes and bool(parsed.host)


async def set_social_provider(
    session: AsyncSession, *, tenant_id: int, data: SocialProviderIn, settings: Settings
) -> SocialProvider:
    """Stores a provider for a tenant (the CLI's path; configure_social_provider checks access)."""
    _check_urls(settings, data)
    box = SecretBox.from_settings(settings)
    row = await _provider_row(session, tenant_id=tenant_id, provider=data.provider)
    row.client_id = data.client_id
    row.client_secret = box.seal(data.client_secret)
    row.redirect_uris = list(data.redirect_uris)
    row.issuer = data.issuer
    row.endpoints = {
        name: value
        for name in ("authorization_endpoint", "token_endpoint", "userinfo_endpoint", "jwks_uri")
        if (value := getattr(data, name)) is not None
    }
    row.enabled = data.enabled
    await session.flush()
    return row


async def _provider_row(session: AsyncSession, *, tenant_id: int, provider: str) -> SocialProvider:
    query = (
        select(SocialProvider)
        .where(col(SocialProvider.tenant_id) == tenant_id, col(SocialProvider.provider) == provider)
        .execution_options(populate_existing=True)
    )
    found = await session.scalar(query)
    if found is not None:
        return found
    row = SocialProvider(tenant_id=tenant_id, provider=provider, client_id="", client_secret="")
    try:
        async with session.begin_nested():
            session.add(row)
            await session.flush()
    except IntegrityError:  # a concurrent first save won: update its row
        found = await session.scalar(query)
        if found is None:
            raise
        return found
    return row


async def configure_social_provider(
    session: AsyncSession, *, ctx: Ctx, data: SocialProviderIn
) -> ProviderView:
    require_admin(ctx)
    row = await set_social_provider(
        session, tenant_id=ctx.tenant.id, data=data, settings=ctx.settings
    )
    return ProviderView.of(row, SecretBox.from_settings(ctx.settings))


async def list_social_provider_configs(session: AsyncSession, *, ctx: Ctx) -> list[ProviderView]:
    require_admin(ctx)
    box = SecretBox.from_settings(ctx.settings)
    rows = await session.scalars(select(SocialProvider).order_by(col(SocialProvider.provider)))
    return [ProviderView.of(row, box) for row in rows]


async def list_social_providers(session: AsyncSession, *, ctx: Ctx) -> list[ProviderListing]:
    """Anyone may ask: the enabled providers' keys and names, nothing else."""
    rows = await session.scalars(
        select(SocialProvider)
        .where(col(SocialProvider.enabled).is_(True))
        .order_by(col(SocialProvider.provider))
    )
    return [ProviderListing(row.provider, display_name(row.provider)) for row in rows]


def provider_missing() -> NotFound:
    return NotFound("social provider", code="provider_not_found", param="provider")


async def get_provider(session: AsyncSession, *, ctx: Ctx, key: str) -> ProviderConfig:
    """The tenant's enabled provider with this key and its endpoints; NotFound otherwise (a
    provider of another tenant is as missing as one never configured)."""
    row = await session.scalar(
        select(SocialProvider).where(
            col(SocialProvider.provider) == key.lower(), col(SocialProvider.enabled).is_(True)
        )
    )
    if row is None:
        raise provider_missing()
    preset = PRESETS.get(row.provider)
    if preset is not None:
        base = ctx.settings.oauth_base_overrides.get(row.provider)
        endpoints = overridden(rebased(preset.endpoints, base), row.endpoints or {})
        return ProviderConfig(row, preset, endpoints, preset.scopes)
    assert row.issuer is not None
    document = await discover(ctx, row.issuer)
    endpoints = Endpoints(
        authorization=str(document["authorization_endpoint"]),
        token=str(document["token_endpoint"]),
        userinfo=_optional(document.get("userinfo_endpoint")),
        jwks=str(document["jwks_uri"]),
        issuer=str(document["issuer"]),
    )
    return ProviderConfig(row, None, overridden(endpoints, row.endpoints or {}), OIDC_SCOPES)


def _optional(value: object) -> str | None:
    return value if isinstance(value, str) else None


def client_secret(ctx: Ctx, config: ProviderConfig) -> str:
    return SecretBox.from_settings(ctx.settings).open(config.row.client_secret)
