"""GraphQL inputs become the plain data the resolvers' pydantic models parse."""

from __future__ import annotations

import dataclasses
from enum import Enum
from typing import Any

import strawberry


def input_data(value: object) -> dict[str, Any]:
    """The fields the client sent, by their Python (snake_case) names; unset ones left out.
    Nested inputs become dicts, lists stay lists, enums become their values."""
    assert dataclasses.is_dataclass(value)
    assert not isinstance(value, type)
    return {
        field.name: _plain(getattr(value, field.name))
        for field in dataclasses.fields(value)
        if getattr(value, field.name) is not strawberry.UNSET
    }


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return input_data(value)
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, Enum):
        return value.value
    return value
