"""The body_data validator: each rule, and properties over arbitrary JSON-like input."""

from __future__ import annotations

import json
import math
import string
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tenantry.resolvers.shop_posts.body_data import body_data_errors, has_forbidden_content

PROPERTIES = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
KEY_CHARS = string.ascii_letters + string.digits + "_-"
RESERVED = {"title", "content", "slug", "post_type", "category_id"}


def follows_every_rule(body_data: object) -> bool:
    """An independent reading of the seed's rules, written without the validator's code."""
    if not isinstance(body_data, dict) or len(body_data) > 50:
        return False
    for key, value in body_data.items():
        if not isinstance(key, str) or not 1 <= len(key) <= 100 or key in RESERVED:
            return False
        if any(char not in KEY_CHARS for char in key):
            return False
        if value is None or type(value) in (bool, int):
            continue
        if type(value) is float:
            if not math.isfinite(value):
                return False
            continue
        if type(value) is not str or len(value) > 1000 or "\x00" in value:
            return False
        plain = value.lower()
        squeezed = "".join(plain.split())
        if "<script" in squeezed or "javascript:" in squeezed:
            return False
        if squeezed.startswith("data:") or any(
            f"{before}data:" in squeezed for before in "\"'=(,;: <>"
        ):
            return False
    encoded = json.dumps(body_data, ensure_ascii=False, separators=(",", ":"))
    return len(encoded.encode("utf-8", "surrogatepass")) <= 100 * 1024


# --- strategies ---------------------------------------------------------------------------

FORBIDDEN = ["<script>alert(1)</script>", "javascript:alert(1)", "data:text/html,x", "<SCRIPT"]
good_keys = st.text(alphabet=KEY_CHARS, min_size=1, max_size=100)
any_keys = st.one_of(
    good_keys,
    st.sampled_from(sorted(RESERVED)),
    st.text(max_size=120),
    st.text(alphabet=KEY_CHARS, min_size=95, max_size=110),
)
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=50),
    st.builds(
        lambda text, n: (text * n)[:n], st.text(min_size=1, max_size=3), st.integers(990, 1010)
    ),
    st.builds(
        lambda char, n: char * n, st.sampled_from(["가", "😀", "\x01"]), st.integers(900, 1000)
    ),
    st.sampled_from(FORBIDDEN).map(lambda s: f"see {s}"),
)
json_like = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner),
    max_leaves=8,
)
body_datas = st.dictionaries(any_keys, json_like, max_size=55)


def _entity(char: str) -> str:
    return f"&#{ord(char)};"


@st.composite
def obfuscated(draw: st.DrawFn) -> str:
    """A forbidden token with case changes, invisible characters and HTML entities inside."""
    token = draw(st.sampled_from(["javascript:", "<script", "data:", "vbscript:"]))
    parts = []
    for char in token:
        char = char.upper() if draw(st.booleans()) else char
        if draw(st.integers(0, 4)) == 0:
            char = draw(st.sampled_from([_entity(char), f"&#x{ord(char):x};"]))
        parts.append(char)
        parts.append(draw(st.sampled_from(["", "", "\t", "\n", "\r", "\u200b", "&Tab;"])))
    # "x data:…" is text, not a URI: data: must begin the value or follow a non-letter.
    prefixes = ["", '<a href="', "url(", "src="] + ([] if token == "data:" else ["x "])
    prefix = draw(st.sampled_from(prefixes))
    return prefix + "".join(parts) + "alert(1)"


# --- rules ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body_data", "message"),
    [
        ({"invalid@key": "v"}, "Body data key 'invalid@key' contains invalid characters"),
        ({"": "v"}, "Body data key can't be blank"),
        ({"content": "v"}, "Body data key 'content' is reserved"),
        ({"a": float("inf")}, "Body data value for 'a' is not a valid number"),
        ({"a": "x\x00y"}, "Body data value for 'a' contains invalid characters"),
        ({"a": "\ud800"}, "Body data value for 'a' contains invalid characters"),
        ("text", "Body data must be an object"),
    ],
)
def test_messages(body_data: object, message: str) -> None:
    assert body_data_errors(body_data) == [message]


def test_every_broken_rule_is_reported() -> None:
    errors = body_data_errors({"bad key": "javascript:x", "title": [1]})
    assert errors == [
        "Body data key 'bad key' contains invalid characters",
        "Body data value for 'bad key' contains forbidden content "
        "(script tags, javascript: or data: URIs)",
        "Body data key 'title' is reserved",
        "Body data value for 'title' must be a string, number, boolean or null",
    ]


def test_fifty_keys_of_a_thousand_characters_each_may_pass_the_size_limit() -> None:
    assert body_data_errors({f"k{n}": "a" * 1000 for n in range(50)}) == []
    assert body_data_errors({f"k{n}": "😀" * 1000 for n in range(50)}) == [
        "Body data is too large (maximum is 100 KB)"
    ]


@pytest.mark.parametrize(
    "text",
    ["metadata: yes", "Update: new data: see below", "big data:", "javascript is fun", "a<b"],
)
def test_ordinary_text_is_not_forbidden(text: str) -> None:
    assert not has_forbidden_content(text)


@pytest.mark.parametrize(
    "text",
    [
        "<ScRiPt src=x>",
        "< script>",
        "java\tscript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "&#106;avascript:alert(1)",
        "&amp;#106;avascript:alert(1)",
        "javascript&colon;alert(1)",
        "\uff4a\uff41\uff56\uff41\uff53\uff43\uff52\uff49\uff50\uff54\uff1aalert(1)",
        '<img src="data:image/png;base64,AAAA">',
        "data:text/html,hi",
        "&lt;script&gt;",
    ],
)
def test_disguised_scripts_are_forbidden(text: str) -> None:
    assert has_forbidden_content(text)


# --- properties ----------------------------------------------------------------------------


@PROPERTIES
@given(json_like | body_datas)
def test_the_validator_never_crashes(value: Any) -> None:
    errors = body_data_errors(value)
    assert isinstance(errors, list)
    assert all(isinstance(message, str) and message for message in errors)


@PROPERTIES
@given(body_datas)
def test_nothing_the_rules_forbid_is_accepted(body_data: dict[Any, Any]) -> None:
    if not body_data_errors(body_data):
        assert follows_every_rule(body_data)


@PROPERTIES
@given(st.dictionaries(good_keys, obfuscated(), min_size=1, max_size=3))
def test_disguised_forbidden_tokens_are_rejected(body_data: dict[str, str]) -> None:
    errors = body_data_errors(body_data)
    assert any("forbidden content" in message for message in errors)


@PROPERTIES
@given(
    st.dictionaries(
        good_keys.filter(lambda key: key not in RESERVED),
        st.one_of(
            st.none(),
            st.booleans(),
            st.integers(),
            st.floats(allow_nan=False, allow_infinity=False),
            st.text(alphabet=string.ascii_letters + string.digits + " .,!?%", max_size=1000),
        ),
        max_size=50,
    )
)
def test_everything_the_rules_allow_is_accepted(body_data: dict[str, Any]) -> None:
    assert body_data_errors(body_data) == []
