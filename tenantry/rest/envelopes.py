"""Each dialect's success and error envelopes. Domain errors map to statuses here and only here."""

from __future__ import annotations

import json as jsonlib
import logging
from collections.abc import Mapping
from typing import Any

from starlette.responses import JSONResponse

from tenantry.core.errors import (
    PARAMETER_MISSING,
    BadRequest,
    Conflict,
    DomainError,
    Forbidden,
    NotFound,
    PayloadTooLarge,
    PaymentFailed,
    RateLimited,
    Unauthenticated,
    Unavailable,
    ValidationFailed,
    error_extensions,
)
from tenantry.core.ids import encode_prefixed
from tenantry.resolvers.commerce_objects import PAYMENT_PREFIX
from tenantry.resolvers.idempotency import KeyReused
from tenantry.rest.rails_messages import full_messages
from tenantry.serving.dialects import Dialect

log = logging.getLogger(__name__)

_STATUS: list[tuple[type[DomainError], int]] = [
    (ValidationFailed, 422),
    (NotFound, 404),
    (Unauthenticated, 401),
    (Forbidden, 403),
    (Conflict, 409),
    (RateLimited, 429),
    (PaymentFailed, 402),
    (PayloadTooLarge, 413),
    (Unavailable, 503),
    (BadRequest, 400),
]


def status_for(exc: DomainError) -> int:
    for cls, status in _STATUS:
        if isinstance(exc, cls):
            return status
    return 500


def _headers(exc: DomainError) -> dict[str, str]:
    if isinstance(exc, RateLimited):
        return {"Retry-After": str(max(1, exc.retry_after))}
    return {}


class _JSONResponse(JSONResponse):
    def render(self, content: Any) -> bytes:
        try:
            return super().render(content)
        except UnicodeEncodeError:
            # Text a client sent, echoed in an answer, may hold a lone surrogate; escaped, it
            # is still JSON, where raw it is no UTF-8 at all.
            return jsonlib.dumps(content, allow_nan=False, separators=(",", ":")).encode()


def json(content: Any, status: int = 200, headers: Mapping[str, str] | None = None) -> JSONResponse:
    return _JSONResponse(content, status_code=status, headers=dict(headers or {}))


# Dialect A: {"message", "errors"}


def platform_error(exc: DomainError) -> JSONResponse:
    body: dict[str, Any] = {"message": exc.message, "code": exc.code}
    if isinstance(exc, ValidationFailed):
        body["errors"] = exc.fields
    return json(body, status_for(exc), _headers(exc))


# Dialect B: {"error": {type, message, param, code}}

_B_TYPES: list[tuple[type[DomainError], int, str]] = [
    (ValidationFailed, 400, "invalid_request_error"),
    (BadRequest, 400, "invalid_request_error"),
    (Unauthenticated, 401, "authentication_error"),
    (Forbidden, 403, "permission_error"),
    (NotFound, 404, "invalid_request_error"),
    (RateLimited, 429, "rate_limit_error"),
    (PaymentFailed, 402, "card_error"),
    (Conflict, 409, "invalid_request_error"),
    (PayloadTooLarge, 413, "invalid_request_error"),
    (Unavailable, 503, "api_error"),
]


def commerce_error(exc: DomainError) -> JSONResponse:
    status, type_ = 500, "api_error"
    for cls, s, t in _B_TYPES:
        if isinstance(exc, cls):
            status, type_ = s, t
            break
    message = exc.message
    if exc.code == KeyReused.default_code:
        # Stripe's own shape for a key reused with other parameters.
        reused = {"type": "idempotency_error", "message": message, "param": None, "code": exc.code}
        return json({"error": reused}, 400)
    if isinstance(exc, ValidationFailed) and exc.param is not None:
        if exc.code == PARAMETER_MISSING:
            message = f"Missing required parameter: {exc.param}"
        else:
            message = next(iter(exc.fields[exc.param]), exc.message)
    error: dict[str, Any] = {
        "type": type_,
        "message": message,
        "param": exc.param,
        "code": exc.code,
    }
    if isinstance(exc, PaymentFailed):
        # Stripe's card_error: the issuer's reason, and the failed payment that was recorded.
        error["decline_code"] = exc.decline_code
        if exc.payment_id is not None:
            error["payment"] = encode_prefixed(PAYMENT_PREFIX, exc.payment_id)
    return json({"error": error}, status, _headers(exc))


# Dialect C: {"success": false, "error", "validation_errors"?}


def shop_error(exc: DomainError, *, validation_message: str | None = None) -> JSONResponse:
    body: dict[str, Any] = {"success": False, "error": exc.message, "code": exc.code}
    if isinstance(exc, ValidationFailed):
        body["error"] = validation_message or "Validation failed"
        body["validation_errors"] = full_messages(exc.fields)
    return json(body, status_for(exc), _headers(exc))


def graphql_error(exc: DomainError) -> JSONResponse:
    error = {"message": exc.message, "extensions": error_extensions(exc)}
    return json({"data": None, "errors": [error]}, status_for(exc), _headers(exc))


def render_error(dialect: Dialect, exc: DomainError) -> JSONResponse:
    if dialect is Dialect.COMMERCE:
        return commerce_error(exc)
    if dialect is Dialect.SHOP:
        return shop_error(exc)
    if dialect is Dialect.GRAPHQL:
        return graphql_error(exc)
    return platform_error(exc)


def server_error(dialect: Dialect) -> JSONResponse:
    if dialect is Dialect.COMMERCE:
        error: dict[str, str | None] = {
            "type": "api_error",
            "message": "Internal server error",
            "param": None,
            "code": "internal_error",
        }
        return json({"error": error}, 500)
    if dialect is Dialect.SHOP:
        return json(
            {"success": False, "error": "Internal server error", "code": "internal_error"}, 500
        )
    if dialect is Dialect.GRAPHQL:
        masked = {"message": "Unexpected error.", "extensions": error_extensions(DomainError())}
        return json({"data": None, "errors": [masked]}, 500)
    return json({"message": "Server Error", "code": "internal_error"}, 500)
