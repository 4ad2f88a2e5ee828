"""The AsyncSession every unit of work uses: one statement at a time, whichever task asks.

GraphQL resolves sibling fields, and DataLoader batches, as concurrent tasks over the operation's
one session, and an AsyncSession refuses concurrent use. Each awaitable that talks to the
database takes the session's lock, so resolvers need no locking of their own.
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Awaitable, Callable
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

# Methods that run on the connection. scalars, stream_scalars and aclose call these themselves,
# so they are left alone (the lock is not reentrant).
SERIALIZED = (
    "execute",
    "scalar",
    "get",
    "get_one",
    "stream",
    "delete",
    "delete_all",
    "merge",
    "merge_all",
    "flush",
    "refresh",
    "run_sync",
    "connection",
    "commit",
    "rollback",
    "close",
    "reset",
    "invalidate",
)


class SerializedAsyncSession(AsyncSession):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._statement_lock = asyncio.Lock()


def _serialized(method: Callable[..., Awaitable[Any]]) -> Callable[..., Awaitable[Any]]:
    @functools.wraps(method)
    async def call(self: SerializedAsyncSession, *args: Any, **kwargs: Any) -> Any:
        async with self._statement_lock:
            return await method(self, *args, **kwargs)

    return call


for _name in SERIALIZED:
    setattr(SerializedAsyncSession, _name, _serialized(getattr(AsyncSession, _name)))
