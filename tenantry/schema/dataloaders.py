"""Per-operation DataLoaders that batch by key over the operation's session.

Batches of one operation run as concurrent tasks on its one session; the session serializes
their statements itself (tenantry/db/session.py).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Hashable, Mapping
from typing import TypeVar

from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.dataloader import DataLoader

from tenantry.schema.context import GraphQLContext

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")
Fetch = Callable[[AsyncSession, list[K]], Awaitable[Mapping[K, V]]]


def batch_loader(
    context: GraphQLContext, name: str, fetch: Fetch[K, V], missing: V
) -> DataLoader[K, V]:
    """The operation's loader called name; fetch maps keys to values, absent keys get missing."""

    def build(session: AsyncSession) -> DataLoader[K, V]:
        async def load(keys: list[K]) -> list[V]:
            found = await fetch(session, keys)
            return [found.get(key, missing) for key in keys]

        return DataLoader(load_fn=load)

    return context.loader(name, build)


def forget(context: GraphQLContext, *names: str) -> None:
    """After a write, later reads in the same operation must not see cached values."""
    for name in names:
        context.uow.loaders.pop(name, None)
