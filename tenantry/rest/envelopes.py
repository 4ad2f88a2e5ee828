"""Each dialect's success and error envelopes. Domain errors map to statuses here and only here."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from starlette.responses import JSONResponse

from tenantry.core.errors import (
    BadRequest,
    Conflict,
    DomainError,
    Forbidden,
    NotFound,
    PayloadTooLarge,
    PaymentFailed,
    RateLimited,
    Unauthenticated,
    ValidationFailed,
)
from tenantry.rest.dialects import Dialect
from tenantry.rest.shop_posts.messages import full_messages

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


def json(content: Any, status: int = 200, headers: Mapping[str, str] | None = None) -> JSONResponse:
    return JSONResponse(content, status_code=status, headers=dict(headers or {}))


# Dialect A: {"message", "errors"}


def platform_error(exc: DomainError) -> JSONResponse:
    body: dict[str, Any] = {"message": exc.message}
    if isinstance(exc, ValidationFailed):
        body["errors"] = exc.fields
    return json(body, status_for(exc), _headers(exc))


# Dialect B: {"error": {type, message, param, code}}

_B_TYPES: list[tuple[type[DomainError], int, str, str]] = [
    (Unauthenticated, 401, "authentication_error", "invalid_api_key"),
    (Forbidden, 403, "permission_error", "forbidden"),
    (NotFound, 404, "invalid_request_error", "resource_missing"),
    (RateLimited, 429, "rate_limit_error", "rate_limit_exceeded"),
    (PaymentFailed, 402, "card_error", "card_declined"),
    (Conflict, 409, "invalid_request_error", "conflict"),
    (PayloadTooLarge, 413, "invalid_request_error", "payload_too_large"),
]


def commerce_error(exc: DomainError) -> JSONResponse:
    param: str | None = None
    if isinstance(exc, ValidationFailed):
        status, type_ = 400, "invalid_request_error"
        param = next(iter(exc.fields), None)
        messages = exc.fields.get(param or "", [])
        missing = any("required" in m for m in messages)
        code = "parameter_missing" if missing else "parameter_invalid"
        message = messages[0] if messages else exc.message
        if missing and param:
            message = f"Missing required parameter: {param}"
    elif isinstance(exc, BadRequest):
        status, type_, code, message = 400, "invalid_request_error", "invalid_request", exc.message
        param = getattr(exc, "param", None)
    else:
        param = getattr(exc, "param", None)
        status, type_, code = 500, "api_error", "internal_error"
        for cls, s, t, c in _B_TYPES:
            if isinstance(exc, cls):
                status, type_, code = s, t, c
                break
        message = exc.message
    code = getattr(exc, "reason", None) or code
    error = {"type": type_, "message": message, "param": param, "code": code}
    return json({"error": error}, status, _headers(exc))


# Dialect C: {"success": false, "error", "validation_errors"?}


def shop_error(exc: DomainError, *, validation_message: str | None = None) -> JSONResponse:
    body: dict[str, Any] = {"success": False, "error": exc.message}
    if isinstance(exc, ValidationFailed):
        body["error"] = validation_message or "Validation failed"
        body["validation_errors"] = full_messages(exc.fields)
    return json(body, status_for(exc), _headers(exc))


def graphql_error(exc: DomainError) -> JSONResponse:
    error: dict[str, Any] = {"message": exc.message, "extensions": {"code": exc.code}}
    if isinstance(exc, ValidationFailed):
        error["extensions"]["fields"] = exc.fields
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
        return json({"success": False, "error": "Internal server error"}, 500)
    if dialect is Dialect.GRAPHQL:
        masked = {"message": "Unexpected error.", "extensions": {"code": "INTERNAL_SERVER_ERROR"}}
        return json({"data": None, "errors": [masked]}, 500)
    return json({"message": "Server Error"}, 500)
