"""The domain errors. Each edge (GraphQL, every REST dialect) translates these and nothing else.

Every error has a `category` (the class of failure: GraphQL's `extensions.code`, and what each
dialect maps to a status) and a `code` (why, machine-readable and stable: GraphQL's
`extensions.reason`, dialect A's `code`, dialect B's `error.code`). Codes are snake_case and
are never changed once published; a subclass declares its own `default_code`, and a raiser may
name one for a single case. `param` names the input the error is about, when there is one.
"""

from __future__ import annotations

import re
from typing import ClassVar

CODE_PATTERN = re.compile(r"[a-z][a-z0-9]*(_[a-z0-9]+)*")


class DomainError(Exception):
    category: ClassVar[str] = "INTERNAL_SERVER_ERROR"
    default_code: ClassVar[str] = "internal_error"
    default_message: ClassVar[str] = "Something went wrong."

    def __init__(
        self,
        message: str | None = None,
        *,
        code: str | None = None,
        param: str | None = None,
        keep_changes: bool = False,
    ) -> None:
        self.message = message or self.default_message
        self.code = code or self.default_code
        self.param = param
        # A failed request normally rolls back; some failures must persist what they did
        # (a failed-login counter, a revoked refresh-token family).
        self.keep_changes = keep_changes
        super().__init__(self.message)


class NotFound(DomainError):
    category = "NOT_FOUND"
    default_code = "resource_missing"

    def __init__(
        self,
        resource: str = "resource",
        message: str | None = None,
        *,
        code: str | None = None,
        param: str | None = None,
    ) -> None:
        self.resource = resource
        super().__init__(message or f"{resource.capitalize()} not found.", code=code, param=param)


class ValidationFailed(DomainError):
    """fields maps each offending input to its messages; param is the first of them."""

    category = "BAD_USER_INPUT"
    default_code = "parameter_invalid"
    default_message = "The given data was invalid."

    def __init__(
        self, fields: dict[str, list[str]], message: str | None = None, *, code: str | None = None
    ) -> None:
        self.fields = fields
        super().__init__(message, code=code, param=next(iter(fields), None))

    @classmethod
    def single(cls, field: str, message: str, *, code: str | None = None) -> ValidationFailed:
        return cls({field: [message]}, code=code)

    @classmethod
    def missing(cls, field: str, message: str | None = None) -> ValidationFailed:
        text = message or f"The {field.replace('_', ' ')} field is required."
        return cls({field: [text]}, code=PARAMETER_MISSING)


PARAMETER_MISSING = "parameter_missing"


class BadRequest(DomainError):
    category = "BAD_REQUEST"
    default_code = "invalid_request"
    default_message = "Bad request."


class Unauthenticated(DomainError):
    category = "UNAUTHENTICATED"
    default_code = "unauthenticated"
    default_message = "Unauthenticated."


class Forbidden(DomainError):
    category = "FORBIDDEN"
    default_code = "forbidden"
    default_message = "This action is unauthorized."


class Conflict(DomainError):
    category = "CONFLICT"
    default_code = "conflict"
    default_message = "The request conflicts with the current state."


class RateLimited(DomainError):
    category = "RATE_LIMITED"
    default_code = "rate_limit_exceeded"
    default_message = "Too many requests."

    def __init__(
        self,
        retry_after: int,
        message: str | None = None,
        *,
        code: str | None = None,
        keep_changes: bool = False,
    ) -> None:
        self.retry_after = retry_after
        super().__init__(message, code=code, keep_changes=keep_changes)


class PaymentFailed(DomainError):
    """A card or provider refused the payment. The failed payment is kept (keep_changes), so
    payment_id names it; decline_code is the issuer's reason where there is one."""

    category = "PAYMENT_FAILED"
    default_code = "payment_failed"
    default_message = "The payment failed."
    decline_code: str | None = None
    payment_id: int | None = None

    def __init__(
        self,
        message: str | None = None,
        *,
        code: str | None = None,
        param: str | None = None,
        decline_code: str | None = None,
        payment_id: int | None = None,
        keep_changes: bool = False,
    ) -> None:
        self.decline_code = decline_code
        self.payment_id = payment_id
        super().__init__(message, code=code, param=param, keep_changes=keep_changes)


class Unavailable(DomainError):
    """Something we depend on (a payment provider) did not answer in time."""

    category = "SERVICE_UNAVAILABLE"
    default_code = "service_unavailable"
    default_message = "The service is unavailable; try again shortly."


class PayloadTooLarge(DomainError):
    category = "PAYLOAD_TOO_LARGE"
    default_code = "payload_too_large"
    default_message = "The request body is too large."


class TenantSuspended(Forbidden):
    default_code = "tenant_suspended"
    default_message = "Shop is not active"


def error_extensions(exc: DomainError) -> dict[str, object]:
    """What a GraphQL error carries besides its message, wherever it is rendered."""
    extensions: dict[str, object] = {"code": exc.category, "reason": exc.code}
    if isinstance(exc, ValidationFailed):
        extensions["fields"] = exc.fields
    elif exc.param is not None:
        extensions["param"] = exc.param
    if isinstance(exc, RateLimited):
        extensions["retryAfter"] = exc.retry_after
    if isinstance(exc, PaymentFailed):
        if exc.decline_code is not None:
            extensions["declineCode"] = exc.decline_code
        if exc.payment_id is not None:
            extensions["paymentId"] = str(exc.payment_id)
    return extensions
