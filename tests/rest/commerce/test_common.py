"""Dialect B helpers: prefixed ids and list paging."""

from __future__ import annotations

import pytest

from tenantry.core.errors import NotFound
from tenantry.core.pagination import Page
from tenantry.rest.commerce.common import (
    NoSuchObject,
    decode_id,
    list_envelope,
    page_envelope,
)


def test_decode_id() -> None:
    assert decode_id("prod", "prod_123") == 123


@pytest.mark.parametrize(
    "value",
    [
        "123",
        "prod_",
        "prod_abc",
        "prod_-1",
        "prod_0",
        "prod_012",
        "ord_1",
        "prod_1 ",
        "prod_" + "9" * 20,
        "prod_2147483648",
        "prod_²",
        "prod_\uff11\uff12",
    ],
)
def test_malformed_ids_are_missing_objects(value: str) -> None:
    with pytest.raises(NoSuchObject) as raised:
        decode_id("prod", value)

    assert isinstance(raised.value, NotFound)
    assert (raised.value.message, raised.value.param, raised.value.code) == (
        f"No such product: '{value}'",
        "id",
        "resource_missing",
    )


def test_list_envelope() -> None:
    assert list_envelope([{"id": "prod_1"}], has_more=True, total=5) == {
        "data": [{"id": "prod_1"}],
        "has_more": True,
        "total": 5,
    }


@pytest.mark.parametrize(("page", "has_more"), [(1, True), (2, True), (3, False)])
def test_has_more_means_rows_after_this_page(page: int, has_more: bool) -> None:
    found: Page[object] = Page(items=[], page=page, per_page=2, total=5)

    assert page_envelope(found, [])["has_more"] is has_more
