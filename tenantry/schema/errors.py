"""Domain errors become GraphQL errors with extensions.code; anything else is masked."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator

from graphql import GraphQLError
from strawberry.extensions import SchemaExtension
from strawberry.types.execution import StreamExecutionResult

from tenantry.core.errors import DomainError, RateLimited, ValidationFailed

log = logging.getLogger("tenantry.graphql")


def format_error(error: GraphQLError) -> GraphQLError:
    original = error.original_error
    if original is None:
        return error  # syntax and validation errors are the client's, and safe to show
    if isinstance(original, DomainError):
        extensions: dict[str, object] = {"code": original.code}
        if isinstance(original, ValidationFailed):
            extensions["fields"] = original.fields
        if isinstance(original, RateLimited):
            extensions["retryAfter"] = original.retry_after
        return GraphQLError(
            original.message,
            nodes=error.nodes,
            source=error.source,
            positions=error.positions,
            path=error.path,
            original_error=original,
            extensions=extensions,
        )
    log.error("unexpected error in GraphQL resolver", exc_info=original)
    return GraphQLError(
        "Unexpected error.",
        nodes=error.nodes,
        source=error.source,
        positions=error.positions,
        path=error.path,
        extensions={"code": "INTERNAL_SERVER_ERROR"},
    )


def _format_result(result: object) -> None:
    errors = getattr(result, "errors", None)
    if result is not None and errors:
        result.errors = [format_error(error) for error in errors]  # type: ignore[attr-defined]


class DomainErrors(SchemaExtension):
    async def on_operation(self) -> AsyncIterator[None]:
        yield
        _format_result(self.execution_context.result)

    async def on_stream_result(self, result: StreamExecutionResult) -> AsyncIterator[None]:
        """Each result of a subscription, formatted before the transport sends it."""
        _format_result(result)
        yield
