from __future__ import annotations

from broadcaster import Broadcast


def create_broadcast(url: str) -> Broadcast:
    """The broadcaster for url; redis:// goes through our fixed backend."""
    if url.startswith(("redis://", "rediss://")):
        from tenantry.realtime.redis_backend import FixedRedisBackend

        return Broadcast(backend=FixedRedisBackend(url))
    if url.startswith("postgres://") or url.startswith("postgresql://"):
        return Broadcast(url.replace("postgresql+asyncpg://", "postgres://"))
    return Broadcast(url)
