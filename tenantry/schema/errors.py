"""Domain errors become GraphQL errors with extensions.code and reason; anything else is masked."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator

from graphql import ExecutionResult as GraphQLResult
from graphql import GraphQLError, GraphQLSyntaxError, InitialIncrementalExecutionResult
from strawberry.extensions import SchemaExtension
from strawberry.schema.exceptions import InvalidOperationTypeError
from strawberry.types.execution import ExecutionResult, StreamExecutionResult

from tenantry.core.errors import DomainError, error_extensions

log = logging.getLogger("tenantry.graphql")


def format_error(error: GraphQLError) -> GraphQLError:
    original = error.original_error
    if isinstance(original, InvalidOperationTypeError):
        # A query or mutation sent over the legacy graphql-ws protocol, which serves
        # subscriptions only (or a mutation sent with GET).
        return _with_extensions(error, _client_error(code="operation_not_allowed"))
    if original is None or isinstance(original, GraphQLError):
        # Syntax, validation and variable errors are the client's, and safe to show.
        return _with_extensions(error, _document_error(error))
    if isinstance(original, DomainError):
        return GraphQLError(
            original.message,
            nodes=error.nodes,
            source=error.source,
            positions=error.positions,
            path=error.path,
            original_error=original,
            extensions=error_extensions(original),
        )
    log.error("unexpected error in GraphQL resolver", exc_info=original)
    return GraphQLError(
        "Unexpected error.",
        nodes=error.nodes,
        source=error.source,
        positions=error.positions,
        path=error.path,
        extensions=error_extensions(DomainError()),
    )


def _document_error(error: GraphQLError) -> dict[str, object]:
    if isinstance(error, GraphQLSyntaxError):
        return {"code": "GRAPHQL_PARSE_FAILED", "reason": "graphql_parse_failed"}
    return {"code": "GRAPHQL_VALIDATION_FAILED", "reason": "graphql_validation_failed"}


def _client_error(*, code: str) -> dict[str, object]:
    return {"code": "BAD_REQUEST", "reason": code}


def _with_extensions(error: GraphQLError, extensions: dict[str, object]) -> GraphQLError:
    if error.extensions and "reason" in error.extensions:
        return error
    return GraphQLError(
        error.message,
        nodes=error.nodes,
        source=error.source,
        positions=error.positions,
        path=error.path,
        original_error=error.original_error,
        extensions={**(error.extensions or {}), **extensions},
    )


# The results that carry errors of their own (a later @defer/@stream payload does not).
_WITH_ERRORS = (ExecutionResult, GraphQLResult, InitialIncrementalExecutionResult)


def _format_result(result: object) -> None:
    if isinstance(result, _WITH_ERRORS) and result.errors:
        result.errors = [format_error(error) for error in result.errors]


class DomainErrors(SchemaExtension):
    async def on_operation(self) -> AsyncIterator[None]:
        yield
        _format_result(self.execution_context.result)

    async def on_stream_result(self, result: StreamExecutionResult) -> AsyncIterator[None]:
        """Each result of a subscription, formatted before the transport sends it."""
        _format_result(result)
        yield


def log_errors(errors: list[GraphQLError]) -> None:
    """Strawberry logs every error with its traceback. The client's mistakes (syntax,
    validation, domain errors, limits) are logged at info in one line; an unexpected error's
    traceback is logged once, by format_error, when it is masked."""
    for error in errors:
        original = error.original_error
        if original is None or isinstance(
            original, GraphQLError | DomainError | InvalidOperationTypeError
        ):
            reason = (error.extensions or {}).get("reason") or getattr(original, "code", None)
            log.info("graphql error: %s (%s)", error.message, reason or "client_error")
