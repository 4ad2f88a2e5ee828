"""The same JSON filter returns the same records on SQLite and PostgreSQL.

Every case runs on both backends against one messy data set (numbers stored as JSON numbers,
missing keys, nulls, wrong JSON types, unicode) and is compared with the answer computed here in
Python from the data set, so both databases must agree with one definition.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from sqlmodel import col, select

from tenantry.db.json_filters import JsonKind, Op, condition, prepare, simple_lower, sort_keys
from tenantry.models.entities import Entity, EntityRecord
from tenantry.serving.services import Services
from tests.conftest import Factory, TenantFixture

ROWS: list[dict[str, Any]] = [
    {"name": "Apple", "price": 10, "rating": 4.5, "active": True, "born": "2024-01-15"},
    {"name": "apple pie", "price": 10.0, "active": False, "born": "2023-12-31"},
    {"name": "Äpfel", "price": -3, "active": True, "born": "2024-02-29"},
    {"name": "ÄPFEL GRÜN", "price": 0, "born": "2024-01-01"},
    {"name": "Жёлтый", "price": 2.5, "active": False},
    {"name": "한국어 텍스트", "price": 1000000},
    {"name": "100% pure_", "price": 99.99, "born": "not a date"},
    {"name": None, "price": None, "active": None, "born": None},
    {},
    {"name": 42, "price": "10", "active": "true", "born": 20240115},
    {"name": ["Apple"], "price": [10], "active": [True], "born": ["2024-01-15"]},
    {"name": {"v": "Apple"}, "price": {"v": 10}, "active": {"v": True}},
    {"name": "İstanbul", "price": 0.1, "active": True, "born": "2024-1-5"},
    {"name": "Σίσυφος", "price": 0.30000000000000004},
    {"name": "apple", "price": 1e15, "born": "2025-06-30"},
    {"name": "", "price": -0.0, "active": False},
    {"name": "a%b", "price": 7, "born": "2024-01-15"},
    {"name": "a_b", "price": 3},
    {"name": "Banana", "price": 3, "active": True, "born": "2024-01-15"},
    {"name": "banana", "price": 1, "active": 1},
]

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def typed(row: dict[str, Any], key: str, kind: JsonKind) -> Any:
    """The stored value when its JSON type fits kind, as both databases must see it."""
    value = row.get(key)
    if kind is JsonKind.NUMBER:
        ok = isinstance(value, int | float) and not isinstance(value, bool)
    elif kind is JsonKind.BOOLEAN:
        ok = isinstance(value, bool)
    elif kind is JsonKind.DATE:
        ok = isinstance(value, str) and _DATE.fullmatch(value) is not None
    else:
        ok = isinstance(value, str)
    return value if ok else None


def expected(row: dict[str, Any], key: str, kind: JsonKind, op: Op, value: Any) -> bool:
    stored = typed(row, key, kind)
    if op is Op.IN:
        return any(expected(row, key, kind, Op.EQ, item) for item in value)
    if op is Op.NE:
        return not expected(row, key, kind, Op.EQ, value)
    if stored is None:
        return False
    if op is Op.EQ:
        return bool(stored == value)
    if op is Op.CONTAINS:
        return simple_lower(value) in (simple_lower(stored) or "")
    compare: dict[Op, Callable[[Any, Any], bool]] = {
        Op.GT: lambda a, b: a > b,
        Op.GTE: lambda a, b: a >= b,
        Op.LT: lambda a, b: a < b,
        Op.LTE: lambda a, b: a <= b,
    }
    return compare[op](stored, value)


CASES: list[tuple[str, JsonKind, Op, Any]] = [
    ("name", JsonKind.TEXT, Op.EQ, "Apple"),
    ("name", JsonKind.TEXT, Op.EQ, "apple"),
    ("name", JsonKind.TEXT, Op.EQ, ""),
    ("name", JsonKind.TEXT, Op.EQ, "Жёлтый"),
    ("name", JsonKind.TEXT, Op.NE, "Apple"),
    ("name", JsonKind.TEXT, Op.IN, ["Apple", "Banana", "nope"]),
    ("name", JsonKind.TEXT, Op.IN, []),
    ("name", JsonKind.TEXT, Op.CONTAINS, "APPLE"),
    ("name", JsonKind.TEXT, Op.CONTAINS, "äpf"),
    ("name", JsonKind.TEXT, Op.CONTAINS, "GRÜN"),
    ("name", JsonKind.TEXT, Op.CONTAINS, "ЖЁЛ"),
    ("name", JsonKind.TEXT, Op.CONTAINS, "istanbul"),
    ("name", JsonKind.TEXT, Op.CONTAINS, "ΣΊΣΥ"),
    ("name", JsonKind.TEXT, Op.CONTAINS, "국어"),
    ("name", JsonKind.TEXT, Op.CONTAINS, "%"),
    ("name", JsonKind.TEXT, Op.CONTAINS, "_"),
    ("name", JsonKind.TEXT, Op.CONTAINS, "a%"),
    ("name", JsonKind.TEXT, Op.CONTAINS, ""),
    ("price", JsonKind.NUMBER, Op.EQ, 10),
    ("price", JsonKind.NUMBER, Op.EQ, 10.0),
    ("price", JsonKind.NUMBER, Op.EQ, 0),
    ("price", JsonKind.NUMBER, Op.EQ, 0.1),
    ("price", JsonKind.NUMBER, Op.EQ, 0.30000000000000004),
    ("price", JsonKind.NUMBER, Op.NE, 10),
    ("price", JsonKind.NUMBER, Op.GT, 0),
    ("price", JsonKind.NUMBER, Op.GTE, 0),
    ("price", JsonKind.NUMBER, Op.LT, 0),
    ("price", JsonKind.NUMBER, Op.LTE, 2.5),
    ("price", JsonKind.NUMBER, Op.GT, 0.3),
    ("price", JsonKind.NUMBER, Op.GT, 999999.99),
    ("price", JsonKind.NUMBER, Op.GTE, 1e15),
    ("price", JsonKind.NUMBER, Op.LT, -1),
    ("price", JsonKind.NUMBER, Op.IN, [10, 3, 7]),
    ("rating", JsonKind.NUMBER, Op.LTE, 5),
    ("active", JsonKind.BOOLEAN, Op.EQ, True),
    ("active", JsonKind.BOOLEAN, Op.EQ, False),
    ("active", JsonKind.BOOLEAN, Op.NE, True),
    ("active", JsonKind.BOOLEAN, Op.IN, [True, False]),
    ("born", JsonKind.DATE, Op.EQ, "2024-01-15"),
    ("born", JsonKind.DATE, Op.NE, "2024-01-15"),
    ("born", JsonKind.DATE, Op.GT, "2024-01-01"),
    ("born", JsonKind.DATE, Op.GTE, "2024-01-01"),
    ("born", JsonKind.DATE, Op.LT, "2024-01-01"),
    ("born", JsonKind.DATE, Op.LTE, "2024-02-29"),
    ("born", JsonKind.DATE, Op.IN, ["2024-01-15", "2025-06-30"]),
    ("missing", JsonKind.TEXT, Op.EQ, "x"),
    ("missing", JsonKind.TEXT, Op.NE, "x"),
    ("missing", JsonKind.NUMBER, Op.GT, 0),
]


async def dataset(services: Services, tenant: TenantFixture) -> tuple[int, list[int]]:
    async with services.db.unit(tenant.id) as uow:
        entity = Entity(slug="items", name="Items")
        uow.session.add(entity)
        await uow.session.flush()
        assert entity.id is not None
        records = [EntityRecord(entity_id=entity.id, data=row) for row in ROWS]
        uow.session.add_all(records)
        await uow.session.flush()
        await uow.commit()
    return entity.id, [record.id for record in records if record.id is not None]


def case_id(case: tuple[str, JsonKind, Op, Any]) -> str:
    key, kind, op, value = case
    return f"{key}-{kind}-{op}-{value!r}"


@pytest.mark.parametrize("case", CASES, ids=[case_id(case) for case in CASES])
async def test_filter_matches_the_python_definition(
    services: Services, factory: Factory, case: tuple[str, JsonKind, Op, Any]
) -> None:
    # given
    key, kind, op, value = case
    tenant = await factory.tenant()
    entity_id, ids = await dataset(services, tenant)
    want = [i for i, row in zip(ids, ROWS, strict=True) if expected(row, key, kind, op, value)]

    # when
    async with services.db.unit(tenant.id) as uow:
        await prepare(uow.session)
        where = condition(
            services.db.dialect, col(EntityRecord.data), key=key, kind=kind, op=op, value=value
        )
        found = await uow.session.scalars(
            select(EntityRecord.id)
            .where(col(EntityRecord.entity_id) == entity_id, where)
            .order_by(col(EntityRecord.id))
        )

    # then
    assert list(found) == want


SORTS = [
    ("name", JsonKind.TEXT),
    ("price", JsonKind.NUMBER),
    ("active", JsonKind.BOOLEAN),
    ("born", JsonKind.DATE),
]


def sort_key(row: dict[str, Any], key: str, kind: JsonKind) -> Any:
    value = typed(row, key, kind)
    if kind is JsonKind.TEXT and value is not None:
        return (simple_lower(value), value)
    return value


@pytest.mark.parametrize("descending", [False, True], ids=["asc", "desc"])
@pytest.mark.parametrize(("key", "kind"), SORTS, ids=[key for key, _ in SORTS])
async def test_sort_matches_the_python_definition(
    services: Services, factory: Factory, key: str, kind: JsonKind, descending: bool
) -> None:
    # given
    tenant = await factory.tenant()
    entity_id, ids = await dataset(services, tenant)
    rows = list(zip(ids, ROWS, strict=True))
    present = [
        (i, sort_key(row, key, kind)) for i, row in rows if typed(row, key, kind) is not None
    ]
    present.sort(key=lambda item: item[0])
    present.sort(key=lambda item: item[1], reverse=descending)
    absent = [i for i, row in rows if typed(row, key, kind) is None]
    want = [i for i, _ in present] + absent

    # when
    async with services.db.unit(tenant.id) as uow:
        await prepare(uow.session)
        terms = sort_keys(
            services.db.dialect, col(EntityRecord.data), key=key, kind=kind, descending=descending
        )
        found = await uow.session.scalars(
            select(EntityRecord.id)
            .where(col(EntityRecord.entity_id) == entity_id)
            .order_by(*terms, col(EntityRecord.id))
        )

    # then
    assert list(found) == want


async def test_conditions_never_reach_another_tenant(services: Services, factory: Factory) -> None:
    # given
    tenant = await factory.tenant()
    other = await factory.tenant()
    _, own = await dataset(services, tenant)
    await dataset(services, other)

    # when
    async with services.db.unit(tenant.id) as uow:
        where = condition(
            services.db.dialect,
            col(EntityRecord.data),
            key="name",
            kind=JsonKind.TEXT,
            op=Op.NE,
            value="nothing",
        )
        found = await uow.session.scalars(
            select(EntityRecord.id).where(where).order_by(col(EntityRecord.id))
        )

    # then
    assert list(found) == own


def test_simple_lower_folds_one_character_at_a_time() -> None:
    assert simple_lower("İSTANBUL ÄΣ") == "istanbul äσ"
    assert simple_lower(None) is None
