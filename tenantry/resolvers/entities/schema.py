"""An entity's field schema: parsed and checked as a whole, errors named by their path."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from tenantry.core.errors import ValidationFailed
from tenantry.db.json_filters import JsonKind

MAX_FIELDS = 100
MAX_OPTIONS = 200
MAX_OPTION_LENGTH = 200
MAX_LABEL_LENGTH = 200
FIELD_NAME = re.compile(r"[a-z][a-z0-9_]{0,63}")
ENTITY_SLUG = re.compile(r"[a-z0-9]+(?:[-_][a-z0-9]+)*")
# Keys a record can be sorted by besides its fields; fields may not take these names.
RESERVED_NAMES = frozenset({"id", "created_at", "updated_at"})


class FieldType(StrEnum):
    TEXT = "text"
    NUMBER = "number"
    BOOLEAN = "boolean"
    DATE = "date"
    EMAIL = "email"
    URL = "url"
    SELECT = "select"
    RELATION = "relation"


TYPE_NAMES = frozenset(member.value for member in FieldType)

KIND_OF = {
    FieldType.TEXT: JsonKind.TEXT,
    FieldType.EMAIL: JsonKind.TEXT,
    FieldType.URL: JsonKind.TEXT,
    FieldType.SELECT: JsonKind.TEXT,
    FieldType.NUMBER: JsonKind.NUMBER,
    FieldType.RELATION: JsonKind.NUMBER,
    FieldType.BOOLEAN: JsonKind.BOOLEAN,
    FieldType.DATE: JsonKind.DATE,
}


@dataclass(frozen=True)
class FieldSpec:
    name: str
    type: FieldType
    required: bool = False
    unique: bool = False
    options: tuple[str, ...] = ()
    entity: str | None = None  # relation: the target entity's slug
    label: str | None = None

    @property
    def kind(self) -> JsonKind:
        return KIND_OF[self.type]

    def as_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "name": self.name,
            "type": self.type.value,
            "required": self.required,
            "unique": self.unique,
        }
        if self.label is not None:
            data["label"] = self.label
        if self.type is FieldType.SELECT:
            data["options"] = list(self.options)
        if self.type is FieldType.RELATION:
            data["entity"] = self.entity
        return data


@dataclass(frozen=True)
class EntitySchema:
    fields: tuple[FieldSpec, ...] = ()
    public: bool = False

    def field(self, name: str) -> FieldSpec | None:
        return next((spec for spec in self.fields if spec.name == name), None)

    def as_json(self) -> dict[str, Any]:
        return {"fields": [spec.as_json() for spec in self.fields], "public": self.public}

    @classmethod
    def from_stored(cls, stored: dict[str, Any] | None) -> EntitySchema:
        """A schema as saved; it was checked on the way in."""
        return parse_schema(stored or {})


class _Errors:
    def __init__(self) -> None:
        self.fields: dict[str, list[str]] = {}

    def add(self, path: str, message: str) -> None:
        self.fields.setdefault(path, []).append(message)


def _words(path: str) -> str:
    return path.replace("_", " ")


def _flag(raw: dict[str, Any], key: str, path: str, errors: _Errors) -> bool:
    value = raw.get(key, False)
    if value is None:
        return False
    if not isinstance(value, bool):
        errors.add(f"{path}.{key}", f"The {_words(path)}.{key} field must be true or false.")
        return False
    return value


def _options(raw: Any, path: str, errors: _Errors) -> tuple[str, ...]:
    where = f"{path}.options"
    if not isinstance(raw, list) or not raw:
        errors.add(where, f"The {_words(where)} field must be a non-empty array for select fields.")
        return ()
    if len(raw) > MAX_OPTIONS:
        errors.add(where, f"The {_words(where)} field must not have more than {MAX_OPTIONS} items.")
        return ()
    options: list[str] = []
    for index, option in enumerate(raw):
        if not isinstance(option, str) or not option or len(option) > MAX_OPTION_LENGTH:
            errors.add(
                f"{where}.{index}",
                f"The {_words(where)}.{index} field must be a string of 1 to "
                f"{MAX_OPTION_LENGTH} characters.",
            )
        elif option in options:
            errors.add(f"{where}.{index}", f"The {_words(where)}.{index} field is a duplicate.")
        else:
            options.append(option)
    return tuple(options)


def _field(raw: Any, path: str, errors: _Errors, seen: set[str]) -> FieldSpec | None:
    if not isinstance(raw, dict):
        errors.add(path, f"The {_words(path)} field must be an object.")
        return None
    before = len(errors.fields)
    name = raw.get("name")
    if not isinstance(name, str) or not name:
        errors.add(f"{path}.name", f"The {_words(path)}.name field is required.")
    elif not FIELD_NAME.fullmatch(name):
        errors.add(
            f"{path}.name",
            f"The {_words(path)}.name field must start with a lowercase letter and contain only "
            "lowercase letters, digits and underscores (at most 64 characters).",
        )
    elif name in RESERVED_NAMES:
        errors.add(f"{path}.name", f"The {_words(path)}.name field may not be {name}.")
    elif name in seen:
        errors.add(f"{path}.name", f"The {_words(path)}.name field has a duplicate value.")
    else:
        seen.add(name)
    kind = raw.get("type")
    if kind is None:
        errors.add(f"{path}.type", f"The {_words(path)}.type field is required.")
    elif not isinstance(kind, str) or kind not in TYPE_NAMES:
        errors.add(
            f"{path}.type",
            f"The selected {_words(path)}.type is invalid: use one of "
            f"{', '.join(member.value for member in FieldType)}.",
        )
    label = raw.get("label")
    if label is not None and (not isinstance(label, str) or len(label) > MAX_LABEL_LENGTH):
        errors.add(
            f"{path}.label",
            f"The {_words(path)}.label field must be a string of at most "
            f"{MAX_LABEL_LENGTH} characters.",
        )
    required = _flag(raw, "required", path, errors)
    unique = _flag(raw, "unique", path, errors)
    options: tuple[str, ...] = ()
    target: str | None = None
    if kind == FieldType.SELECT:
        options = _options(raw.get("options"), path, errors)
    if kind == FieldType.RELATION:
        target = raw.get("entity")
        if not isinstance(target, str) or not ENTITY_SLUG.fullmatch(target):
            errors.add(
                f"{path}.entity",
                f"The {_words(path)}.entity field must name an entity's slug for relation fields.",
            )
    if len(errors.fields) > before:
        return None
    return FieldSpec(
        name=str(name),
        type=FieldType(str(kind)),
        required=required,
        unique=unique,
        options=options,
        entity=target,
        label=label,
    )


def parse_schema(raw: Any, *, path: str = "schema") -> EntitySchema:
    """The schema, or ValidationFailed naming every problem ("schema.fields.2.type")."""
    errors = _Errors()
    if not isinstance(raw, dict):
        raise ValidationFailed.single(path, f"The {path} field must be an object.")
    public = _flag(raw, "public", path, errors)
    raw_fields = raw.get("fields", [])
    specs: list[FieldSpec] = []
    where = f"{path}.fields"
    if not isinstance(raw_fields, list):
        errors.add(where, f"The {_words(where)} field must be an array.")
    elif len(raw_fields) > MAX_FIELDS:
        errors.add(where, f"The {_words(where)} field must not have more than {MAX_FIELDS} items.")
    else:
        seen: set[str] = set()
        for index, item in enumerate(raw_fields):
            spec = _field(item, f"{where}.{index}", errors, seen)
            if spec is not None:
                specs.append(spec)
    if errors.fields:
        raise ValidationFailed(errors.fields)
    return EntitySchema(fields=tuple(specs), public=public)
