from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.exceptions import ConnectionRejectionError
from strawberry.types.unset import UnsetType

from tenantry.auth.credentials import Credentials
from tenantry.auth.tokens import InvalidToken, decode_token
from tenantry.resolvers.context import TenantInfo
from tenantry.resolvers.errors import DomainError
from tenantry.schema.context import GraphQLContext
from tenantry.services import Services


class GraphQLView(GraphQL[GraphQLContext, None]):
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
        Credentials that are given must be valid; none at all means an anonymous connection.
        """
        params = context.connection_params or {}
        services = context.services
        creds = Credentials(
            bearer=_bearer(params.get("authorization") or params.get("Authorization")),
            api_key=_str(params.get("apiKey") or params.get("api_key")),
            visitor_id=_str(params.get("visitorId") or params.get("visitor_id")),
        )
        anonymous = not (creds.bearer or creds.api_key or creds.visitor_id)
        if anonymous and context.tenant is None and not params.get("tenant"):
            raise ConnectionRejectionError({"message": "Tenant required."})
        try:
            tenant = await self._tenant(services, params, creds, context.tenant)
            if tenant is None or not tenant.is_active:
                raise ConnectionRejectionError({"message": "Unknown or inactive tenant."})
            principal = await services.principals.resolve(tenant, creds, now=services.clock.now())
        except DomainError as exc:
            raise ConnectionRejectionError({"message": exc.message}) from None
        context.tenant = tenant
        context.principal = principal
        return {"tenant": tenant.slug, "principal": principal.kind.value}

    async def _tenant(
        self,
        services: Services,
        params: dict[str, Any],
        creds: Credentials,
        current: TenantInfo | None,
    ) -> TenantInfo | None:
        directory = services.directory
        if slug := _str(params.get("tenant")):
            return await directory.by_slug(slug)
        if current is not None:
            return current
        if key := creds.any_key:
            found = await directory.by_api_key(key)
            return found[0] if found else None
        if creds.bearer:
            try:
                claims = decode_token(
                    creds.bearer, secret=services.settings.secret_key, now=services.clock.now()
                )
            except InvalidToken:
                return None
            return await directory.by_id(claims.tenant_id)
        return None


def _str(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


def _bearer(value: object) -> str | None:
    text = _str(value)
    if text is None:
        return None
    scheme, _, token = text.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None
