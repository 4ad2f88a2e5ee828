"""The domain errors. Each edge (GraphQL, every REST dialect) translates these and nothing else."""

from __future__ import annotations


class DomainError(Exception):
    code = "INTERNAL_SERVER_ERROR"
    default_message = "Something went wrong."

    def __init__(self, message: str | None = None, *, keep_changes: bool = False) -> None:
        self.message = message or self.default_message
        # A failed request normally rolls back; some failures must persist what they did
        # (a failed-login counter, a revoked refresh-token family).
        self.keep_changes = keep_changes
        super().__init__(self.message)


class NotFound(DomainError):
    code = "NOT_FOUND"

    def __init__(self, resource: str = "resource", message: str | None = None) -> None:
        self.resource = resource
        super().__init__(message or f"{resource.capitalize()} not found.")


class ValidationFailed(DomainError):
    code = "BAD_USER_INPUT"
    default_message = "The given data was invalid."

    def __init__(self, fields: dict[str, list[str]], message: str | None = None) -> None:
        self.fields = fields
        super().__init__(message)

    @classmethod
    def single(cls, field: str, message: str) -> ValidationFailed:
        return cls({field: [message]})


class BadRequest(DomainError):
    code = "BAD_REQUEST"
    default_message = "Bad request."


class Unauthenticated(DomainError):
    code = "UNAUTHENTICATED"
    default_message = "Unauthenticated."


class Forbidden(DomainError):
    code = "FORBIDDEN"
    default_message = "This action is unauthorized."


class Conflict(DomainError):
    code = "CONFLICT"
    default_message = "The request conflicts with the current state."


class RateLimited(DomainError):
    code = "RATE_LIMITED"
    default_message = "Too many requests."

    def __init__(
        self, retry_after: int, message: str | None = None, *, keep_changes: bool = False
    ) -> None:
        self.retry_after = retry_after
        super().__init__(message, keep_changes=keep_changes)


class PaymentFailed(DomainError):
    code = "PAYMENT_FAILED"
    default_message = "The payment failed."


class PayloadTooLarge(DomainError):
    code = "PAYLOAD_TOO_LARGE"
    default_message = "The request body is too large."


class TenantSuspended(Forbidden):
    default_message = "Shop is not active"
