"""Input parsing shared by every edge: pydantic models in, field-named errors out."""

from __future__ import annotations

import re
from typing import Annotated, Any, TypeVar

from pydantic import BaseModel, BeforeValidator, ConfigDict, ValidationError
from pydantic_core import PydanticCustomError

from tenantry.core.errors import PARAMETER_MISSING, ValidationFailed
from tenantry.core.ids import MAX_ID, as_id

M = TypeVar("M", bound=BaseModel)


class Input(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True, extra="ignore", frozen=True)


_INTEGER = re.compile(r"-?[0-9]+")


def _id_value(value: object) -> object:
    """Text is an id by as_id's rule alone (pydantic would also read "+1", " 1", "1_000"); a
    number no row can have is refused before a query it would overflow."""
    if isinstance(value, bool):
        raise PydanticCustomError("int_type", "not an integer")
    if isinstance(value, str) and as_id(value) is None:
        kind = "row_id" if _INTEGER.fullmatch(value) else "int_parsing"
        raise PydanticCustomError(kind, "not an id")
    if isinstance(value, int | float) and not 1 <= value <= MAX_ID:
        raise PydanticCustomError("row_id", "no row can have this id")
    return value


# An id inside a body: one that no row can have (0, negative, beyond the INTEGER column) is
# invalid like a missing one.
RowId = Annotated[int, BeforeValidator(_id_value)]


def _attribute(loc: tuple[int | str, ...]) -> str:
    return ".".join(str(part) for part in loc)


_MESSAGES = {
    "missing": "The {attr} field is required.",
    "string_too_short": "The {attr} field must be at least {min_length} characters.",
    "string_too_long": "The {attr} field must not be greater than {max_length} characters.",
    "string_type": "The {attr} field must be a string.",
    "int_type": "The {attr} field must be an integer.",
    "int_parsing": "The {attr} field must be an integer.",
    "int_from_float": "The {attr} field must be an integer.",
    "float_type": "The {attr} field must be a number.",
    "float_parsing": "The {attr} field must be a number.",
    "bool_type": "The {attr} field must be true or false.",
    "bool_parsing": "The {attr} field must be true or false.",
    "date_type": "The {attr} field must be a valid date.",
    "date_parsing": "The {attr} field must be a valid date.",
    "date_from_datetime_parsing": "The {attr} field must be a valid date.",
    "datetime_parsing": "The {attr} field must be a valid date.",
    "datetime_type": "The {attr} field must be a valid date.",
    "literal_error": "The selected {attr} is invalid.",
    "enum": "The selected {attr} is invalid.",
    "row_id": "The selected {attr} is invalid.",
    "greater_than_equal": "The {attr} field must be at least {ge}.",
    "greater_than": "The {attr} field must be greater than {gt}.",
    "less_than_equal": "The {attr} field must not be greater than {le}.",
    "less_than": "The {attr} field must be less than {lt}.",
    "too_short": "The {attr} field must have at least {min_length} items.",
    "too_long": "The {attr} field must not have more than {max_length} items.",
    "list_type": "The {attr} field must be an array.",
    "dict_type": "The {attr} field must be an object.",
    "model_type": "The {attr} field must be an object.",
    "url_parsing": "The {attr} field must be a valid URL.",
    "url_scheme": "The {attr} field must be a valid URL.",
}


def field_errors(exc: ValidationError) -> dict[str, list[str]]:
    fields: dict[str, list[str]] = {}
    for error in exc.errors():
        loc = error["loc"]
        key = _attribute(loc) or "body"
        attr = key.replace("_", " ")
        kind = error["type"]
        ctx = error.get("ctx") or {}
        if kind == "value_error" and "email" in str(ctx.get("reason", error["msg"])).lower():
            message = f"The {attr} field must be a valid email address."
        elif kind == "value_error":
            message = str(ctx.get("error", error["msg"])).removeprefix("Value error, ")
            message = message if message.startswith("The ") else f"The {attr} field {message}."
        else:
            template = _MESSAGES.get(kind, "The {attr} field is invalid.")
            message = template.format(attr=attr, **{k: v for k, v in ctx.items() if k != "attr"})
        fields.setdefault(key, []).append(message)
    return fields


def invalid_input(exc: ValidationError) -> ValidationFailed:
    """The errors of exc, coded parameter_missing when the first is a missing field."""
    first = exc.errors()[0]["type"] if exc.error_count() else None
    return ValidationFailed(
        field_errors(exc), code=PARAMETER_MISSING if first == "missing" else None
    )


def not_blank(value: object) -> object:
    """A field validator (mode="before"): blank text counts as a missing field."""
    if isinstance(value, str) and not value.strip():
        raise PydanticCustomError("missing", "Field required")
    return value


def parse_input(model: type[M], data: Any) -> M:
    if not isinstance(data, dict):
        raise ValidationFailed({"body": ["The request body must be a JSON object."]})
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise invalid_input(exc) from None
