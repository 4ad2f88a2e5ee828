"""Each tenant's payment providers and their keys: secret keys sealed, shown masked, opened only
to call the provider."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pydantic import Field, field_validator
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from tenantry.core.access import require_admin
from tenantry.core.context import Ctx
from tenantry.core.inputs import Input, parse_input
from tenantry.models.payments import PaymentProvider, ProviderKind
from tenantry.secrets import SecretBox, SecretUnreadable, mask_secret

KEY = Field(min_length=1, max_length=255)


def _no_spaces(value: str) -> str:
    if any(char.isspace() for char in value):
        raise ValueError("must not contain spaces")
    return value


def _prefixed(*prefixes: str) -> Any:
    def check(value: str) -> str:
        if not value.startswith(prefixes):
            raise ValueError(f"must start with {' or '.join(prefixes)}")
        return _no_spaces(value)

    return check


class StripeKeysIn(Input):
    secret_key: str = KEY
    publishable_key: str = KEY
    webhook_secret: str = KEY

    _secret = field_validator("secret_key")(_prefixed("sk_", "rk_"))
    _publishable = field_validator("publishable_key")(_prefixed("pk_"))
    _webhook = field_validator("webhook_secret")(_prefixed("whsec_"))


class TossKeysIn(Input):
    client_key: str = KEY
    secret_key: str = KEY

    _keys = field_validator("client_key", "secret_key")(_prefixed("test_", "live_"))


KEYS_IN: dict[ProviderKind, type[StripeKeysIn] | type[TossKeysIn]] = {
    ProviderKind.STRIPE: StripeKeysIn,
    ProviderKind.TOSS: TossKeysIn,
}
SECRET_FIELDS = {
    ProviderKind.STRIPE: frozenset({"secret_key", "webhook_secret"}),
    ProviderKind.TOSS: frozenset({"secret_key"}),
}
PUBLIC_FIELD = {ProviderKind.STRIPE: "publishable_key", ProviderKind.TOSS: "client_key"}


@dataclass(frozen=True)
class ProviderView:
    """A provider as staff see it: public keys in clear, secret ones masked."""

    provider: ProviderKind
    enabled: bool
    keys: dict[str, str]
    updated_at: datetime

    @classmethod
    def of(cls, row: PaymentProvider, box: SecretBox) -> ProviderView:
        provider = ProviderKind(row.provider)
        secret = SECRET_FIELDS[provider]
        keys = {
            name: mask_secret(_opened(box, value)) if name in secret else value
            for name, value in (row.settings or {}).items()
        }
        return cls(provider, row.enabled, keys, row.updated_at)


@dataclass(frozen=True)
class PaymentMethods:
    """What a checkout page needs: the enabled providers and their public keys."""

    methods: list[ProviderKind]
    public_keys: dict[ProviderKind, str]


def _opened(box: SecretBox, value: str) -> str:
    try:
        return box.open(value)
    except SecretUnreadable:  # shown as nothing, not raised: staff can send it again
        return ""


async def set_provider_keys(
    session: AsyncSession,
    *,
    tenant_id: int,
    provider: ProviderKind,
    keys: dict[str, Any],
    enabled: bool,
    box: SecretBox,
) -> PaymentProvider:
    """Stores a provider's keys for a tenant (the CLI's path; resolvers check access first)."""
    data = parse_input(KEYS_IN[provider], keys)
    settings = {
        name: box.seal(value) if name in SECRET_FIELDS[provider] else value
        for name, value in data.model_dump().items()
    }
    row = await _provider_row(session, tenant_id=tenant_id, provider=provider)
    row.settings = settings
    row.enabled = enabled
    await session.flush()
    return row


async def _provider_row(
    session: AsyncSession, *, tenant_id: int, provider: ProviderKind
) -> PaymentProvider:
    """The tenant's row for provider, created if there is none. Two staff saving the first keys
    at once: the unique key lets one insert win and the other update the winner's row."""
    query = (
        select(PaymentProvider)
        .where(
            col(PaymentProvider.tenant_id) == tenant_id,
            col(PaymentProvider.provider) == provider,
        )
        .execution_options(populate_existing=True)
    )
    found = await session.scalar(query)
    if found is not None:
        return found
    row = PaymentProvider(tenant_id=tenant_id, provider=provider)
    try:
        async with session.begin_nested():
            session.add(row)
            await session.flush()
    except IntegrityError:
        found = await session.scalar(query)
        if found is None:
            raise
        return found
    return row


async def configure_payment_provider(
    session: AsyncSession,
    *,
    ctx: Ctx,
    provider: ProviderKind,
    keys: dict[str, Any],
    enabled: bool = True,
) -> ProviderView:
    require_admin(ctx)
    box = SecretBox.from_settings(ctx.settings)
    row = await set_provider_keys(
        session, tenant_id=ctx.tenant.id, provider=provider, keys=keys, enabled=enabled, box=box
    )
    return ProviderView.of(row, box)


async def list_payment_providers(session: AsyncSession, *, ctx: Ctx) -> list[ProviderView]:
    require_admin(ctx)
    box = SecretBox.from_settings(ctx.settings)
    rows = await session.scalars(select(PaymentProvider).order_by(col(PaymentProvider.provider)))
    return [ProviderView.of(row, box) for row in rows]


async def get_payment_methods(session: AsyncSession, *, ctx: Ctx) -> PaymentMethods:
    """Anyone may ask: only public keys are answered."""
    rows = list(
        await session.scalars(
            select(PaymentProvider)
            .where(col(PaymentProvider.enabled).is_(True))
            .order_by(col(PaymentProvider.provider))
        )
    )
    providers = [ProviderKind(row.provider) for row in rows]
    public = {
        kind: str((row.settings or {}).get(PUBLIC_FIELD[kind], ""))
        for kind, row in zip(providers, rows, strict=True)
    }
    return PaymentMethods(methods=providers, public_keys=public)
