"""What no input may carry to the database: NUL characters, lone surrogates, integers beyond a
BIGINT, non-finite numbers (NaN, Infinity: JSON has no such values and a JSONB column refuses
them), JSON nested deeper than any real document. Refused at the edge, naming the field, in the
dialect's validation envelope; PostgreSQL would otherwise fail the statement (a 500).

A route whose domain refuses non-finite numbers in its own documented words (dialect C's
body_data) passes finite=False and leaves them to it."""

from __future__ import annotations

import math
from typing import Any

from tenantry.core.errors import BadRequest, ValidationFailed

MAX_DEPTH = 32
MAX_INTEGER = 2**63 - 1
TOO_DEEP = "The JSON body is nested too deeply."


class TooDeep(BadRequest):
    default_code = "body_too_deep"
    default_message = TOO_DEEP


def text_problem(value: str) -> str | None:
    """Why value cannot be stored as text, or None."""
    if "\x00" in value:
        return "must not contain NUL characters"
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return "must be valid Unicode text"
    return None


def check_text(name: str, value: str) -> str:
    problem = text_problem(value)
    if problem is not None:
        raise ValidationFailed.single(name, f"The {name} field {problem}.")
    return value


def number_problem(value: int | float) -> str | None:
    """Why a number cannot be stored, or None."""
    if isinstance(value, float):
        return None if math.isfinite(value) else "must be a finite number"
    return "is out of range" if abs(value) > MAX_INTEGER else None


def check_json(data: Any, *, finite: bool = True) -> None:
    """Walks a parsed JSON document; raises on the first value no column could hold."""
    pending: list[tuple[Any, str, int]] = [(data, "", 0)]
    while pending:
        value, path, depth = pending.pop()
        if depth > MAX_DEPTH:
            raise TooDeep()
        name = path or "body"
        if isinstance(value, str):
            check_text(name, value)
        elif isinstance(value, bool) or value is None:
            continue
        elif isinstance(value, int | float):
            problem = number_problem(value)
            if problem is not None and (finite or isinstance(value, int)):
                raise ValidationFailed.single(name, f"The {name} field {problem}.")
        elif isinstance(value, dict):
            for key, item in value.items():
                # A bad key is named by the object holding it: its own text cannot be shown.
                check_text(path or "key", key)
                pending.append((item, f"{path}.{key}" if path else key, depth + 1))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                pending.append((item, f"{path}.{index}" if path else str(index), depth + 1))
