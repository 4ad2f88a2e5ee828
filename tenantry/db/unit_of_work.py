from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from tenantry.db.changes import READ_KEY, WRITTEN_KEY, TableStamps
from tenantry.db.scoping import SCOPE_KEY, SYSTEM

log = logging.getLogger(__name__)

AfterCommit = Callable[[], Awaitable[None]]


class UnitOfWork:
    """One transaction: a lazily opened session plus the side effects that wait for its commit.

    Resolvers only use `session` and `on_commit`; the edge (GraphQL view, REST endpoint, CLI)
    decides to commit or roll back.
    """

    def __init__(
        self,
        factory: async_sessionmaker[AsyncSession],
        *,
        tenant_id: int | None,
        broadcast: Any = None,
        stamps: TableStamps | None = None,
    ) -> None:
        self._factory = factory
        self.tenant_id = tenant_id
        self.broadcast = broadcast
        self.stamps = stamps
        self.tables_read: set[str] | None = None  # set before first use to record reads
        self._session: AsyncSession | None = None
        self._after_commit: list[AfterCommit] = []
        self.loaders: dict[str, Any] = {}

    @property
    def session(self) -> AsyncSession:
        if self._session is None:
            info: dict[str, Any] = {
                SCOPE_KEY: SYSTEM if self.tenant_id is None else self.tenant_id,
                "uow": self,
            }
            if self.tables_read is not None:
                info[READ_KEY] = self.tables_read
            self._session = self._factory(info=info)
        return self._session

    @property
    def wrote(self) -> bool:
        """Whether the transaction has written anything so far."""
        return self._session is not None and bool(self._session.info.get(WRITTEN_KEY))

    def after_commit(self, callback: AfterCommit) -> None:
        self._after_commit.append(callback)

    async def commit(self) -> None:
        if self._session is not None:
            await self._session.commit()
            written = self._session.info.pop(WRITTEN_KEY, None)
            if written and self.stamps is not None:
                self.stamps.changed(self.tenant_id, written)
        callbacks, self._after_commit = self._after_commit, []
        for callback in callbacks:
            try:
                await callback()
            except Exception:
                log.exception("after-commit callback failed")

    async def rollback(self) -> None:
        self._after_commit.clear()
        if self._session is not None:
            await self._session.rollback()
            self._session.info.pop(WRITTEN_KEY, None)

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None
        self.loaders.clear()

    async def __aenter__(self) -> UnitOfWork:
        return self

    async def __aexit__(self, exc_type: object, exc: object, tb: object) -> None:
        if exc_type is not None:
            await self.rollback()
        await self.close()


def on_commit(session: AsyncSession, callback: AfterCommit) -> None:
    """Run callback once the session's unit of work has committed; dropped on rollback."""
    uow: UnitOfWork = session.info["uow"]
    uow.after_commit(callback)
