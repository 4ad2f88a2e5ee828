"""Dialect B's hourly request limit per API key, counted before the route runs."""

from __future__ import annotations

import time

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from tenantry.auth.principal import Principal
from tenantry.core.context import TenantInfo
from tenantry.core.errors import RateLimited
from tenantry.rest.envelopes import commerce_error
from tenantry.serving.dialects import Dialect, Route
from tenantry.serving.ratelimit import RateLimiter, hourly_limit


class CommerceRateLimitMiddleware:
    """Counts every /v1 request against its API key; runs after the request context is known."""

    def __init__(self, app: ASGIApp, *, limiter: RateLimiter) -> None:
        self.app = app
        self.limiter = limiter

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        state = scope.get("state", {})
        route: Route | None = state.get("route")
        tenant: TenantInfo | None = state.get("tenant")
        principal: Principal | None = state.get("principal")
        if (
            scope["type"] != "http"
            or route is None
            or route.dialect is not Dialect.COMMERCE
            or tenant is None
            or principal is None
            or principal.key_id is None
        ):
            await self.app(scope, receive, send)
            return
        quota = await self.limiter.hit(str(principal.key_id), hourly_limit(tenant, principal))
        if not quota.allowed:
            retry_after = max(1, quota.reset_at - int(time.time()))
            response = commerce_error(
                RateLimited(retry_after, "Too many requests: rate limit exceeded for this API key.")
            )
            response.headers.update(quota.headers())
            await response(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                MutableHeaders(scope=message).update(quota.headers())
            await send(message)

        await self.app(scope, receive, send_with_headers)
