from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from tenantry.auth.principal import ANONYMOUS, Principal
from tenantry.clock import Clock, SystemClock
from tenantry.config import Settings
from tenantry.core.throttle import Throttle, Unthrottled
from tenantry.models.tenant import Plan, Tenant, TenantStatus


@dataclass(frozen=True)
class TenantInfo:
    """A detached snapshot of a tenant row, safe to cache and to share between sessions."""

    id: int
    slug: str
    name: str
    description: str
    status: TenantStatus
    plan: Plan
    currency: str
    locale: str
    timezone: str
    settings: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_model(cls, tenant: Tenant) -> TenantInfo:
        assert tenant.id is not None
        return cls(
            id=tenant.id,
            slug=tenant.slug,
            name=tenant.name,
            description=tenant.description,
            status=TenantStatus(tenant.status),
            plan=Plan(tenant.plan),
            currency=tenant.currency,
            locale=tenant.locale,
            timezone=tenant.timezone,
            settings=dict(tenant.settings or {}),
        )

    @property
    def is_active(self) -> bool:
        return self.status == TenantStatus.ACTIVE


@dataclass(frozen=True)
class Ctx:
    """What every resolver knows about the call besides its input."""

    tenant: TenantInfo
    settings: Settings
    principal: Principal = ANONYMOUS
    clock: Clock = field(default_factory=SystemClock)
    client_ip: str | None = None
    throttle: Throttle = field(default_factory=Unthrottled)

    def now(self) -> datetime:
        return self.clock.now()
