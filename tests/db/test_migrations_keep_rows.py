"""Upgrading a SQLite database that holds rows keeps them.

SQLite cannot alter a column, so a migration rebuilds the table (copy, drop, rename). With
foreign keys enforced, dropping the old table deletes its rows first and cascades: every
refund of the rebuilt `payment` table would go. Migrations therefore run with foreign keys off
and check them before they are turned back on.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy.ext.asyncio import create_async_engine

from tenantry.db.database import _configure_sqlite
from tenantry.db.migrate import upgrade_engine

BEFORE_PAYMENT_REBUILD = "6b1efa903e50"

_SAMPLE = {"INTEGER": 1, "BOOLEAN": 0, "JSON": "{}", "DATETIME": "2026-01-01 00:00:00"}


def _insert(db: sqlite3.Connection, table: str, **given: Any) -> None:
    """One row: the values given, and a plain value for every other required column."""
    values = dict(given)
    for _, name, kind, notnull, default, _ in db.execute(f'PRAGMA table_info("{table}")'):
        if name not in values and notnull and default is None:
            values[name] = _SAMPLE.get(kind, "x")
    names = ", ".join(f'"{name}"' for name in values)
    marks = ", ".join("?" for _ in values)
    db.execute(f'INSERT INTO "{table}" ({names}) VALUES ({marks})', list(values.values()))


async def _upgrade(path: Path, revision: str) -> None:
    engine = create_async_engine(f"sqlite+aiosqlite:///{path}")
    _configure_sqlite(engine.sync_engine)
    await upgrade_engine(engine, revision)
    async with engine.connect() as connection:
        enforced = await connection.exec_driver_sql("PRAGMA foreign_keys")
        assert enforced.scalar() == 1, "the pool's connection keeps its foreign keys on"
    await engine.dispose()


async def test_rebuilding_payment_keeps_its_refunds(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    await _upgrade(path, BEFORE_PAYMENT_REBUILD)
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA foreign_keys=ON")
        _insert(db, "tenant", id=1, slug="old-shop")
        _insert(db, "orders", id=1, tenant_id=1)
        _insert(db, "payment", id=1, tenant_id=1, order_id=1, amount=500, amount_refunded=200)
        _insert(db, "refund", id=1, tenant_id=1, payment_id=1, order_id=1, amount=200)
    await _upgrade(path, "head")
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT id, amount FROM payment").fetchall() == [(1, 500)]
        assert db.execute("SELECT id, payment_id, amount FROM refund").fetchall() == [(1, 1, 200)]
