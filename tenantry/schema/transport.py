"""What each transport may run: a subscription needs a WebSocket. Over HTTP it would run as a
query whose field answers a stream, which no HTTP answer can carry."""

from __future__ import annotations

from collections.abc import Iterator

from graphql import GraphQLError
from starlette.websockets import WebSocket
from strawberry.extensions import SchemaExtension
from strawberry.types.graphql import OperationType

NEEDS_SOCKET = (
    "Subscriptions need a WebSocket: connect to this endpoint with the graphql-transport-ws "
    "protocol (GraphiQL does this for you) and send the subscription there."
)


def socket_required(*, code: str) -> GraphQLError:
    return GraphQLError(NEEDS_SOCKET, extensions={"code": "BAD_REQUEST", "reason": code})


class SubscriptionsNeedSockets(SchemaExtension):
    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        request = getattr(context.context, "request", None)
        if (
            not context.pre_execution_errors
            and context.operation_type is OperationType.SUBSCRIPTION
            and request is not None
            and not isinstance(request, WebSocket)
        ):
            context.pre_execution_errors = [socket_required(code="subscription_needs_websocket")]
        yield
