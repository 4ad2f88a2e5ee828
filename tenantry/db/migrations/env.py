from __future__ import annotations

import asyncio
from typing import Any

from alembic import context
from sqlalchemy.engine import Connection
from sqlmodel import SQLModel

import tenantry.models  # noqa: F401  (registers every table)
from tenantry.config import Settings
from tenantry.db.database import create_engine
from tenantry.db.migrate import include_object

target_metadata = SQLModel.metadata


def _run(connection: Connection) -> None:
    sqlite = connection.dialect.name == "sqlite"
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=sqlite,
        include_object=include_object,
        compare_type=True,
    )
    if not sqlite:
        with context.begin_transaction():
            context.run_migrations()
        return
    # SQLite rebuilds a table to alter it (copy, drop, rename); with foreign keys on, the drop
    # deletes the old rows first and cascades into every table that references them. The pragma
    # is a no-op inside a transaction, so it is set on the driver's connection before one begins.
    _pragma(connection, "PRAGMA foreign_keys=OFF")
    try:
        with context.begin_transaction():
            context.run_migrations()
            broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            if broken:
                raise RuntimeError(f"the migration left rows whose references are gone: {broken}")
        # SQLite's DDL is not run in alembic's transaction: the work is committed here, so that
        # the pragma below, a no-op inside a transaction, turns the checks back on.
        if connection.in_transaction():
            connection.commit()
    except BaseException:
        if connection.in_transaction():
            connection.rollback()
        raise
    finally:
        _pragma(connection, "PRAGMA foreign_keys=ON")


def _pragma(connection: Connection, statement: str) -> None:
    cursor = connection.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.execute(statement)
    finally:
        cursor.close()


async def _run_async(settings: Settings) -> None:
    engine = create_engine(settings)
    async with engine.connect() as connection:
        await connection.run_sync(_run)
        await connection.commit()
    await engine.dispose()


def main() -> None:
    attributes: dict[str, Any] = context.config.attributes
    connection = attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    settings = attributes.get("settings") or Settings()
    asyncio.run(_run_async(settings))


main()
