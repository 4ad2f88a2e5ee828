"""Hostile values and bodies for the body fuzz tests: what a client can put where a value goes."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import strategies as st

NAN = float("nan")
INF = float("inf")

HOSTILE_SCALARS: list[Any] = [
    "\x00",
    "a\x00b",
    "\ud800",
    "x\udfffy",
    2**31,
    -(2**31) - 1,
    2**63,
    -(2**63) - 1,
    2**64 + 1,
    10**40,
    NAN,
    INF,
    -INF,
    "NaN",
    "Infinity",
    "-Infinity",
    1e308,
    -0.0,
    0.5,
    True,
    False,
    None,
    "",
    " ",
    "x" * 20_000,
    "<img src=x onerror=alert(1)>",
    "2030-13-45T99:99:99Z",
    [],
    {},
    ["a", 1],
    {"a": {"b": "c"}},
    {"\x00": 1},
    {"\ud800": "x"},
    {"k": ["\x00"]},
]


def nested(depth: int, *, array: bool) -> Any:
    value: Any = "leaf"
    for _ in range(depth):
        value = [value] if array else {"k": value}
    return value


hostile_values: st.SearchStrategy[Any] = st.one_of(
    st.sampled_from(HOSTILE_SCALARS),
    st.builds(nested, st.sampled_from([33, 40, 200]), array=st.booleans()),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
)


def encoded(value: Any) -> bytes:
    """JSON as a lax client writes it: NaN and Infinity as bare tokens, surrogates escaped."""
    return json.dumps(value, allow_nan=True).encode()


JSON = "application/json"
FORM = "application/x-www-form-urlencoded"
TEXT = "text/plain"

# Whole bodies that are not the object a route expects, with the content type they come with.
RAW_BODIES: list[tuple[bytes, str]] = [
    (b"", JSON),
    (b"   ", JSON),
    (b"null", JSON),
    (b"[]", JSON),
    (b"[1, 2]", JSON),
    (b'"text"', JSON),
    (b"42", JSON),
    (b"NaN", JSON),
    (b"Infinity", JSON),
    (b"true", JSON),
    (b"{", JSON),
    (b"{'a': 1}", JSON),
    (b'{"a": 1,}', JSON),
    (b"not json at all", JSON),
    (b"\xff\xfe\xfd", JSON),
    (b'{"a": "\xff"}', JSON),
    (b"[" * 100_000, JSON),
    (b'{"a":' * 5_000 + b"1" + b"}" * 5_000, JSON),
    (b"email=a%40example.com&password=x", FORM),
    (b"post[title]=x&post[content]=y", FORM),
    (b'{"email": "a@example.com"}', TEXT),
    (b"a=\x00", FORM),
]


def mutate(base: dict[str, Any], path: tuple[str, ...], value: Any) -> Any:
    """base with value put at path; an empty path replaces the whole body."""
    if not path:
        return value
    head, *rest = path
    inner = dict(base)
    current = inner.get(head)
    inner[head] = mutate(current if isinstance(current, dict) else {}, tuple(rest), value)
    return inner


def paths_of(body: dict[str, Any], prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every key path of body (objects only), plus one for an unknown key at each level."""
    found: list[tuple[str, ...]] = [(*prefix, "unexpected")]
    for key, value in body.items():
        found.append((*prefix, key))
        if isinstance(value, dict):
            found.extend(paths_of(value, (*prefix, key)))
    return found
