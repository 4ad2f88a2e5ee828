from __future__ import annotations

from urllib.parse import urlsplit

from broadcaster import Broadcast

POSTGRES_SCHEMES = ("postgres", "postgresql", "postgresql+asyncpg")


def create_broadcast(url: str) -> Broadcast:
    """The broadcaster for url; redis:// and postgres:// go through our fixed backends."""
    scheme = urlsplit(url).scheme
    if scheme in ("redis", "rediss"):
        from tenantry.realtime.redis_backend import FixedRedisBackend

        return Broadcast(backend=FixedRedisBackend(url))
    if scheme in POSTGRES_SCHEMES:
        from tenantry.realtime.postgres_backend import FixedPostgresBackend

        return Broadcast(backend=FixedPostgresBackend(postgres_dsn(url)))
    return Broadcast(url)


def postgres_dsn(url: str) -> str:
    """asyncpg takes postgres:// or postgresql://, not SQLAlchemy's postgresql+asyncpg://."""
    return "postgres://" + url.split("://", 1)[1]
