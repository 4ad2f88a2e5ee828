"""Resolves tenant and principal once per request, and caps request bodies."""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import Any

from starlette.datastructures import Headers, MutableHeaders
from starlette.requests import cookie_parser
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from starlette.websockets import WebSocket

from tenantry.auth.principal import Principal
from tenantry.auth.tokens import InvalidToken, decode_token
from tenantry.core.context import TenantInfo
from tenantry.core.errors import (
    DomainError,
    NotFound,
    PayloadTooLarge,
    TenantSuspended,
    Unauthenticated,
)
from tenantry.rest.envelopes import render_error
from tenantry.schema.sockets import FORBIDDEN, Refusal, refuse
from tenantry.serving.credentials import SESSION_COOKIE, Credentials, session_cookie_options
from tenantry.serving.csrf import cross_site_refusal
from tenantry.serving.dialects import Dialect, Route, TenantSource, classify
from tenantry.serving.hygiene import text_problem
from tenantry.serving.services import Services

log = logging.getLogger(__name__)

SUSPENDED_MESSAGES = {Dialect.SHOP: "Shop is not active", Dialect.PLATFORM: "Site is not active."}
# Where a session cookie that no longer resolves is ignored (and cleared), so that a revoked one
# does not stand between its user and signing in again.
SIGN_IN_PATHS = frozenset({"/api/shop_auth/login", "/api/shop_auth/register"})


class RequestContextMiddleware:
    def __init__(self, app: ASGIApp, *, services: Services) -> None:
        self.app = app
        self.services = services

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        route = classify(scope["path"])
        state = scope.setdefault("state", {})
        state["route"] = route
        state["services"] = self.services
        headers = Headers(scope=scope)
        creds = Credentials.from_http(headers, cookie_parser(headers.get("cookie", "")))
        state["credentials"] = creds
        try:
            if scope["type"] == "http":
                receive = await self._limit_body(headers, receive)
            tenant = await self._tenant(route, headers, creds)
            state["tenant"] = tenant
            state["principal"] = None
            if tenant is not None:
                if not tenant.is_active:
                    message = SUSPENDED_MESSAGES.get(route.dialect, "Tenant is not active.")
                    raise TenantSuspended(message)
                principal, stale = await self._principal(tenant, creds, route, scope["path"])
                state["principal"] = principal
                if stale:
                    send = _clearing_session(send, self.services)
                if route.dialect is Dialect.SHOP and scope["type"] == "http":
                    allowed = self.services.settings.cors_origins
                    refusal = cross_site_refusal(
                        scope["method"], headers, principal, allowed=allowed
                    )
                    if refusal is not None:
                        raise refusal
        except DomainError as exc:
            if scope["type"] == "websocket":
                await refuse(WebSocket(scope, receive, send), Refusal(FORBIDDEN, exc.message))
                return
            await render_error(route.dialect, exc)(scope, receive, send)
            return
        await self.app(scope, receive, send)

    async def _principal(
        self, tenant: TenantInfo, creds: Credentials, route: Route, path: str
    ) -> tuple[Principal, bool]:
        """The request's principal, and whether its session cookie is stale and to be cleared.

        Signing in acts as no one's session: there the cookie is only checked, to clear it when
        it no longer resolves, and it neither refuses the request nor is its CSRF concern."""
        resolve = self.services.principals.resolve
        now = self.services.clock.now()
        dialect = route.dialect
        if not (creds.session and dialect is Dialect.SHOP and path in SIGN_IN_PATHS):
            return await resolve(tenant, creds, now=now, dialect=dialect), False
        principal = await resolve(tenant, replace(creds, session=None), now=now, dialect=dialect)
        try:
            await resolve(tenant, Credentials(session=creds.session), now=now, dialect=dialect)
        except Unauthenticated:
            return principal, True
        return principal, False

    async def _limit_body(self, headers: Headers, receive: Receive) -> Receive:
        """Refuses bodies over the limit before any handler sees them.

        Ordinary bodies are read here (they are small) and replayed; multipart uploads stream
        through a counting receive so that large files are never buffered whole.
        """
        settings = self.services.settings
        multipart = headers.get("content-type", "").startswith("multipart/")
        limit = settings.upload_max_bytes if multipart else settings.max_body_bytes
        length = headers.get("content-length")
        if length is not None and length.isdigit() and int(length) > limit:
            raise PayloadTooLarge()
        if multipart:
            return _counting(receive, limit)
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                return _replay(b"".join(chunks), receive, first=message)
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > limit:
                raise PayloadTooLarge()
            chunks.append(chunk)
            if not message.get("more_body", False):
                return _replay(b"".join(chunks), receive)

    async def _tenant(
        self, route: Route, headers: Headers, creds: Credentials
    ) -> TenantInfo | None:
        directory = self.services.directory
        source = route.source
        if source is TenantSource.NONE:
            return None
        if source is TenantSource.PATH:
            return _found(await directory.by_slug(route.slug or ""))
        if source is TenantSource.HOST:
            return _found(await directory.by_host(headers.get("host", "")))
        if source is TenantSource.SECRET_KEY:
            key = creds.bearer or ""
            found = await directory.by_api_key(key) if key.startswith("sk_") else None
            if found is None:
                raise Unauthenticated("No valid API key provided.", code="invalid_api_key")
            return found[0]
        return await self._graphql_tenant(headers, creds)

    async def _graphql_tenant(self, headers: Headers, creds: Credentials) -> TenantInfo | None:
        directory = self.services.directory
        if slug := headers.get("x-tenant"):
            if text_problem(slug) is not None:
                raise NotFound("tenant", "Tenant not found.")
            return _found(await directory.by_slug(slug))
        if key := creds.any_key:
            found = await directory.by_api_key(key)
            if found is None:
                raise Unauthenticated("Invalid API key.", code="invalid_api_key")
            return found[0]
        if creds.bearer:
            try:
                claims = decode_token(
                    creds.bearer,
                    secret=self.services.settings.secret_key,
                    now=self.services.clock.now(),
                )
            except InvalidToken:
                raise Unauthenticated("Invalid or expired token.", code="invalid_token") from None
            return _found(await directory.by_id(claims.tenant_id))
        host = headers.get("host", "")
        return await directory.by_host(host) if host else None


def _clearing_session(send: Send, services: Services) -> Send:
    """send, with the session cookie cleared unless the answer sets a new one."""
    clearing = Response()
    clearing.delete_cookie(SESSION_COOKIE, **session_cookie_options(services.settings))
    cookie = clearing.headers["set-cookie"]

    async def clear(message: Message) -> None:
        if message["type"] == "http.response.start":
            headers = MutableHeaders(scope=message)
            given = headers.getlist("set-cookie")
            if not any(value.startswith(f"{SESSION_COOKIE}=") for value in given):
                headers.append("set-cookie", cookie)
        await send(message)

    return clear


def _found(tenant: Any) -> TenantInfo:
    if tenant is None:
        raise NotFound("tenant", "Tenant not found.")
    assert isinstance(tenant, TenantInfo)
    return tenant


def _replay(body: bytes, receive: Receive, first: Message | None = None) -> Receive:
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if first is not None and not sent:
            sent = True
            return first
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay


def _counting(receive: Receive, limit: int) -> Receive:
    seen = 0

    async def counting() -> Message:
        nonlocal seen
        message = await receive()
        if message["type"] == "http.request":
            seen += len(message.get("body", b""))
            if seen > limit:
                raise PayloadTooLarge()
        return message

    return counting
