"""Matching one top-level key of a JSON column, with the same answers on both databases.

A value matches when the stored scalar reads as the wanted text: strings exactly (case
sensitive), numbers by numeric value ("4.8" finds 4.8 and 4.80), booleans as "true"/"false";
null never matches. PostgreSQL reads JSONB (`?`, `->`, `->>`, `jsonb_typeof`); SQLite reads
the JSON1 functions (`json_type`, `json_extract`). The caller's ORM query keeps its tenant
criteria: these are only WHERE clauses.
"""

from __future__ import annotations

import math
import re
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Float,
    Numeric,
    String,
    and_,
    bindparam,
    case,
    cast,
    false,
    func,
    or_,
)

# Only keys a stored body_data can have (see the body_data rules); anything else matches nothing,
# which also keeps the key out of SQLite's JSON path syntax.
_KEY = re.compile(r"[A-Za-z0-9_-]{1,100}")
_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?")
_INT64 = 2**63


def _number(text: str) -> int | float | None:
    """Integers SQLite stores exactly are compared exactly; any other number as a double."""
    if not _NUMBER.fullmatch(text):
        return None
    value = Decimal(text)
    if value == value.to_integral_value() and abs(value) < _INT64:
        return int(value)
    as_float = float(value)
    return as_float if math.isfinite(as_float) else None


def has_key(column: Any, key: str, *, dialect: str) -> ColumnElement[bool]:
    if not _KEY.fullmatch(key):
        return false()
    if dialect == "postgresql":
        found: ColumnElement[bool] = column.op("?")(bindparam(None, key, type_=String))
        return found
    if dialect == "sqlite":
        return func.json_type(column, _sqlite_path(key)).is_not(None)
    raise NotImplementedError(f"JSON search is not implemented for {dialect}")


def value_equals(column: Any, key: str, wanted: str, *, dialect: str) -> ColumnElement[bool]:
    if not _KEY.fullmatch(key):
        return false()
    number = _number(wanted)
    boolean = wanted if wanted in ("true", "false") else None
    if dialect == "postgresql":
        return _pg_equals(column, key, wanted, number, boolean)
    if dialect == "sqlite":
        return _sqlite_equals(column, key, wanted, number, boolean)
    raise NotImplementedError(f"JSON search is not implemented for {dialect}")


def _sqlite_path(key: str) -> str:
    return f'$."{key}"'


def _pg_equals(
    column: Any, key: str, wanted: str, number: float | None, boolean: str | None
) -> ColumnElement[bool]:
    element = column.op("->")(bindparam(None, key, type_=String))
    text = column.op("->>", return_type=String)(bindparam(None, key, type_=String))
    kind = func.jsonb_typeof(element)
    matches = [and_(kind == "string", text == wanted)]
    if number is not None:
        # CASE, not AND: PostgreSQL may evaluate the cast first, and strings do not cast.
        stored = cast(text, Numeric if isinstance(number, int) else Float)
        matches.append(case((kind == "number", stored == number), else_=false()))
    if boolean is not None:
        matches.append(and_(kind == "boolean", text == boolean))
    return or_(*matches)


def _sqlite_equals(
    column: Any, key: str, wanted: str, number: float | None, boolean: str | None
) -> ColumnElement[bool]:
    path = _sqlite_path(key)
    kind = func.json_type(column, path)
    value = func.json_extract(column, path)
    matches = [and_(kind == "text", value == wanted)]
    if number is not None:
        matches.append(and_(kind.in_(("integer", "real")), value == number))
    if boolean is not None:
        matches.append(kind == boolean)
    return or_(*matches)
