"""The fast path for plain scalar fields answers exactly what graphql-core's execution answers."""

from __future__ import annotations

import enum
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest
import strawberry
from strawberry.scalars import JSON

from tenantry.schema.execution import FastLeavesExecutionContext, leaf_fields


@strawberry.enum
class Colour(enum.Enum):
    RED = "red"
    BLUE = "blue"


async def _later() -> str:
    return "awaited"


@strawberry.type
class Child:
    name: str
    size: int | None


@strawberry.type
class Item:
    id: strawberry.ID
    name: str
    price: int
    ratio: float
    active: bool
    colour: Colour
    created_at: datetime
    options: JSON
    note: str | None
    required: str
    children: list[Child]
    lazy: str

    @strawberry.field
    def shout(self) -> str:
        return self.name.upper()

    @strawberry.field
    async def slow(self) -> int:
        return self.price * 2


def _item(**changes: Any) -> Item:
    values: dict[str, Any] = {
        "id": strawberry.ID("7"),
        "name": "Mug",
        "price": 1200,
        "ratio": 0.5,
        "active": True,
        "colour": Colour.RED,
        "created_at": datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC),
        "options": {"size": ["S", "M"]},
        "note": None,
        "required": "yes",
        "children": [Child(name="a", size=1), Child(name="b", size=None)],
        "lazy": "plain",
    }
    values.update(changes)
    return Item(**values)


ITEMS: list[Item] = []


@strawberry.type
class Query:
    @strawberry.field
    def items(self) -> list[Item]:
        return ITEMS

    @strawberry.field
    def item(self) -> Item | None:
        return ITEMS[0] if ITEMS else None


FAST = strawberry.Schema(query=Query, execution_context_class=FastLeavesExecutionContext)
STANDARD = strawberry.Schema(query=Query)

EVERYTHING = """
{ items { id name price ratio active colour createdAt options note required
          alias: name shout slow children { name size } } }
"""


async def _both(document: str, items: Callable[[], list[Item]]) -> tuple[Any, Any]:
    ITEMS[:] = items()
    fast = await FAST.execute(document)
    ITEMS[:] = items()
    standard = await STANDARD.execute(document)
    return fast, standard


def _answer(result: Any) -> tuple[Any, Any]:
    errors = [(e.message, e.path) for e in result.errors or []]
    return result.data, errors


async def test_same_answer_and_key_order_as_the_standard_execution() -> None:
    fast, standard = await _both(EVERYTHING, lambda: [_item(), _item(name="Cup", note="hot")])
    assert _answer(fast) == _answer(standard)
    assert fast.errors is None
    first = fast.data["items"][0]
    assert list(first) == [
        "id", "name", "price", "ratio", "active", "colour", "createdAt", "options", "note",
        "required", "alias", "shout", "slow", "children",
    ]  # fmt: skip
    assert first["colour"] == "RED"
    assert first["createdAt"] == "2026-01-02T03:04:05+00:00"
    assert first["options"] == {"size": ["S", "M"]}
    assert first["slow"] == 2400


async def test_null_for_a_non_null_field_is_the_standard_error() -> None:
    fast, standard = await _both("{ item { name required } }", lambda: [_item(required=None)])
    assert _answer(fast) == _answer(standard)
    assert fast.data == {"item": None}
    assert fast.errors[0].path == ["item", "required"]


async def test_a_value_the_scalar_refuses_is_the_standard_error() -> None:
    fast, standard = await _both("{ items { name price } }", lambda: [_item(price="lots")])
    assert _answer(fast) == _answer(standard)
    assert fast.data is None  # the list and its items are non-null: the null reaches the root
    assert "Int cannot represent" in fast.errors[0].message


async def test_an_awaitable_attribute_is_awaited_as_usual() -> None:
    fast, standard = await _both("{ items { lazy } }", lambda: [_item(lazy=_later())])
    assert _answer(fast) == _answer(standard)
    assert fast.data == {"items": [{"lazy": "awaited"}]}


def test_only_plain_leaf_attributes_take_the_fast_path() -> None:
    item_type = FAST._schema.get_type("Item")
    assert set(leaf_fields(item_type)) == {  # type: ignore[arg-type]
        "id", "name", "price", "ratio", "active", "colour", "createdAt", "options", "note",
        "required", "lazy",
    }  # fmt: skip


@pytest.mark.parametrize("document", ["{ items { name } }", "{ item { name note } }"])
async def test_small_documents_agree(document: str) -> None:
    fast, standard = await _both(document, lambda: [_item()])
    assert _answer(fast) == _answer(standard)
