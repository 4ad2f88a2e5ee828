"""Per-key hourly limits for the commerce API (dialect B), with the rate-limit headers, and the
counter behind the domain's throttles (core.throttle)."""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

from limits import RateLimitItemPerHour, parse
from limits.aio.storage import MemoryStorage, RedisStorage, Storage
from limits.aio.strategies import MovingWindowRateLimiter
from redis import asyncio as redis

from tenantry.auth.principal import Principal
from tenantry.core.context import TenantInfo
from tenantry.models.tenant import Plan

PLAN_LIMITS = {Plan.STARTER: 1_000, Plan.PROFESSIONAL: 10_000, Plan.ENTERPRISE: 100_000}


@dataclass(frozen=True)
class Quota:
    limit: int
    remaining: int
    reset_at: int
    allowed: bool

    def headers(self) -> dict[str, str]:
        return {
            "X-RateLimit-Limit": str(self.limit),
            "X-RateLimit-Remaining": str(self.remaining),
            "X-RateLimit-Reset": str(self.reset_at),
        }


def hourly_limit(tenant: TenantInfo, principal: Principal) -> int:
    plan = principal.plan or tenant.plan
    if plan == Plan.ENTERPRISE:
        custom = tenant.settings.get("rate_limit_per_hour")
        if isinstance(custom, int) and custom > 0:
            return custom
    return PLAN_LIMITS[Plan(plan)]


class RateLimiter:
    def __init__(self, storage_url: str) -> None:
        self._pool: redis.ConnectionPool | None = None
        if storage_url.startswith(("redis://", "rediss://")):
            self._pool = redis.ConnectionPool.from_url(storage_url)
            storage: Storage = RedisStorage(
                f"async+{storage_url}",
                implementation="redispy",
                # limits 5.8 types **options as float | str | bool, yet documents connection_pool.
                connection_pool=self._pool,  # type: ignore[arg-type]
            )
        else:
            storage = MemoryStorage()
        self._limiter = MovingWindowRateLimiter(storage)

    async def close(self) -> None:
        if self._pool is not None:
            await self._pool.disconnect()

    async def attempt(self, bucket: str, key: str, *, rule: str) -> int | None:
        """The domain's Throttle: None within the rule, else seconds until it allows again."""
        item = parse(rule)
        if await self._limiter.hit(item, "throttle", bucket, key):
            return None
        stats = await self._limiter.get_window_stats(item, "throttle", bucket, key)
        return max(1, math.ceil(stats.reset_time - time.time()))

    async def hit(self, key: str, limit: int) -> Quota:
        item = RateLimitItemPerHour(limit)
        allowed = await self._limiter.hit(item, "commerce", key)
        stats = await self._limiter.get_window_stats(item, "commerce", key)
        return Quota(
            limit=limit,
            remaining=max(0, stats.remaining),
            reset_at=int(stats.reset_time),
            allowed=allowed,
        )
