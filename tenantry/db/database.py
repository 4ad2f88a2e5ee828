from __future__ import annotations

from typing import Any

from sqlalchemy import event, text
from sqlalchemy.engine import Engine
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from tenantry.config import Settings
from tenantry.db.changes import TableStamps
from tenantry.db.scoping import TenantSession
from tenantry.db.session import SerializedAsyncSession
from tenantry.db.unit_of_work import UnitOfWork


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the driver, begin transactions, so that BEGIN IMMEDIATE below
        # takes the write lock up front: writers queue on busy_timeout instead of failing.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def create_engine(settings: Settings) -> AsyncEngine:
    url = settings.database_url
    if url.startswith("sqlite"):
        engine = create_async_engine(url, connect_args={"timeout": 30})
        _configure_sqlite(engine.sync_engine)
        return engine
    return create_async_engine(
        url,
        pool_size=settings.database_pool_size,
        max_overflow=settings.database_pool_size * 2,
        pool_pre_ping=False,
    )


class Database:
    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self.broadcast: Any = None  # set by Services; events published after commit go here
        self.stamps = TableStamps()  # when each tenant's tables last changed, by this process
        self.sessions: async_sessionmaker[AsyncSession] = async_sessionmaker(
            engine,
            class_=SerializedAsyncSession,
            expire_on_commit=False,
            sync_session_class=TenantSession,
        )

    @classmethod
    def from_settings(cls, settings: Settings) -> Database:
        return cls(create_engine(settings))

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def unit(self, tenant_id: int | None) -> UnitOfWork:
        """A unit of work scoped to tenant_id; None means a system unit that sees every tenant."""
        return UnitOfWork(
            self.sessions, tenant_id=tenant_id, broadcast=self.broadcast, stamps=self.stamps
        )

    async def ping(self) -> None:
        async with self.engine.connect() as connection:
            await connection.execute(text("SELECT 1"))

    async def dispose(self) -> None:
        await self.engine.dispose()
