"""Conditions and sort keys over one key of a JSON column, per database.

Both databases must return the same rows for the same filter, so every expression is guarded by
the JSON type of the stored value: a string "42" under a number field (left by a schema change)
is never compared as a number, and a missing key or JSON null never matches a comparison.
PostgreSQL answers equality with `@>` so the GIN index on the column can serve it; SQLite reads
the value with json_extract/json_type. Only expressions are built here: the caller's ORM query
adds the tenant criterion.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    Boolean,
    ColumnElement,
    Numeric,
    String,
    Text,
    and_,
    case,
    false,
    func,
    literal,
    not_,
    or_,
    type_coerce,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped

Scalar = str | int | float | bool
JsonColumn = ColumnElement[Any] | Mapped[Any]


class JsonKind(StrEnum):
    TEXT = "text"
    NUMBER = "number"
    BOOLEAN = "boolean"
    DATE = "date"  # an ISO "YYYY-MM-DD" string: its text order is its date order


class Op(StrEnum):
    EQ = "eq"
    NE = "ne"
    GT = "gt"
    GTE = "gte"
    LT = "lt"
    LTE = "lte"
    CONTAINS = "contains"
    IN = "in"


ORDERED = frozenset({Op.GT, Op.GTE, Op.LT, Op.LTE})

# SQLite's lower() folds ASCII only; this function, registered per connection, folds like
# PostgreSQL's lower() does: one character at a time.
SQLITE_LOWER = "tenantry_lower"
_REGISTERED = "tenantry_json_functions"
_PG_DATE = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
_SQLITE_DATE = "[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]"


def simple_lower(value: str | None) -> str | None:
    if value is None:
        return None
    # str.lower() maps U+0130 to two characters; PostgreSQL keeps the first of them.
    return "".join(char.lower()[0] for char in value)


async def prepare(session: AsyncSession) -> None:
    """Makes the session's connection ready for these expressions (SQLite: registers lowering)."""
    if session.get_bind().dialect.name != "sqlite":
        return
    connection = await session.connection()

    def register(sync: Connection) -> None:
        pooled = sync.connection
        if pooled.info.get(_REGISTERED):
            return
        raw: Any = pooled.dbapi_connection
        raw.create_function(SQLITE_LOWER, 1, simple_lower, deterministic=True)
        pooled.info[_REGISTERED] = True

    await connection.run_sync(register)


def _number(value: Scalar) -> int | float:
    assert isinstance(value, int | float)
    assert not isinstance(value, bool)
    return value


class _Postgres:
    def __init__(self, column: JsonColumn, key: str) -> None:
        self.column = type_coerce(column, JSONB)
        self.key = key

    def _json(self) -> ColumnElement[Any]:
        return self.column.op("->", return_type=JSONB)(literal(self.key, String))

    def _text(self) -> ColumnElement[str]:
        return self.column.op("->>", return_type=Text)(literal(self.key, String))

    def _typeof(self) -> ColumnElement[str]:
        return func.jsonb_typeof(self._json(), type_=Text)

    def value(self, kind: JsonKind) -> ColumnElement[Any]:
        """The value as its kind, NULL when the stored JSON has another type."""
        if kind is JsonKind.NUMBER:
            typed = self._text().cast(Numeric)
            return case((self._typeof() == "number", typed))
        if kind is JsonKind.BOOLEAN:
            return case((self._typeof() == "boolean", self._text().cast(Boolean)))
        is_string = self._typeof() == "string"
        if kind is JsonKind.DATE:
            return case((and_(is_string, self._text().op("~")(_PG_DATE)), self._text()))
        return case((is_string, self._text()))

    def equals(self, kind: JsonKind, value: Scalar) -> ColumnElement[bool]:
        # Bare, never wrapped: only `column @> constant` itself can use the GIN index.
        return self.column.op("@>", return_type=Boolean)(literal({self.key: value}, JSONB))

    def compare(self, kind: JsonKind, op: Op, value: Scalar) -> ColumnElement[bool]:
        if kind is JsonKind.NUMBER:
            bound: Any = literal(Decimal(repr(_number(value))), Numeric)
            return _known(_ordered(self.value(kind), op, bound))
        return _known(_ordered(self.value(kind).collate("C"), op, literal(value, Text)))

    def contains(self, needle: str) -> ColumnElement[bool]:
        folded = func.lower(self.value(JsonKind.TEXT), type_=Text)
        return _known(func.strpos(folded, literal(simple_lower(needle), Text)) > 0)

    def sort_keys(self, kind: JsonKind) -> list[ColumnElement[Any]]:
        value = self.value(kind)
        if kind is not JsonKind.TEXT:
            return [value.collate("C") if kind is JsonKind.DATE else value]
        return [func.lower(value, type_=Text).collate("C"), value.collate("C")]


class _Sqlite:
    def __init__(self, column: JsonColumn, key: str) -> None:
        self.column = column
        self.path = f"$.{key}"

    def _extract(self) -> ColumnElement[Any]:
        return func.json_extract(self.column, literal(self.path, String))

    def _typeof(self) -> ColumnElement[str]:
        return func.json_type(self.column, literal(self.path, String), type_=Text)

    def value(self, kind: JsonKind) -> ColumnElement[Any]:
        if kind is JsonKind.NUMBER:
            return case((self._typeof().in_(("integer", "real")), self._extract()))
        if kind is JsonKind.BOOLEAN:
            return case((self._typeof() == "true", literal(1)), (self._typeof() == "false", 0))
        is_text = self._typeof() == "text"
        if kind is JsonKind.DATE:
            return case((and_(is_text, self._extract().op("GLOB")(_SQLITE_DATE)), self._extract()))
        return case((is_text, self._extract()))

    def equals(self, kind: JsonKind, value: Scalar) -> ColumnElement[bool]:
        if kind is JsonKind.BOOLEAN:
            return _known(self._typeof() == ("true" if value else "false"))
        return _known(self.value(kind) == literal(value))

    def compare(self, kind: JsonKind, op: Op, value: Scalar) -> ColumnElement[bool]:
        return _known(_ordered(self.value(kind), op, literal(value)))

    def contains(self, needle: str) -> ColumnElement[bool]:
        folded = getattr(func, SQLITE_LOWER)(self.value(JsonKind.TEXT), type_=Text)
        return _known(func.instr(folded, literal(simple_lower(needle), Text)) > 0)

    def sort_keys(self, kind: JsonKind) -> list[ColumnElement[Any]]:
        value = self.value(kind)
        if kind is not JsonKind.TEXT:
            return [value]
        return [getattr(func, SQLITE_LOWER)(value, type_=Text), value]


def _known(condition: ColumnElement[bool]) -> ColumnElement[bool]:
    """NULL (a missing key, another JSON type) as false, so that NOT keeps the complement."""
    return func.coalesce(condition, False)


def _ordered(left: ColumnElement[Any], op: Op, right: Any) -> ColumnElement[bool]:
    compared: ColumnElement[bool]
    if op is Op.GT:
        compared = left > right
    elif op is Op.GTE:
        compared = left >= right
    elif op is Op.LT:
        compared = left < right
    else:
        compared = left <= right
    return compared


def _reader(dialect: str, column: JsonColumn, key: str) -> _Postgres | _Sqlite:
    if dialect == "postgresql":
        return _Postgres(column, key)
    if dialect == "sqlite":
        return _Sqlite(column, key)
    raise NotImplementedError(f"JSON filters are not implemented for {dialect}")


def condition(
    dialect: str,
    column: JsonColumn,
    *,
    key: str,
    kind: JsonKind,
    op: Op,
    value: Scalar | Sequence[Scalar],
) -> ColumnElement[bool]:
    """column[key] <op> value. NE is the exact complement of EQ: rows without the key match it.

    Values are already of the kind's Python type (DATE: an ISO string); IN takes a sequence.
    """
    reader = _reader(dialect, column, key)
    if op is Op.IN:
        assert isinstance(value, list | tuple)
        if not value:
            return false()
        return or_(*(reader.equals(kind, item) for item in value))
    assert isinstance(value, str | int | float | bool)
    if op is Op.EQ:
        return reader.equals(kind, value)
    if op is Op.NE:
        return not_(reader.equals(kind, value))
    if op is Op.CONTAINS:
        assert isinstance(value, str)
        return reader.contains(value)
    return reader.compare(kind, op, value)


def sort_keys(
    dialect: str, column: JsonColumn, *, key: str, kind: JsonKind, descending: bool
) -> list[ColumnElement[Any]]:
    """ORDER BY terms for column[key]; values of another JSON type or missing sort last."""
    keys = _reader(dialect, column, key).sort_keys(kind)
    return [(term.desc() if descending else term.asc()).nulls_last() for term in keys]
