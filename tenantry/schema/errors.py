"""Domain errors become GraphQL errors with extensions.code; anything else is masked."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator

from graphql import GraphQLError
from strawberry.extensions import SchemaExtension

from tenantry.resolvers.errors import DomainError, RateLimited, ValidationFailed

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


class DomainErrors(SchemaExtension):
    async def on_operation(self) -> AsyncIterator[None]:
        yield
        result = self.execution_context.result
        errors = getattr(result, "errors", None)
        if result is not None and errors:
            result.errors = [format_error(error) for error in errors]
