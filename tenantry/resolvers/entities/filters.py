"""Record filters and sorting: parsed from either edge, checked against the entity's schema.

A filter's value is read as its field's type: numbers compare numerically, dates as dates,
booleans as booleans; text `contains` ignores case. Errors are named "filter.<field>" and "sort".
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement
from sqlmodel import col

from tenantry.core.errors import ValidationFailed
from tenantry.db import json_filters
from tenantry.db.json_filters import ORDERED, JsonKind, Op, Scalar
from tenantry.models.entities import EntityRecord
from tenantry.resolvers.entities.schema import EntitySchema, FieldSpec, FieldType
from tenantry.resolvers.entities.validation import (
    Invalid,
    parse_boolean,
    parse_date,
    parse_number,
)

MAX_FILTERS = 20
MAX_IN_VALUES = 100
MAX_TEXT_VALUE = 1000
_FILTER_KEY = re.compile(r"filter\[([^\[\]]+)\](?:\[([^\[\]]*)\])?(\[\])?")
_OPS_BY_KIND = {
    JsonKind.TEXT: frozenset({Op.EQ, Op.NE, Op.CONTAINS, Op.IN}),
    JsonKind.NUMBER: frozenset({Op.EQ, Op.NE, Op.IN, *ORDERED}),
    JsonKind.DATE: frozenset({Op.EQ, Op.NE, Op.IN, *ORDERED}),
    JsonKind.BOOLEAN: frozenset({Op.EQ, Op.NE, Op.IN}),
}
SORTABLE_COLUMNS = {
    "id": col(EntityRecord.id),
    "created_at": col(EntityRecord.created_at),
    "updated_at": col(EntityRecord.updated_at),
}


@dataclass(frozen=True)
class RecordFilter:
    field: str
    op: Op
    value: Any  # as sent: a string from a query string, any JSON value from GraphQL


@dataclass(frozen=True)
class RecordSort:
    field: str
    descending: bool = False


DEFAULT_SORT = (RecordSort("created_at", descending=True),)


def _fail(key: str, message: str) -> ValidationFailed:
    return ValidationFailed.single(key, message)


def parse_op(raw: str | None, key: str) -> Op:
    try:
        return Op((raw or "eq").lower())
    except ValueError:
        raise _fail(key, f"The {key} operator {raw} is invalid.") from None


def query_filters(items: Iterable[tuple[str, str]]) -> list[RecordFilter]:
    """filter[field]=v, filter[field][op]=v, filter[field][in]=a,b or filter[field][in][]=a …"""
    found: list[RecordFilter] = []
    lists: dict[str, list[str]] = {}
    for name, value in items:
        match = _FILTER_KEY.fullmatch(name)
        if match is None:
            continue
        field, raw_op, repeated = match.groups()
        op = parse_op(raw_op, f"filter.{field}")
        if op is Op.IN:
            values = [value] if repeated else [part for part in value.split(",") if part != ""]
            lists.setdefault(field, []).extend(values)
        else:
            found.append(RecordFilter(field, op, value))
    found.extend(RecordFilter(field, Op.IN, values) for field, values in lists.items())
    return found


def parse_sort(raw: str | None) -> tuple[RecordSort, ...]:
    """ "-price,name": price descending, then name. Empty means newest first."""
    keys = [part.strip() for part in (raw or "").split(",") if part.strip()]
    if not keys:
        return DEFAULT_SORT
    return tuple(RecordSort(key.lstrip("-+"), descending=key.startswith("-")) for key in keys)


def _value(spec: FieldSpec, raw: Any, key: str) -> Scalar:
    try:
        if spec.kind is JsonKind.NUMBER:
            number = parse_number(raw)
            if spec.type is FieldType.RELATION and not float(number).is_integer():
                raise Invalid("must be an integer")
            return number
        if spec.kind is JsonKind.BOOLEAN:
            return parse_boolean(raw)
        if spec.kind is JsonKind.DATE:
            return parse_date(raw)
    except Invalid as reason:
        raise _fail(key, f"The {key} value {reason}.") from None
    if not isinstance(raw, str) or len(raw) > MAX_TEXT_VALUE:
        raise _fail(
            key, f"The {key} value must be a string of at most {MAX_TEXT_VALUE} characters."
        )
    return raw


def conditions(
    dialect: str, schema: EntitySchema, filters: Iterable[RecordFilter]
) -> list[ColumnElement[bool]]:
    built: list[ColumnElement[bool]] = []
    for number, item in enumerate(filters):
        key = f"filter.{item.field}"
        if number >= MAX_FILTERS:
            raise _fail("filter", f"At most {MAX_FILTERS} filters may be given.")
        spec = schema.field(item.field)
        if spec is None:
            raise _fail(key, f"The {key} field is not defined for this entity.")
        if item.op not in _OPS_BY_KIND[spec.kind]:
            raise _fail(
                key, f"The {item.op.value} operator is not supported for {spec.type} fields."
            )
        value: Scalar | list[Scalar]
        if item.op is Op.IN:
            raw = item.value if isinstance(item.value, list) else [item.value]
            if len(raw) > MAX_IN_VALUES:
                raise _fail(key, f"The {key} field must not have more than {MAX_IN_VALUES} items.")
            value = [_value(spec, part, key) for part in raw]
        else:
            value = _value(spec, item.value, key)
        column = col(EntityRecord.data)
        built.append(
            json_filters.condition(
                dialect, column, key=spec.name, kind=spec.kind, op=item.op, value=value
            )
        )
    return built


def order_by(
    dialect: str, schema: EntitySchema, sorts: Iterable[RecordSort]
) -> list[ColumnElement[Any]]:
    """The ORDER BY terms, ending with the id so that pages never overlap."""
    terms: list[ColumnElement[Any]] = []
    last_descending = True
    for sort in sorts:
        last_descending = sort.descending
        column = SORTABLE_COLUMNS.get(sort.field)
        if column is not None:
            terms.append(column.desc() if sort.descending else column.asc())
            continue
        spec = schema.field(sort.field)
        if spec is None:
            raise _fail("sort", f"The sort field {sort.field} is not defined for this entity.")
        terms.extend(
            json_filters.sort_keys(
                dialect,
                col(EntityRecord.data),
                key=spec.name,
                kind=spec.kind,
                descending=sort.descending,
            )
        )
    record_id = col(EntityRecord.id)
    terms.append(record_id.desc() if last_descending else record_id.asc())
    return terms
