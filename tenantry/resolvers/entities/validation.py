"""A record's data checked against its entity's schema, without the database.

What needs the database (relation targets, unique values) is returned for the caller to check
in bulk. Messages follow the project's Laravel-style field messages.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from urllib.parse import urlsplit

from email_validator import EmailNotValidError, validate_email

from tenantry.core.ids import as_id
from tenantry.resolvers.entities.schema import EntitySchema, FieldSpec, FieldType

MAX_TEXT_LENGTH = 65_535
MAX_EMAIL_LENGTH = 254
MAX_URL_LENGTH = 2048
# Beyond 2**53 a JSON number stops being exact in SQLite (a double) while PostgreSQL keeps it
# exact, and the same filter would answer differently; 10**15 keeps every integer exact.
MAX_NUMBER = 10**15
_NUMERIC = re.compile(r"-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_BOOLEANS: dict[Any, bool] = {"true": True, "false": False, "1": True, "0": False}


class Invalid(ValueError):
    pass


@dataclass(frozen=True)
class Reference:
    """A relation value that must name a record of the target entity."""

    field: str
    entity: str
    record_id: int


@dataclass
class Checked:
    data: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, list[str]] = field(default_factory=dict)
    references: list[Reference] = field(default_factory=list)

    def add(self, key: str, message: str) -> None:
        self.errors.setdefault(key, []).append(message)


def attribute(name: str) -> str:
    return name.replace("_", " ")


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def parse_number(value: Any) -> int | float:
    if isinstance(value, bool):
        raise Invalid("must be a number")
    if isinstance(value, str) and _NUMERIC.fullmatch(value.strip()):
        text = value.strip()
        value = int(text) if text.lstrip("-").isdigit() else float(text)
    if isinstance(value, int):
        number: int | float = value
    elif isinstance(value, float) and math.isfinite(value):
        number = value
    else:
        raise Invalid("must be a number")
    if not -MAX_NUMBER <= number <= MAX_NUMBER:
        raise Invalid(f"must be between -{MAX_NUMBER} and {MAX_NUMBER}")
    return number


def parse_boolean(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    if isinstance(value, str) and value.strip().lower() in _BOOLEANS:
        return _BOOLEANS[value.strip().lower()]
    raise Invalid("must be true or false")


def parse_date(value: Any) -> str:
    if isinstance(value, str) and _ISO_DATE.fullmatch(value.strip()):
        try:
            return date.fromisoformat(value.strip()).isoformat()
        except ValueError:
            pass
    raise Invalid("must be a valid date")


def _string(value: Any, limit: int) -> str:
    if not isinstance(value, str):
        raise Invalid("must be a string")
    if len(value) > limit:
        raise Invalid(f"must not be greater than {limit} characters")
    return value


def _email(value: Any) -> str:
    text = _string(value, MAX_EMAIL_LENGTH).strip()
    try:
        validate_email(text, check_deliverability=False)
    except EmailNotValidError:
        raise Invalid("must be a valid email address") from None
    return text


def _url(value: Any) -> str:
    text = _string(value, MAX_URL_LENGTH).strip()
    try:
        parts = urlsplit(text)
    except ValueError:
        raise Invalid("must be a valid URL") from None
    if (
        parts.scheme not in ("http", "https")
        or not parts.hostname
        or any(c.isspace() for c in text)
    ):
        raise Invalid("must be a valid URL")
    return text


def parse_value(spec: FieldSpec, value: Any) -> Any:
    """value as stored for spec's type; Invalid says why not (a select: "is invalid")."""
    if spec.type is FieldType.TEXT:
        return _string(value, MAX_TEXT_LENGTH)
    if spec.type is FieldType.NUMBER:
        return parse_number(value)
    if spec.type is FieldType.BOOLEAN:
        return parse_boolean(value)
    if spec.type is FieldType.DATE:
        return parse_date(value)
    if spec.type is FieldType.EMAIL:
        return _email(value)
    if spec.type is FieldType.URL:
        return _url(value)
    if spec.type is FieldType.SELECT:
        if not isinstance(value, str) or value not in spec.options:
            raise Invalid("is invalid")
        return value
    record_id = as_id(value.strip() if isinstance(value, str) else value)
    if record_id is None:
        raise Invalid("must be an integer")
    return record_id


def _message(name: str, reason: str) -> str:
    if reason == "is invalid":
        return f"The selected {attribute(name)} is invalid."
    return f"The {attribute(name)} field {reason}."


_TYPE_REASON = {
    FieldType.TEXT: "must be a string",
    FieldType.NUMBER: "must be a number",
    FieldType.BOOLEAN: "must be true or false",
    FieldType.DATE: "must be a valid date",
    FieldType.EMAIL: "must be a valid email address",
    FieldType.URL: "must be a valid URL",
    FieldType.SELECT: "is invalid",
    FieldType.RELATION: "must be an integer",
}


def check_data(schema: EntitySchema, data: Mapping[str, Any], *, stored: bool = False) -> Checked:
    """Every field's value parsed; null or "" leaves a field out (and fails it if required).

    Keys the schema does not define are errors, so data never drifts from its schema unseen.
    stored: data as saved, which must already be in its parsed form (a number, not "42"), or
    filters that read the JSON type would pass it by.
    """
    checked = Checked()
    for spec in schema.fields:
        value = data.get(spec.name)
        if is_blank(value) and not (spec.type is FieldType.TEXT and value):
            if spec.required:
                checked.add(spec.name, f"The {attribute(spec.name)} field is required.")
            continue
        try:
            parsed = parse_value(spec, value)
        except Invalid as reason:
            checked.add(spec.name, _message(spec.name, str(reason)))
            continue
        if stored and (parsed != value or type(parsed) is not type(value)):
            checked.add(spec.name, _message(spec.name, _TYPE_REASON[spec.type]))
            continue
        if spec.required and is_blank(parsed):
            checked.add(spec.name, f"The {attribute(spec.name)} field is required.")
            continue
        checked.data[spec.name] = parsed
        if spec.type is FieldType.RELATION:
            assert spec.entity is not None
            checked.references.append(Reference(spec.name, spec.entity, parsed))
    for key, value in data.items():
        if schema.field(key) is None and value is not None:
            checked.add(
                key,
                f"The {attribute(key)} field is not defined for this entity; "
                "send null to remove it.",
            )
    return checked


def merge(current: Mapping[str, Any], changes: Mapping[str, Any]) -> dict[str, Any]:
    """An update's result: given keys replace, null removes, the rest stays."""
    merged = dict(current)
    for key, value in changes.items():
        if value is None:
            merged.pop(key, None)
        else:
            merged[key] = value
    return merged
