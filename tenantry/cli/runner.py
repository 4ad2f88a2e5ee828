"""What every command runs on: one unit of work or database, and failures without tracebacks."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from tenantry.config import Settings
from tenantry.core.errors import DomainError, ValidationFailed
from tenantry.db.database import Database
from tenantry.db.unit_of_work import UnitOfWork
from tenantry.realtime.table_changes import announce_changes, collect_changes

T = TypeVar("T")
UnitJob = Callable[[UnitOfWork], Awaitable[Any]]


class CommandFailed(Exception):
    """A failure to report on stderr without a traceback, exiting with exit_code."""

    def __init__(self, message: str, *, exit_code: int = 1) -> None:
        super().__init__(message)
        self.exit_code = exit_code


def run_unit(settings: Settings, job: UnitJob) -> Any:
    """Runs job in one system unit of work and commits it; anything raised rolls it back."""

    async def in_unit(db: Database) -> Any:
        async with db.unit(None) as uow:
            result = await job(uow)
            await uow.commit()
        return result

    return run_db(settings, in_unit)


def run_db(settings: Settings, job: Callable[[Database], Awaitable[T]]) -> T:
    async def run() -> T:
        db = Database.from_settings(settings)
        changed = collect_changes(db.stamps)
        try:
            result = await job(db)
        finally:
            await db.dispose()
        await announce_changes(settings.resolved_broadcast_url, changed)
        return result

    return asyncio.run(run())


def pk(value: int | None) -> int:
    assert value is not None
    return value


def describe(exc: DomainError) -> str:
    if isinstance(exc, ValidationFailed) and exc.fields:
        details = "; ".join(
            f"{field}: {' '.join(messages)}" for field, messages in exc.fields.items()
        )
        return f"{exc.message} {details}"
    return exc.message


def redact(url: str) -> str:
    scheme, sep, rest = url.partition("://")
    credentials, at, host = rest.rpartition("@")
    if not at:
        return url
    user = credentials.split(":", 1)[0]
    return f"{scheme}{sep}{user}:***@{host}" if ":" in credentials else url


def first_line(exc: BaseException) -> str:
    text = str(getattr(exc, "orig", None) or exc)
    return text.strip().splitlines()[0] if text.strip() else type(exc).__name__


def fail(message: str) -> None:
    print(f"tenantry: error: {message}", file=sys.stderr)
