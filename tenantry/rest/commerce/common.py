"""Dialect B plumbing shared by every /v1 area: prefixed ids, list paging and envelopes."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from tenantry.core.errors import NotFound, ValidationFailed
from tenantry.core.ids import MAX_ID, as_prefixed_id
from tenantry.core.pagination import MAX_PAGE, Page, PageRequest
from tenantry.rest.endpoint import Call
from tenantry.rest.spec import Param

DEFAULT_LIMIT = 10
MAX_LIMIT = 100

RESOURCES = {
    "prod": "product",
    "ord": "order",
    "cust": "customer",
    "pay": "payment",
    "re": "refund",
    "evt": "event",
    "we": "webhook_endpoint",
}


class NoSuchObject(NotFound):
    """Stripe's resource_missing: names the id as the offending param (the envelope reads it)."""

    def __init__(self, resource: str, value: str) -> None:
        super().__init__(resource, f"No such {resource}: '{value}'", param="id")


def decode_id(prefix: str, value: str) -> int:
    """prod_123 -> 123; anything else is a missing resource, never a 400 or a 500."""
    number = as_prefixed_id(prefix, value)
    if number is None:
        raise NoSuchObject(RESOURCES.get(prefix, prefix), value)
    return number


@contextmanager
def missing_as(prefix: str, value: str) -> Iterator[None]:
    """A resolver's NotFound for this object becomes B's `No such product: 'prod_9'`."""
    try:
        yield
    except NoSuchObject:
        raise
    except NotFound:
        raise NoSuchObject(RESOURCES.get(prefix, prefix), value) from None


def _int_param(call: Call, name: str, default: int, low: int, high: int | None) -> int:
    raw = call.query(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ValidationFailed.single(name, f"Invalid integer: {raw}") from None
    if value < low or (high is not None and value > high):
        bound = f"between {low} and {high}" if high is not None else f"at least {low}"
        raise ValidationFailed.single(name, f"The {name} parameter must be {bound}.")
    return value


def parse_limit(call: Call) -> int:
    return _int_param(call, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT)


def parse_paging(call: Call) -> PageRequest:
    """`limit` (default 10, 1..100) and 1-based `page`, as one PageRequest."""
    limit = parse_limit(call)
    page = _int_param(call, "page", 1, 1, MAX_PAGE)
    return PageRequest(page=page, per_page=limit)


def prefixed_id(prefix: str) -> dict[str, Any]:
    """The wire schema of a `prod_123` id: the prefix, `_`, a row id without leading zeros."""
    return {
        "type": "string",
        "pattern": f"^{prefix}_[1-9][0-9]{{0,{len(str(MAX_ID)) - 1}}}$",
        "examples": [f"{prefix}_123"],
    }


LIMIT = Param(
    "limit",
    {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT, "default": DEFAULT_LIMIT},
    "Objects per page.",
)
PAGE = Param(
    "page", {"type": "integer", "minimum": 1, "maximum": MAX_PAGE, "default": 1}, "1-based page."
)
# What parse_paging reads: every route that calls it declares these.
PAGING = (LIMIT, PAGE)


def list_envelope(data: list[dict[str, Any]], *, has_more: bool, total: int) -> dict[str, Any]:
    return {"data": data, "has_more": has_more, "total": total}


def page_envelope(page: Page[Any], data: list[dict[str, Any]]) -> dict[str, Any]:
    return list_envelope(data, has_more=page.page * page.per_page < page.total, total=page.total)
