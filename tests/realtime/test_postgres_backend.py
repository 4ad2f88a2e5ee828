"""broadcaster's own PostgresBackend against ours, on a real PostgreSQL server."""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import AsyncIterator

import asyncpg
import pytest
from broadcaster import Broadcast

from tenantry.realtime import channels
from tenantry.realtime.broadcast import create_broadcast
from tests.realtime.conftest import new_tenant_id
from tests.realtime.support import events, next_event, until


@pytest.fixture
async def pg_admin(pg_broadcast_url: str) -> AsyncIterator[asyncpg.Connection]:
    conn = await asyncpg.connect(pg_broadcast_url)
    yield conn
    await conn.close()


async def test_upstream_backend_loses_concurrent_publishes(pg_broadcast_url: str) -> None:
    # given: broadcaster 0.3.1's PostgresBackend, one connection shared without a lock
    channel = channels.blog(new_tenant_id())
    async with Broadcast(pg_broadcast_url) as broadcast:
        # when: two requests commit, and publish, at the same moment
        outcomes = await asyncio.gather(
            broadcast.publish(channel, "a"), broadcast.publish(channel, "b"), return_exceptions=True
        )
    # then: asyncpg refuses the second operation while the first is in flight
    assert [type(outcome) for outcome in outcomes] == [type(None), asyncpg.InterfaceError]


async def test_fixed_backend_takes_concurrent_publishes(pg_broadcast_url: str) -> None:
    # given
    channel = channels.blog(new_tenant_id())
    async with (
        create_broadcast(pg_broadcast_url) as broadcast,
        broadcast.subscribe(channel) as subscriber,
    ):
        # when
        await asyncio.gather(broadcast.publish(channel, "a"), broadcast.publish(channel, "b"))
        # then
        received = await events(subscriber, 2)
    assert sorted(event.message for event in received) == ["a", "b"]


async def test_fixed_backend_listens_again_after_its_connection_is_terminated(
    pg_broadcast_url: str, pg_admin: asyncpg.Connection
) -> None:
    # given: a subscriber whose connection carries a name we can find
    name = f"tenantry-test-{secrets.token_hex(4)}"
    channel = channels.blog(new_tenant_id())
    async with (
        create_broadcast(f"{pg_broadcast_url}?application_name={name}") as broadcast,
        broadcast.subscribe(channel) as subscriber,
    ):
        (killed,) = await backend_pids(pg_admin, name)
        # when: the server ends that session, as a restart or failover would
        assert await pg_admin.fetchval("SELECT pg_terminate_backend($1)", killed)

        async def listening_again() -> bool:
            return bool(set(await backend_pids(pg_admin, name, listening=True)) - {killed})

        await until(listening_again)
        await pg_admin.execute("SELECT pg_notify($1, $2)", channel, "from elsewhere")
        # then: the new session LISTENs again
        assert (await next_event(subscriber)).message == "from elsewhere"


async def backend_pids(
    admin: asyncpg.Connection, name: str, *, listening: bool = False
) -> list[int]:
    """Sessions of name; listening: only those whose last statement, finished, was a LISTEN."""
    rows = await admin.fetch(
        "SELECT pid, state, query FROM pg_stat_activity WHERE application_name = $1", name
    )
    return [
        int(row["pid"])
        for row in rows
        if not listening or (row["state"] == "idle" and row["query"].startswith("LISTEN"))
    ]
