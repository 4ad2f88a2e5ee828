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
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        include_object=include_object,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


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
