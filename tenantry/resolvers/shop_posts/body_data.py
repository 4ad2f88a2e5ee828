"""The body_data rules of the shop posts API: flat objects of scalars, small and script-free."""

from __future__ import annotations

import html
import json
import math
import re
import unicodedata
from collections.abc import Mapping
from typing import Any

from tenantry.resolvers.shop_posts.markup import has_active_markup

MAX_KEYS = 50
MAX_KEY_LENGTH = 100
MAX_STRING_LENGTH = 1000
MAX_TOTAL_BYTES = 100 * 1024
RESERVED_KEYS = frozenset({"title", "content", "slug", "post_type", "category_id"})
KEY_PATTERN = re.compile(r"[A-Za-z0-9_-]+")

# Matched against the folded text (entities decoded, invisible characters dropped, lowercase),
# so "java\tscript:", "&#106;avascript:" and "<ScRiPt" are caught like the plain forms. A data:
# URI needs the scheme to start there: "metadata: x" is text, "src=data:…" is not.
_FORBIDDEN = re.compile(r"<\s*/?\s*script|javascript:|vbscript:|(?:^|[^a-z0-9+.\-])data:")
_INVISIBLE = frozenset({"Cc", "Cf", "Zs", "Zl", "Zp"})


def fold(text: str) -> str:
    """text as a browser might read it: entities decoded, invisible characters gone, lowercase."""
    for _ in range(5):  # "&amp;#106;" decodes in two steps
        decoded = html.unescape(text)
        if decoded == text:
            break
        text = decoded
    text = unicodedata.normalize("NFKC", text)
    return "".join(c for c in text if unicodedata.category(c) not in _INVISIBLE).casefold()


def has_forbidden_content(text: str) -> bool:
    # Every forbidden form needs "<" or ":", written plainly, as an entity or in full width.
    normalized = unicodedata.normalize("NFKC", text)
    if not any(mark in normalized for mark in "<:&"):
        return False
    return _FORBIDDEN.search(fold(text)) is not None


def has_active_content(text: str) -> bool:
    """Markup a post's content would lose: on* handlers, <style>, <iframe>, <svg> …, written
    plainly or as entities (as the script rule reads them)."""
    normalized = unicodedata.normalize("NFKC", text)
    return any(mark in normalized for mark in "<&") and has_active_markup(fold(text))


def encoded_size(body_data: Mapping[str, Any]) -> int:
    """The size the rules measure: compact JSON, UTF-8, in bytes."""
    encoded = json.dumps(body_data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return len(encoded.encode("utf-8"))


def _shown(key: str) -> str:
    return key if len(key) <= MAX_KEY_LENGTH else f"{key[:MAX_KEY_LENGTH]}..."


def _is_encodable(text: str) -> bool:
    # Lone surrogates and NUL are valid in Python strings but not storable in PostgreSQL.
    if "\x00" in text:
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _key_errors(key: object) -> list[str]:
    if not isinstance(key, str):
        return [f"Body data key '{key!s:.{MAX_KEY_LENGTH}}' must be a string"]
    if not key:
        return ["Body data key can't be blank"]
    errors = []
    if not KEY_PATTERN.fullmatch(key):
        errors.append(f"Body data key '{_shown(key)}' contains invalid characters")
    if len(key) > MAX_KEY_LENGTH:
        errors.append(
            f"Body data key '{_shown(key)}' is too long (maximum is {MAX_KEY_LENGTH} characters)"
        )
    if key in RESERVED_KEYS:
        errors.append(f"Body data key '{key}' is reserved")
    return errors


def _value_errors(key: str, value: object) -> list[str]:
    label = f"Body data value for '{key}'"
    if value is None or isinstance(value, bool | int):
        return []
    if isinstance(value, float):
        return [] if math.isfinite(value) else [f"{label} is not a valid number"]
    if not isinstance(value, str):
        return [f"{label} must be a string, number, boolean or null"]
    if len(value) > MAX_STRING_LENGTH:
        return [f"{label} is too long (maximum is {MAX_STRING_LENGTH} characters)"]
    if not _is_encodable(value):
        return [f"{label} contains invalid characters"]
    if has_forbidden_content(value):
        return [f"{label} contains forbidden content (script tags, javascript: or data: URIs)"]
    if has_active_content(value):
        return [f"{label} contains forbidden content (event handlers, style or frame tags)"]
    return []


def body_data_errors(body_data: object) -> list[str]:
    """Every rule body_data breaks, as full messages; empty when it may be stored."""
    if not isinstance(body_data, Mapping):
        return ["Body data must be an object"]
    errors: list[str] = []
    if len(body_data) > MAX_KEYS:
        errors.append(f"Body data cannot have more than {MAX_KEYS} keys")
    for key, value in body_data.items():
        errors.extend(_key_errors(key))
        shown = _shown(key) if isinstance(key, str) else f"{key!s:.{MAX_KEY_LENGTH}}"
        errors.extend(_value_errors(shown, value))
    if not errors and encoded_size(body_data) > MAX_TOTAL_BYTES:
        errors.append("Body data is too large (maximum is 100 KB)")
    return errors
