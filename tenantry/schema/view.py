from __future__ import annotations

from typing import Any, overload

from cross_web import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.types.unset import UNSET, UnsetType

from tenantry.auth.tokens import InvalidToken, decode_token
from tenantry.core.context import TenantInfo
from tenantry.core.errors import DomainError
from tenantry.schema.caching import cache_key, current_ticket
from tenantry.schema.context import GraphQLContext
from tenantry.schema.socket_handlers import LegacyWSHandler, TransportWSHandler
from tenantry.schema.sockets import (
    FORBIDDEN,
    TOO_MANY,
    UNAUTHORIZED,
    Check,
    Refusal,
    SocketRefused,
    SocketRegistry,
    refuse,
)
from tenantry.serving import graphiql
from tenantry.serving.credentials import Credentials
from tenantry.serving.dialects import Dialect
from tenantry.serving.services import Services


class GraphQLView(GraphQL[GraphQLContext, None]):
    graphql_transport_ws_handler_class = TransportWSHandler
    graphql_ws_handler_class = LegacyWSHandler

    def __init__(self, *args: Any, sockets: SocketRegistry, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.sockets = sockets

    async def render_graphql_ide(self, request: Request) -> Response:
        """Our GraphiQL page, on the files the app serves itself, for the request's tenant."""
        tenant: TenantInfo | None = request.scope["state"].get("tenant")
        nonce = graphiql.new_nonce()
        page = graphiql.render_page(
            endpoint=request.url.path,
            assets=request.scope.get("root_path", "") + graphiql.ASSETS_PATH,
            tenant=tenant.slug if tenant is not None else None,
            nonce=nonce,
        )
        headers = {
            "Content-Security-Policy": graphiql.content_security_policy(nonce),
            "Cache-Control": "no-store",
            "X-Content-Type-Options": "nosniff",
        }
        return HTMLResponse(page, headers=headers)

    @overload
    async def run(
        self, request: Request, context: GraphQLContext = UNSET, root_value: None = UNSET
    ) -> Response: ...

    @overload
    async def run(
        self, request: WebSocket, context: GraphQLContext = UNSET, root_value: None = UNSET
    ) -> WebSocket: ...

    async def run(
        self,
        request: Request | WebSocket,
        context: GraphQLContext = UNSET,
        root_value: None = UNSET,
    ) -> Response | WebSocket:
        """Answers public reads from the response cache when it can, and fills it when not;
        counts sockets against their client's cap."""
        if isinstance(request, WebSocket):
            async with self.sockets.hold(request) as admitted:
                if not admitted:
                    await refuse(request, TOO_MANY)
                    return request
                return await super().run(request, context, root_value)
        services: Services | None = request.scope.get("state", {}).get("services")
        if services is None or services.response_cache is None or not isinstance(request, Request):
            return await super().run(request, context, root_value)
        key = await cache_key(request)
        if key is None:
            return await super().run(request, context, root_value)
        cache = services.response_cache
        cached = cache.get(key, now=services.clock.now().timestamp())
        if cached is not None:
            return Response(cached, media_type="application/json", headers={"X-Cache": "hit"})
        ticket = cache.ticket(key, request.scope["state"]["tenant"].id)
        token = current_ticket.set(ticket)
        try:
            response = await super().run(request, context, root_value)
        finally:
            current_ticket.reset(token)
        if isinstance(response, Response) and response.status_code == 200:
            now = services.clock.now().timestamp()
            stored = cache.put(ticket, bytes(response.body), now=now)
            response.headers["X-Cache"] = "miss" if stored else "bypass"
        return response

    async def execute_operation(
        self,
        request: Request,
        request_adapter: Any,
        request_data: Any,
        context: GraphQLContext,
        root_value: Any,
        sub_response: Any,
    ) -> Any:
        limit = context.services.settings.graphql_max_document_bytes
        if len(_utf8(getattr(request_data, "query", None) or "")) > limit:
            # Token limits do not count comments and whitespace, and the parser cache keys on
            # the text: a long document costs memory however few tokens it has.
            raise HTTPException(413, f"The GraphQL document exceeds {limit} bytes.")
        return await super().execute_operation(
            request, request_adapter, request_data, context, root_value, sub_response
        )

    async def get_context(
        self, request: Request | WebSocket, response: Response | WebSocket | None = None
    ) -> GraphQLContext:
        state = request.scope["state"]
        services: Services = state["services"]
        return GraphQLContext(
            request=request,
            services=services,
            tenant=state.get("tenant"),
            principal=state.get("principal") or GraphQLContext.principal,
            response=response if isinstance(response, Response) else None,
            client_ip=request.client.host if request.client else None,
        )

    async def on_ws_connect(self, context: GraphQLContext) -> UnsetType | dict[str, object] | None:
        """Authenticates the socket from connection_init's payload.

        The payload may carry `authorization` ("Bearer …"), `apiKey`, `tenant` and `visitorId`.
        Credentials that are given must be valid. A payload without credentials keeps what the
        upgrade request established (headers, cookies; strawberry has already refused foreign
        origins), so a socket is anonymous only when neither carried any.
        """
        params = context.connection_params or {}
        services = context.services
        creds = Credentials(
            bearer=_bearer(params.get("authorization") or params.get("Authorization")),
            api_key=_str(params.get("apiKey") or params.get("api_key")),
            visitor_id=_str(params.get("visitorId") or params.get("visitor_id")),
        )
        try:
            tenant = await self._tenant(services, params, creds, context.tenant)
            if not tenant.is_active:
                raise _refused("Tenant is not active.")
            if creds.bearer or creds.api_key or creds.visitor_id:
                now = services.clock.now()
                context.principal = await services.principals.resolve(
                    tenant, creds, now=now, dialect=Dialect.GRAPHQL
                )
        except DomainError as exc:
            raise _refused(exc.message) from None
        context.tenant = tenant
        if isinstance(context.request, WebSocket):
            given = creds.bearer or creds.api_key or creds.visitor_id
            held = (
                creds
                if given
                else Credentials.from_http(context.request.headers, context.request.cookies)
            )
            self.sockets.watch(context.request, _still_holds(services, tenant.id, held))
        return {"tenant": tenant.slug, "principal": context.principal.kind.value}

    async def _tenant(
        self,
        services: Services,
        params: dict[str, Any],
        creds: Credentials,
        current: TenantInfo | None,
    ) -> TenantInfo:
        """The payload's tenant, else the upgrade request's, else the credentials' own."""
        directory = services.directory
        found: TenantInfo | None = None
        if slug := _str(params.get("tenant")):
            found = await directory.by_slug(slug)
            if found is not None and current is not None and found.id != current.id:
                raise _refused("Tenant does not match the endpoint.")
        elif current is not None:
            found = current
        elif key := creds.any_key:
            by_key = await directory.by_api_key(key)
            found = by_key[0] if by_key else None
        elif creds.bearer:
            try:
                claims = decode_token(
                    creds.bearer, secret=services.settings.secret_key, now=services.clock.now()
                )
            except InvalidToken:
                raise _refused("Invalid or expired token.") from None
            found = await directory.by_id(claims.tenant_id)
        else:
            raise _refused("Tenant required.")
        if found is None:
            raise _refused("Tenant not found.")
        return found


def _still_holds(services: Services, tenant_id: int, creds: Credentials) -> Check:
    """What the socket's watch asks: the tenant still served, the credentials still valid."""

    async def check() -> Refusal | None:
        tenant = await services.directory.by_id(tenant_id)
        if tenant is None:
            return Refusal(FORBIDDEN, "Tenant not found.")
        if not tenant.is_active:
            return Refusal(FORBIDDEN, "Tenant is not active.")
        try:
            await services.principals.resolve(
                tenant, creds, now=services.clock.now(), dialect=Dialect.GRAPHQL
            )
        except DomainError as exc:
            return Refusal(UNAUTHORIZED, exc.message)
        return None

    return check


def _refused(message: str) -> SocketRefused:
    return SocketRefused(Refusal(FORBIDDEN, message))


def _utf8(text: str) -> bytes:
    """The document's bytes, counted even when it holds a lone surrogate (which the literal
    rule then refuses)."""
    return text.encode("utf-8", "surrogatepass")


def _str(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


def _bearer(value: object) -> str | None:
    text = _str(value)
    if text is None:
        return None
    scheme, _, token = text.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None
