"""Real pub/sub servers for the broadcaster tests; these tests need no app, so they run once."""

from __future__ import annotations

import secrets
from collections.abc import AsyncIterator

import pytest
from redis import asyncio as redis
from redis.exceptions import RedisError

from tenantry.realtime.broadcast import postgres_dsn
from tests.conftest import REDIS_URL, require_service


async def _redis_available() -> bool:
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=3)
    try:
        return bool(await client.ping())
    except (RedisError, OSError):
        return False
    finally:
        await client.aclose()


@pytest.fixture(scope="session")
async def redis_url() -> str:
    require_service("Redis", await _redis_available())
    return REDIS_URL


@pytest.fixture
async def redis_admin(redis_url: str) -> AsyncIterator[redis.Redis]:
    client = redis.Redis.from_url(redis_url, decode_responses=True)
    yield client
    await client.aclose()


@pytest.fixture(scope="session")
def pg_broadcast_url(postgres_url: str) -> str:
    """broadcaster's form of the test database: postgres://user@host:port/db."""
    return postgres_dsn(postgres_url)


@pytest.fixture(params=["memory", "postgres", "redis"])
def broadcast_url(request: pytest.FixtureRequest) -> str:
    if request.param == "memory":
        return "memory://"
    if request.param == "postgres":
        return str(request.getfixturevalue("pg_broadcast_url"))
    return str(request.getfixturevalue("redis_url"))


def new_tenant_id() -> int:
    """Redis pub/sub is server-wide, so every test works in channels no one else uses."""
    return 10**9 + secrets.randbelow(10**9)
