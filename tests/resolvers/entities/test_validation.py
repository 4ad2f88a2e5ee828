from __future__ import annotations

from typing import Any

import pytest

from tenantry.resolvers.entities import parse_schema
from tenantry.resolvers.entities.validation import Reference, check_data, merge

SCHEMA = parse_schema(
    {
        "fields": [
            {"name": "title", "type": "text", "required": True},
            {"name": "price", "type": "number"},
            {"name": "active", "type": "boolean"},
            {"name": "day", "type": "date"},
            {"name": "mail", "type": "email"},
            {"name": "site", "type": "url"},
            {"name": "size", "type": "select", "options": ["S", "M"]},
            {"name": "owner", "type": "relation", "entity": "people"},
        ]
    }
)


@pytest.mark.parametrize(
    ("field", "given", "stored"),
    [
        ("price", 10, 10),
        ("price", 10.25, 10.25),
        ("price", "-3.5", -3.5),
        ("price", "42", 42),
        ("active", False, False),
        ("active", "true", True),
        ("active", 0, False),
        ("day", "2024-02-29", "2024-02-29"),
        ("mail", " a@example.com ", "a@example.com"),
        ("site", "http://example.com/a?b=c", "http://example.com/a?b=c"),
        ("size", "M", "M"),
        ("owner", "7", 7),
        ("title", "  spaced  ", "  spaced  "),
    ],
)
def test_values_are_stored_in_their_type(field: str, given: Any, stored: Any) -> None:
    # when
    checked = check_data(SCHEMA, {"title": "t", field: given})

    # then
    assert checked.errors == {}
    assert checked.data[field] == stored
    assert type(checked.data[field]) is type(stored)


@pytest.mark.parametrize(
    ("field", "given", "message"),
    [
        ("title", 5, "The title field must be a string."),
        ("title", "x" * 65_536, "The title field must not be greater than 65535 characters."),
        ("price", True, "The price field must be a number."),
        ("price", float("nan"), "The price field must be a number."),
        (
            "price",
            10**16,
            "The price field must be between -1000000000000000 and 1000000000000000.",
        ),
        ("active", "yes", "The active field must be true or false."),
        ("active", 2, "The active field must be true or false."),
        ("day", "2024-13-01", "The day field must be a valid date."),
        ("day", "2024-01-01T10:00:00", "The day field must be a valid date."),
        ("mail", "a@", "The mail field must be a valid email address."),
        ("site", "ftp://example.com", "The site field must be a valid URL."),
        ("site", "https://", "The site field must be a valid URL."),
        ("size", "XL", "The selected size is invalid."),
        ("owner", 0, "The owner field must be an integer."),
        ("owner", 1.5, "The owner field must be an integer."),
    ],
)
def test_invalid_values_are_named(field: str, given: Any, message: str) -> None:
    # when
    checked = check_data(SCHEMA, {"title": "t", field: given})

    # then
    assert checked.errors == {field: [message]}


def test_null_and_empty_values_leave_a_field_out() -> None:
    # when
    checked = check_data(SCHEMA, {"title": "t", "price": None, "mail": "", "size": "  "})

    # then
    assert checked.errors == {}
    assert checked.data == {"title": "t"}


def test_a_required_field_may_not_be_blank() -> None:
    for blank in (None, "", "   "):
        assert check_data(SCHEMA, {"title": blank}).errors == {
            "title": ["The title field is required."]
        }


def test_relations_are_returned_for_the_database_check() -> None:
    # when
    checked = check_data(SCHEMA, {"title": "t", "owner": 3})

    # then
    assert checked.references == [Reference("owner", "people", 3)]


def test_stored_data_must_already_be_in_its_parsed_form() -> None:
    # when
    checked = check_data(SCHEMA, {"title": "t", "price": "42", "active": 1}, stored=True)

    # then
    assert checked.errors == {
        "price": ["The price field must be a number."],
        "active": ["The active field must be true or false."],
    }


def test_merge_replaces_given_keys_and_null_removes() -> None:
    assert merge({"a": 1, "b": 2, "c": 3}, {"a": 9, "b": None, "d": 4}) == {
        "a": 9,
        "c": 3,
        "d": 4,
    }
