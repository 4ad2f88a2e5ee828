"""A throwaway PostgreSQL database per run, migrated with the project's own migrations."""

from __future__ import annotations

import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

import asyncpg

from tenantry.config import Settings
from tenantry.db.database import Database
from tenantry.db.migrate import upgrade_engine

DEFAULT_SERVER = "postgresql://postgres@127.0.0.1:5432/postgres"


@dataclass(frozen=True)
class BenchDatabase:
    name: str
    dsn: str  # for asyncpg

    @property
    def sqlalchemy_url(self) -> str:
        return "postgresql+asyncpg://" + self.dsn.split("://", 1)[1]

    def settings(self) -> Settings:
        # The load comes from one address: the per-client socket cap would refuse it.
        return Settings(
            database_url=self.sqlalchemy_url,
            broadcast_url="memory://",
            environment="development",
            ws_max_per_client=100_000,
        )


def _with_database(server: str, name: str) -> str:
    scheme, _, rest = server.partition("://")
    authority = rest.split("/", 1)[0].split("?", 1)[0]
    return f"{scheme}://{authority}/{name}"


@asynccontextmanager
async def fresh_database(server: str = DEFAULT_SERVER) -> AsyncIterator[BenchDatabase]:
    """Creates bench_<random>, migrates it, and drops it again however the run ends."""
    server = server.replace("postgresql+asyncpg://", "postgresql://")
    if server.rstrip("/").count("/") < 3:
        server = _with_database(server, "postgres")
    name = f"bench_{secrets.token_hex(6)}"
    admin = await asyncpg.connect(server)
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()
    bench = BenchDatabase(name=name, dsn=_with_database(server, name))
    try:
        db = Database.from_settings(bench.settings())
        try:
            await upgrade_engine(db.engine)
        finally:
            await db.dispose()
        yield bench
    finally:
        admin = await asyncpg.connect(server)
        try:
            await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        finally:
            await admin.close()
