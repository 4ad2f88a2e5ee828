"""Alembic driven from code: the package carries its migrations, no alembic.ini needed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
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
