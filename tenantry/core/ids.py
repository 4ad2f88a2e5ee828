"""The one id parser: every id a client sends goes through here before it reaches a query.

Every primary key is an INTEGER column, so an id that can exist is 1..2**31-1 written in ASCII
digits. Anything else (too large for the column, negative, `²`, `١٢`, empty, a wrong prefix)
names nothing that can exist, so it is answered like a missing row: NotFound for the row a
request is about (parse_id), the field's own validation error for a row a body or an argument
refers to (parse_reference); never a 500 from the database, never an answer that tells it apart
from a deleted row.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from tenantry.core.errors import NotFound, ValidationFailed

MAX_ID = 2**31 - 1
_DIGITS = re.compile(r"[0-9]{1,10}")


def as_id(value: object) -> int | None:
    """value as an id that can exist, or None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        number = value
    elif isinstance(value, str) and _DIGITS.fullmatch(value):
        number = int(value)
    else:
        return None
    return number if 1 <= number <= MAX_ID else None


def parse_id(value: object, resource: str = "resource", message: str | None = None) -> int:
    """value as an id, or NotFound(resource); message where the resource's own differs."""
    number = as_id(value)
    if number is None:
        raise NotFound(resource, message)
    return number


def parse_reference(value: object, field: str) -> int:
    """An id that a validated field refers to: ValidationFailed(field) when no row can have it,
    the answer the domain gives a reference to a missing row."""
    number = as_id(value)
    if number is None:
        attribute = field.replace("_", " ")
        raise ValidationFailed.single(field, f"The selected {attribute} is invalid.")
    return number


def parse_cursor(value: str, field: str) -> int:
    """A keyset cursor (`after`): an id, or 0 for before the first row; else ValidationFailed."""
    if value == "0":
        return 0
    number = as_id(value)
    if number is None:
        raise ValidationFailed.single(field, f"The {field} field must be an id.")
    return number


def distinct_ids(values: Iterable[int | None]) -> list[int]:
    """The ids among values, each once, in order: what a batch lookup asks for."""
    return sorted({value for value in values if value is not None})


def encode_prefixed(prefix: str, number: int) -> str:
    return f"{prefix}_{number}"


def as_prefixed_id(prefix: str, value: str) -> int | None:
    """`prod_123` -> 123 for prefix `prod`; None for anything that cannot name a row."""
    head, separator, digits = value.partition("_")
    if head != prefix or not separator or digits[:1] == "0":
        return None
    return as_id(digits)
