"""Rails-style full messages ("Email can't be blank") for the shop posts API.

Domain validation speaks Laravel ("The email field is required."), keyed by field. Dialect C
clients expect ActiveModel's `errors.full_messages`: the humanized attribute followed by the
message. Known Laravel shapes are rewritten; anything else passes through unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence

_Rewrite = Callable[[str, dict[str, str]], str]


def _units(count: str, unit: str) -> str:
    return f"{count} {unit}" if count == "1" else f"{count} {unit}s"


_SHAPES: list[tuple[str, _Rewrite]] = [
    (r"The (?P<a>.+?) field is required\.", lambda a, g: f"{a} can't be blank"),
    (r"The (?P<a>.+?) field must be a valid email address\.", lambda a, g: f"{a} is invalid"),
    (
        r"The (?P<a>.+?) (?:field )?has already been taken\.",
        lambda a, g: f"{a} has already been taken",
    ),
    (
        r"The (?P<a>.+?) field must be at least (?P<n>\d+) characters\.",
        lambda a, g: f"{a} is too short (minimum is {_units(g['n'], 'character')})",
    ),
    (
        r"The (?P<a>.+?) field must not be greater than (?P<n>\d+) characters\.",
        lambda a, g: f"{a} is too long (maximum is {_units(g['n'], 'character')})",
    ),
    (
        r"The (?P<a>.+?) field must be (?P<n>\d+) characters\.",
        lambda a, g: f"{a} is the wrong length (should be {_units(g['n'], 'character')})",
    ),
    (
        r"The (?P<a>.+?) field must have at least (?P<n>\d+) items\.",
        lambda a, g: f"{a} is too short (minimum is {_units(g['n'], 'item')})",
    ),
    (
        r"The (?P<a>.+?) field must not have more than (?P<n>\d+) items\.",
        lambda a, g: f"{a} is too long (maximum is {_units(g['n'], 'item')})",
    ),
    (r"The (?P<a>.+?) field must be an integer\.", lambda a, g: f"{a} must be an integer"),
    (r"The (?P<a>.+?) field must be a number\.", lambda a, g: f"{a} is not a number"),
    (
        r"The (?P<a>.+?) field must be at least (?P<n>-?[\d.]+)\.",
        lambda a, g: f"{a} must be greater than or equal to {g['n']}",
    ),
    (
        r"The (?P<a>.+?) field must not be greater than (?P<n>-?[\d.]+)\.",
        lambda a, g: f"{a} must be less than or equal to {g['n']}",
    ),
    (
        r"The (?P<a>.+?) field must be greater than (?P<n>-?[\d.]+)\.",
        lambda a, g: f"{a} must be greater than {g['n']}",
    ),
    (
        r"The (?P<a>.+?) field must be less than (?P<n>-?[\d.]+)\.",
        lambda a, g: f"{a} must be less than {g['n']}",
    ),
    (r"The selected (?P<a>.+?) is invalid\.", lambda a, g: f"{a} is not included in the list"),
    (r"The (?P<a>.+?) field must be a valid URL\.", lambda a, g: f"{a} is invalid"),
    (r"The (?P<a>.+?) field must be a valid date\.", lambda a, g: f"{a} is not a valid date"),
    (r"The (?P<a>.+?) (?:field )?is invalid\.", lambda a, g: f"{a} is invalid"),
    (
        r"The (?P<a>.+?) field confirmation does not match\.",
        lambda a, g: f"{a} confirmation doesn't match {a}",
    ),
    # validation.py's generic shape for custom validators: "The {attr} field {message}."
    (r"The (?P<a>.+?) field (?P<rest>[a-z].*?)\.?", lambda a, g: f"{a} {g['rest']}"),
]
_COMPILED = [(re.compile(pattern), rewrite) for pattern, rewrite in _SHAPES]


def humanize(attribute: str) -> str:
    """ActiveSupport's humanize: "body_data" -> "Body data", "category_id" -> "Category"."""
    parts = [p for p in re.split(r"[._ ]+", attribute.strip()) if p and not p.isdigit()]
    if len(parts) > 1 and parts[-1].lower() == "id":
        parts.pop()
    text = " ".join(parts).lower()
    return text[:1].upper() + text[1:]


def full_message(field: str, message: str) -> str:
    for pattern, rewrite in _COMPILED:
        found = pattern.fullmatch(message)
        if found:
            groups = {k: v for k, v in found.groupdict().items() if v is not None}
            return rewrite(humanize(groups.pop("a")), groups)
    if message[:1].islower() and field != "body":
        # A bare ActiveModel-style fragment ("must be at least 1") names no attribute.
        return f"{humanize(field)} {message.rstrip('.')}"
    return message


def full_messages(fields: Mapping[str, Sequence[str]]) -> list[str]:
    """ValidationFailed.fields as one flat list of full messages, in field order."""
    return [
        full_message(field, message) for field, messages in fields.items() for message in messages
    ]
