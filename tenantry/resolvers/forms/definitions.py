"""What a form definition may say: its fields (name, label, type, required, min, max, options)
and its settings. Parsed the same way from GraphQL inputs and any other edge."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from pydantic import Field, field_validator

from tenantry.core.errors import ValidationFailed
from tenantry.core.inputs import Input

MAX_FIELDS = 100
MAX_OPTIONS = 200


class FieldType(StrEnum):
    TEXT = "text"
    TEXTAREA = "textarea"
    EMAIL = "email"
    NUMBER = "number"
    SELECT = "select"
    CHECKBOX = "checkbox"
    DATE = "date"
    FILE = "file"  # the id of a media upload


LENGTH_TYPES = (FieldType.TEXT, FieldType.TEXTAREA, FieldType.EMAIL)
OPTION_TYPES = (FieldType.SELECT, FieldType.CHECKBOX)


def _name(value: str) -> str:
    if not value.isascii() or not (value[:1].isalpha() or value[:1] == "_"):
        raise ValueError("must start with a letter or an underscore")
    if not all(char.isalnum() or char == "_" for char in value):
        raise ValueError("must only contain letters, numbers, and underscores")
    return value


class FormFieldIn(Input):
    name: str = Field(min_length=1, max_length=64)
    label: str = Field(default="", max_length=200)
    type: FieldType
    required: bool = False
    min: float | None = None
    max: float | None = None
    options: list[str] | None = Field(default=None, max_length=MAX_OPTIONS)

    _valid_name = field_validator("name")(_name)

    def as_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "name": self.name,
            "label": self.label or self.name.replace("_", " ").capitalize(),
            "type": self.type.value,
            "required": self.required,
        }
        for key, bound in (("min", self.min), ("max", self.max)):
            if bound is not None:
                data[key] = int(bound) if bound == int(bound) else bound
        if self.options is not None:
            data["options"] = list(dict.fromkeys(self.options))
        return data


class FormSettingsIn(Input):
    success_message: str | None = Field(default=None, min_length=1, max_length=1000)
    submissions_per_ip: int | None = Field(default=None, ge=1, le=100_000)
    ip_window_seconds: int | None = Field(default=None, ge=1, le=366 * 86400)
    requires_member: bool = False

    def as_json(self) -> dict[str, Any]:
        return self.model_dump(exclude_none=True)


class FormIn(Input):
    name: str = Field(min_length=1, max_length=200)
    slug: str | None = Field(default=None, max_length=100)
    description: str = Field(default="", max_length=5000)
    fields: list[FormFieldIn] = Field(default_factory=list, max_length=MAX_FIELDS)
    settings: FormSettingsIn = Field(default_factory=FormSettingsIn)
    is_active: bool = True


class FormUpdate(Input):
    """Only the fields given change; fields and settings are replaced whole."""

    name: str | None = Field(default=None, min_length=1, max_length=200)
    slug: str | None = Field(default=None, max_length=100)
    description: str | None = Field(default=None, max_length=5000)
    fields: list[FormFieldIn] | None = Field(default=None, max_length=MAX_FIELDS)
    settings: FormSettingsIn | None = None
    is_active: bool | None = None


def _field_problems(spec: FormFieldIn) -> dict[str, str]:
    problems: dict[str, str] = {}
    kind = spec.type
    if kind is FieldType.SELECT and not spec.options:
        problems["options"] = "The {attr} field is required for select fields."
    if spec.options is not None and kind not in OPTION_TYPES:
        problems["options"] = "The {attr} field is only allowed for select and checkbox fields."
    if spec.options is not None and any(not option.strip() for option in spec.options):
        problems["options"] = "The {attr} field must not contain empty options."
    counted = kind in LENGTH_TYPES or (kind is FieldType.CHECKBOX and spec.options)
    for key, bound in (("min", spec.min), ("max", spec.max)):
        if bound is None:
            continue
        if kind is not FieldType.NUMBER and not counted:
            problems[key] = f"The {{attr}} field is not allowed for {kind.value} fields."
        elif kind is not FieldType.NUMBER and (bound < 0 or bound != int(bound)):
            problems[key] = "The {attr} field must be a whole number of at least 0."
    if spec.min is not None and spec.max is not None and spec.min > spec.max and not problems:
        problems["max"] = "The {attr} field must be greater than or equal to min."
    return problems


def check_fields(fields: list[FormFieldIn]) -> list[dict[str, Any]]:
    """The definitions as stored, or a 422 naming each problem as fields.{index}.{key}."""
    errors: dict[str, list[str]] = {}
    seen: set[str] = set()
    for index, spec in enumerate(fields):
        for key, template in _field_problems(spec).items():
            attr = f"fields.{index}.{key}"
            errors.setdefault(attr, []).append(template.format(attr=attr))
        if spec.name in seen:
            attr = f"fields.{index}.name"
            errors.setdefault(attr, []).append(f"The {attr} field has a duplicate value.")
        seen.add(spec.name)
    if errors:
        raise ValidationFailed(errors)
    return [spec.as_json() for spec in fields]
