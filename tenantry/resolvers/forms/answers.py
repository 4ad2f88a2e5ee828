"""A submission checked against its form's fields, with Laravel's messages; unknown keys dropped."""

from __future__ import annotations

import math
import re
from datetime import date
from typing import Any

from email_validator import EmailNotValidError, validate_email
from sqlalchemy.ext.asyncio import AsyncSession

from tenantry.core.context import Ctx
from tenantry.core.errors import ValidationFailed
from tenantry.core.ids import as_id
from tenantry.resolvers.forms.definitions import FieldType
from tenantry.resolvers.media import media_by_ids

# Caps for fields whose definition sets no max: the row must stay a reasonable size.
DEFAULT_MAX_LENGTH = {FieldType.TEXT: 1000, FieldType.TEXTAREA: 20_000, FieldType.EMAIL: 254}
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_TRUE = (True, 1, "1", "true", "on", "yes")
_FALSE = (False, 0, "0", "false", "off", "no")


class Invalid(Exception):
    def __init__(self, template: str, **values: Any) -> None:
        self.template = template
        self.values = values


def _number_text(value: float) -> str:
    return str(int(value)) if value == int(value) else str(value)


def _is_blank(value: Any) -> bool:
    return value is None or value == [] or (isinstance(value, str) and not value.strip())


def _text(spec: dict[str, Any], value: Any) -> str:
    if not isinstance(value, str):
        raise Invalid("The {attr} field must be a string.")
    text = value.strip()
    low, high = spec.get("min"), spec.get("max")
    high = high if high is not None else DEFAULT_MAX_LENGTH[FieldType(spec["type"])]
    if low is not None and len(text) < low:
        raise Invalid("The {attr} field must be at least {n} characters.", n=_number_text(low))
    if len(text) > high:
        raise Invalid(
            "The {attr} field must not be greater than {n} characters.", n=_number_text(high)
        )
    return text


def _email(spec: dict[str, Any], value: Any) -> str:
    text = _text(spec, value)
    try:
        validate_email(text, check_deliverability=False)
    except EmailNotValidError:
        raise Invalid("The {attr} field must be a valid email address.") from None
    return text


def _number(spec: dict[str, Any], value: Any) -> int | float:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise Invalid("The {attr} field must be a number.")
    try:
        number = float(value)
    except ValueError:
        raise Invalid("The {attr} field must be a number.") from None
    if not math.isfinite(number):
        raise Invalid("The {attr} field must be a number.")
    low, high = spec.get("min"), spec.get("max")
    if low is not None and number < low:
        raise Invalid("The {attr} field must be at least {n}.", n=_number_text(low))
    if high is not None and number > high:
        raise Invalid("The {attr} field must not be greater than {n}.", n=_number_text(high))
    return int(number) if number == int(number) and abs(number) < 2**53 else number


def _choice(value: Any) -> str:
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise Invalid("The selected {attr} is invalid.")
    return _number_text(value) if isinstance(value, int | float) else value.strip()


def _select(spec: dict[str, Any], value: Any) -> str:
    choice = _choice(value)
    if choice not in spec.get("options", []):
        raise Invalid("The selected {attr} is invalid.")
    return choice


def _checkbox(spec: dict[str, Any], value: Any) -> bool | list[str]:
    options = spec.get("options")
    if options is None:
        if isinstance(value, str):
            value = value.strip().lower()
        if value in _TRUE:
            return True
        if value in _FALSE:
            if spec.get("required"):
                raise Invalid("The {attr} field must be accepted.")
            return False
        raise Invalid("The {attr} field must be true or false.")
    picked = [value] if isinstance(value, str) else value
    if not isinstance(picked, list):
        raise Invalid("The {attr} field must be an array.")
    chosen = list(dict.fromkeys(_choice(item) for item in picked))
    if any(choice not in options for choice in chosen):
        raise Invalid("The selected {attr} is invalid.")
    low, high = spec.get("min"), spec.get("max")
    if low is not None and len(chosen) < low:
        raise Invalid("The {attr} field must have at least {n} items.", n=_number_text(low))
    if high is not None and len(chosen) > high:
        raise Invalid("The {attr} field must not have more than {n} items.", n=_number_text(high))
    return chosen


def _date(spec: dict[str, Any], value: Any) -> str:
    if not isinstance(value, str) or not _DATE.fullmatch(value.strip()):
        raise Invalid("The {attr} field must be a valid date.")
    try:
        return date.fromisoformat(value.strip()).isoformat()
    except ValueError:
        raise Invalid("The {attr} field must be a valid date.") from None


_CHECKS = {
    FieldType.TEXT: _text,
    FieldType.TEXTAREA: _text,
    FieldType.EMAIL: _email,
    FieldType.NUMBER: _number,
    FieldType.SELECT: _select,
    FieldType.CHECKBOX: _checkbox,
    FieldType.DATE: _date,
}


async def clean_answers(
    session: AsyncSession, *, ctx: Ctx, fields: list[dict[str, Any]], data: dict[str, Any]
) -> dict[str, Any]:
    """The answers as stored: values normalized, blanks of optional fields left out."""
    errors: dict[str, list[str]] = {}
    answers: dict[str, Any] = {}
    files: dict[str, int] = {}
    for spec in fields:
        name = spec["name"]
        kind = FieldType(spec["type"])
        value = data.get(name)
        try:
            if _is_blank(value):
                if spec.get("required"):
                    accepted = kind is FieldType.CHECKBOX and "options" not in spec
                    raise Invalid(
                        "The {attr} field must be accepted."
                        if accepted
                        else "The {attr} field is required."
                    )
                continue
            if kind is FieldType.FILE:
                media_id = as_id(value.strip() if isinstance(value, str) else value)
                if media_id is None:
                    raise Invalid("The selected {attr} is invalid.")
                files[name] = media_id
            else:
                answers[name] = _CHECKS[kind](spec, value)
        except Invalid as problem:
            attr = name.replace("_", " ")
            errors[name] = [problem.template.format(attr=attr, **problem.values)]
    if files:
        owned = await _usable_media(session, ctx=ctx, ids=files.values())
        for name, media_id in files.items():
            if media_id in owned:
                answers[name] = media_id
            else:
                errors[name] = [f"The selected {name.replace('_', ' ')} is invalid."]
    if errors:
        raise ValidationFailed(errors)
    return answers


async def _usable_media(session: AsyncSession, *, ctx: Ctx, ids: Any) -> set[int]:
    """Uploads the caller may attach: a member's own, or any of the tenant's for staff."""
    principal = ctx.principal
    found = await media_by_ids(session, ids)
    if principal.is_staff or principal.is_secret_key:
        return set(found)
    if not principal.is_member:
        return set()
    return {media_id for media_id, row in found.items() if row.member_id == principal.member_id}
