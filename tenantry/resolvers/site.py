"""The tenant's public site information. Everything comes from the request's tenant snapshot."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tenantry.core.context import Ctx
from tenantry.money import Currency, currency_for


@dataclass(frozen=True)
class Site:
    name: str
    slug: str
    description: str
    locale: str
    timezone: str
    currency: str
    settings: dict[str, Any] = field(default_factory=dict)


def public_settings(settings: dict[str, Any]) -> dict[str, Any]:
    """Only tenant.settings["public"] is meant for visitors; the rest may hold private config."""
    public = settings.get("public")
    return dict(public) if isinstance(public, dict) else {}


def get_site(*, ctx: Ctx) -> Site:
    tenant = ctx.tenant
    return Site(
        name=tenant.name,
        slug=tenant.slug,
        description=tenant.description,
        locale=tenant.locale,
        timezone=tenant.timezone,
        currency=tenant.currency,
        settings=public_settings(tenant.settings),
    )


def get_currency(*, ctx: Ctx) -> Currency:
    return currency_for(ctx.tenant.currency)
