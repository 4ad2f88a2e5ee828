"""Alembic driven from code: the package carries its migrations, no alembic.ini needed."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text
from sqlalchemy.ext.asyncio import AsyncEngine

from tenantry.config import Settings

MIGRATIONS = Path(__file__).parent / "migrations"

# Objects that exist only in migrations (full-text machinery per database) and that
# autogenerate cannot describe from the models.
MIGRATION_ONLY = frozenset({"blog_post_fts", "ix_blog_post_search", "ex_reservation_staff_time"})


def include_object(
    obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any
) -> bool:
    if name in MIGRATION_ONLY:
        return False
    return not (name or "").startswith("blog_post_fts")


def alembic_config(settings: Settings | None = None, connection: Any = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["settings"] = settings
    config.attributes["connection"] = connection
    return config


@cache
def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


VERSION_TABLE = "alembic_version"


async def current_revision(engine: AsyncEngine) -> str | None:
    """The revision the database is at; None for a database never migrated."""

    def _current(connection: Any) -> str | None:
        # Read directly rather than through a MigrationContext, which logs two info lines per
        # call: /readyz asks on every load balancer check.
        if not inspect(connection).has_table(VERSION_TABLE):
            return None
        found = connection.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).scalar()
        return str(found) if found is not None else None

    async with engine.connect() as connection:
        return await connection.run_sync(_current)


async def behind_head(engine: AsyncEngine) -> str | None:
    """Why the database cannot be served (one line), or None when it is at the head."""
    current, head = await current_revision(engine), head_revision()
    if current == head:
        return None
    if current is None:
        return "the database has never been migrated: run `tenantry migrate`"
    return f"the database is at revision {current}, not {head}: run `tenantry migrate`"


def upgrade(settings: Settings, revision: str = "head") -> None:
    command.upgrade(alembic_config(settings), revision)


async def upgrade_engine(engine: AsyncEngine, revision: str = "head") -> None:
    def _upgrade(connection: Any) -> None:
        command.upgrade(alembic_config(connection=connection), revision)

    async with engine.connect() as connection:
        await connection.run_sync(_upgrade)
        await connection.commit()


def make_migration(settings: Settings, message: str) -> None:
    command.revision(alembic_config(settings), message=message, autogenerate=True)
