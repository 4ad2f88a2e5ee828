from __future__ import annotations

import pytest

from tenantry.core.errors import ValidationFailed
from tenantry.db.json_filters import Op
from tenantry.resolvers.entities import RecordFilter, RecordSort, parse_sort, query_filters


def test_query_parameters_become_filters() -> None:
    # given
    items = [
        ("filter[status]", "active"),
        ("filter[price][GTE]", "10"),
        ("filter[tag][in]", "a,b,,c"),
        ("filter[size][in][]", "S,M"),
        ("filter[size][in][]", "L"),
        ("page", "2"),
        ("filters[x]", "ignored"),
    ]

    # when
    found = query_filters(items)

    # then
    assert found == [
        RecordFilter("status", Op.EQ, "active"),
        RecordFilter("price", Op.GTE, "10"),
        RecordFilter("tag", Op.IN, ["a", "b", "c"]),
        RecordFilter("size", Op.IN, ["S,M", "L"]),
    ]


def test_an_unknown_operator_is_named() -> None:
    with pytest.raises(ValidationFailed) as caught:
        query_filters([("filter[price][between]", "1")])
    assert caught.value.fields == {
        "filter.price": ["The filter.price operator between is invalid."]
    }


def test_sort_reads_directions_in_order() -> None:
    assert parse_sort("-price, name,+created_at") == (
        RecordSort("price", descending=True),
        RecordSort("name"),
        RecordSort("created_at"),
    )


def test_no_sort_means_newest_first() -> None:
    assert parse_sort(None) == (RecordSort("created_at", descending=True),)
    assert parse_sort(" , ") == (RecordSort("created_at", descending=True),)
