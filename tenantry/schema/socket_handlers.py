"""strawberry's WebSocket protocol handlers, closing a refused connection_init with its reason.

strawberry answers every rejection with the same close ("Forbidden" over graphql-transport-ws,
an empty reason over graphql-ws), dropping what was wrong. The view's on_ws_connect raises
SocketRefused instead, which strawberry does not catch, and these handlers close with its code
and reason."""

from __future__ import annotations

from strawberry.subscriptions.protocols.graphql_transport_ws.handlers import (
    BaseGraphQLTransportWSHandler,
)
from strawberry.subscriptions.protocols.graphql_transport_ws.types import (
    ConnectionInitMessage as TransportInit,
)
from strawberry.subscriptions.protocols.graphql_ws.handlers import BaseGraphQLWSHandler
from strawberry.subscriptions.protocols.graphql_ws.types import ConnectionErrorMessage
from strawberry.subscriptions.protocols.graphql_ws.types import ConnectionInitMessage as LegacyInit

from tenantry.schema.context import GraphQLContext
from tenantry.schema.sockets import SocketRefused

# graphql-ws has no refusal code: strawberry closes with "internal error" after connection_error.
LEGACY_REFUSED = 1011


class TransportWSHandler(BaseGraphQLTransportWSHandler[GraphQLContext, None]):
    async def handle_connection_init(self, message: TransportInit) -> None:
        try:
            await super().handle_connection_init(message)
        except SocketRefused as refused:
            await self.websocket.close(code=refused.refusal.code, reason=refused.refusal.reason)


class LegacyWSHandler(BaseGraphQLWSHandler[GraphQLContext, None]):
    async def handle_connection_init(self, message: LegacyInit) -> None:
        try:
            await super().handle_connection_init(message)
        except SocketRefused as refused:
            error: ConnectionErrorMessage = {
                "type": "connection_error",
                "payload": {"message": refused.refusal.message},
            }
            await self.send_message(error)
            await self.websocket.close(code=LEGACY_REFUSED, reason=refused.refusal.reason)
