"""The checked-in migrations describe exactly the models."""

from __future__ import annotations

import warnings
from typing import Any

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlmodel import SQLModel

from tenantry.db.migrate import include_object
from tenantry.serving.services import Services


def _differences(connection: Any) -> list[Any]:
    context = MigrationContext.configure(
        connection,
        opts={"include_object": include_object, "compare_type": True},
    )
    with warnings.catch_warnings():
        # PostgreSQL expression indexes cannot be reflected; they are excluded by name anyway.
        warnings.simplefilter("ignore")
        return list(compare_metadata(context, SQLModel.metadata))


async def test_models_and_migrations_do_not_differ(services: Services) -> None:
    async with services.db.engine.connect() as connection:
        differences = await connection.run_sync(_differences)
    assert differences == [], "models changed without a migration: run `make migration MESSAGE='…'`"


async def test_migrations_reach_a_single_head() -> None:
    from alembic.script import ScriptDirectory

    from tenantry.db.migrate import alembic_config

    heads = ScriptDirectory.from_config(alembic_config()).get_heads()
    assert len(heads) == 1
