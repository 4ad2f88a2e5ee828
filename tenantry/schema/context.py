from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession
from starlette.requests import Request
from starlette.responses import Response
from starlette.websockets import WebSocket

from tenantry.auth.principal import ANONYMOUS, Principal
from tenantry.core.context import Ctx, TenantInfo
from tenantry.core.errors import NotFound
from tenantry.db.unit_of_work import UnitOfWork
from tenantry.serving.services import Services

T = TypeVar("T")

# One unit of work per GraphQL operation. Operations of one WebSocket share a context object
# but each runs in its own task, so the unit lives in a context variable, not on the context.
current_unit: ContextVar[UnitOfWork | None] = ContextVar("current_unit", default=None)


@dataclass
class GraphQLContext:
    request: Request | WebSocket
    services: Services
    tenant: TenantInfo | None
    principal: Principal = ANONYMOUS
    response: Response | None = None
    connection_params: dict[str, Any] | None = None
    client_ip: str | None = None
    extras: dict[str, Any] = field(default_factory=dict)

    @property
    def ctx(self) -> Ctx:
        if self.tenant is None:
            raise NotFound("tenant", "Tenant not found: send X-Tenant, an API key or a token.")
        return Ctx(
            tenant=self.tenant,
            settings=self.services.settings,
            principal=self.principal,
            clock=self.services.clock,
            client_ip=self.client_ip,
            throttle=self.services.rate_limiter,
        )

    @property
    def uow(self) -> UnitOfWork:
        unit = current_unit.get()
        if unit is None:
            raise RuntimeError("no unit of work: use open_unit() inside subscriptions")
        return unit

    @property
    def session(self) -> AsyncSession:
        return self.uow.session

    def open_unit(self) -> UnitOfWork:
        """A separate short unit, for subscriptions that must not hold a session open."""
        return self.services.db.unit(self.ctx.tenant.id)

    def loader(self, name: str, factory: Callable[[AsyncSession], T]) -> T:
        """The operation's loader called name, created on first use."""
        loaders = self.uow.loaders
        if name not in loaders:
            loaders[name] = factory(self.session)
        loader: T = loaders[name]
        return loader
