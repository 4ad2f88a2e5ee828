"""The long-lived parts one app instance shares between requests."""

from __future__ import annotations

from dataclasses import dataclass, field

from broadcaster import Broadcast

from tenantry.clock import Clock, SystemClock
from tenantry.config import Settings
from tenantry.db.database import Database
from tenantry.realtime.broadcast import create_broadcast
from tenantry.serving.credentials import PrincipalResolver
from tenantry.serving.ratelimit import RateLimiter
from tenantry.serving.response_cache import ResponseCache
from tenantry.serving.tenancy import TenantDirectory


@dataclass
class Services:
    settings: Settings
    db: Database
    directory: TenantDirectory
    principals: PrincipalResolver
    broadcast: Broadcast
    rate_limiter: RateLimiter
    response_cache: ResponseCache | None = None
    clock: Clock = field(default_factory=SystemClock)

    @classmethod
    def from_settings(cls, settings: Settings, *, db: Database | None = None) -> Services:
        db = db or Database.from_settings(settings)
        directory = TenantDirectory(db, ttl=settings.tenant_cache_seconds)
        db.stamps.listen(directory.tables_changed)
        broadcast = create_broadcast(settings.resolved_broadcast_url)
        db.broadcast = broadcast
        return cls(
            settings=settings,
            db=db,
            directory=directory,
            principals=PrincipalResolver(db, directory, secret=settings.secret_key),
            broadcast=broadcast,
            rate_limiter=RateLimiter(settings.rate_limit_storage_url),
            response_cache=(
                ResponseCache(
                    db.stamps,
                    ttl=settings.response_cache_seconds,
                    max_entries=settings.response_cache_entries,
                )
                if settings.response_cache_seconds > 0
                else None
            ),
        )
