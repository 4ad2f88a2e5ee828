from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tenantry.core.errors import NotFound, ValidationFailed
from tenantry.core.ids import (
    MAX_ID,
    as_id,
    as_prefixed_id,
    encode_prefixed,
    parse_cursor,
    parse_id,
    parse_reference,
)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1", 1),
        ("42", 42),
        (42, 42),
        (str(MAX_ID), MAX_ID),
        (str(MAX_ID + 1), None),
        ("99999999999999999999999", None),
        ("0", None),
        ("-1", None),
        (-1, None),
        ("", None),
        (" 1", None),
        ("1.0", None),
        ("²", None),
        ("١٢", None),
        ("abc", None),
        (True, None),
        (None, None),
        (1.0, None),
    ],
)
def test_only_ids_that_can_exist_parse(value: object, expected: int | None) -> None:
    assert as_id(value) == expected


def test_parse_id_names_the_missing_resource() -> None:
    with pytest.raises(NotFound, match="Post not found"):
        parse_id("²", "post")


@given(st.integers(min_value=1, max_value=MAX_ID))
def test_every_id_round_trips(number: int) -> None:
    assert parse_id(str(number)) == number
    assert as_prefixed_id("prod", encode_prefixed("prod", number)) == number


@given(st.text(max_size=30))
def test_any_text_is_an_id_or_nothing(text: str) -> None:
    number = as_id(text)
    assert number is None or (text.isascii() and 1 <= number <= MAX_ID)


@pytest.mark.parametrize(
    "value", ["prod", "prod_", "ord_1", "prod_01", "prod_-1", "prod_²", "prod_1_2", "_1", "1"]
)
def test_prefixed_ids_need_their_prefix_and_digits(value: str) -> None:
    assert as_prefixed_id("prod", value) is None


def test_parse_id_keeps_a_resource_s_own_message() -> None:
    with pytest.raises(NotFound, match=r"^Landing page not found$"):
        parse_id("0", "landing page", "Landing page not found")


@pytest.mark.parametrize("value", ["0", "-1", "abc", "²", str(MAX_ID + 1)])
def test_a_reference_no_row_can_have_is_invalid_like_a_missing_one(value: str) -> None:
    with pytest.raises(ValidationFailed) as raised:
        parse_reference(value, "member_id")

    assert raised.value.fields == {"member_id": ["The selected member id is invalid."]}


def test_a_reference_that_can_exist_parses() -> None:
    assert parse_reference("7", "member_id") == 7


@pytest.mark.parametrize(("value", "expected"), [("0", 0), ("1", 1), (str(MAX_ID), MAX_ID)])
def test_a_cursor_is_zero_or_an_id(value: str, expected: int) -> None:
    assert parse_cursor(value, "after") == expected


@pytest.mark.parametrize("value", ["-1", "00", "", " 1", "\u0661", str(MAX_ID + 1)])
def test_any_other_cursor_is_invalid(value: str) -> None:
    with pytest.raises(ValidationFailed) as raised:
        parse_cursor(value, "after")

    assert raised.value.fields == {"after": ["The after field must be an id."]}
