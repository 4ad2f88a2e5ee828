from __future__ import annotations

import pytest

from tenantry.core.errors import ValidationFailed
from tenantry.core.ids import MAX_ID
from tenantry.core.inputs import Input, RowId, parse_input


class ItemIn(Input):
    product_id: RowId
    tag_ids: list[RowId] = []


@pytest.mark.parametrize("value", [1, "12", MAX_ID])
def test_a_body_id_that_can_exist_parses(value: int | str) -> None:
    assert parse_input(ItemIn, {"product_id": value}).product_id == int(value)


@pytest.mark.parametrize(
    "value", [0, -1, MAX_ID + 1, 10**30, 1e30, "0", "-7", "99999999999999999999999"]
)
def test_a_body_id_no_row_can_have_is_the_field_s_validation_error(value: int | str) -> None:
    with pytest.raises(ValidationFailed) as raised:
        parse_input(ItemIn, {"product_id": value, "tag_ids": [1, value]})

    assert raised.value.fields == {
        "product_id": ["The selected product id is invalid."],
        "tag_ids.1": ["The selected tag ids.1 is invalid."],
    }


@pytest.mark.parametrize("value", ["abc", "²", "\uff11\uff12", "1e3", "+1", " 1", "1_000", True])
def test_a_body_id_that_is_no_integer_says_so(value: str | bool) -> None:
    with pytest.raises(ValidationFailed) as raised:
        parse_input(ItemIn, {"product_id": value})

    assert raised.value.fields == {"product_id": ["The product id field must be an integer."]}
