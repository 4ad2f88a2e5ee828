"""Finding the tenant of a request: by slug, by Host, or by API key, with a short-lived cache."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Final, Generic, TypeVar

from sqlmodel import col, select
from sqlmodel.sql.expression import SelectOfScalar

from tenantry.auth.api_keys import hash_api_key
from tenantry.core.context import TenantInfo
from tenantry.db.database import Database
from tenantry.models.tenant import ApiKey, ApiKeyKind, Plan, Tenant, TenantDomain
from tenantry.resolvers.tenants import normalize_host

V = TypeVar("V")


@dataclass(frozen=True)
class KeyInfo:
    id: int
    tenant_id: int
    kind: ApiKeyKind
    plan: Plan


class _TTLCache(Generic[V]):
    def __init__(self, ttl: float) -> None:
        self.ttl = ttl
        self._items: dict[str, tuple[float, V | None]] = {}

    def get(self, key: str) -> tuple[bool, V | None]:
        hit = self._items.get(key)
        if hit is None or hit[0] < time.monotonic():
            return False, None
        return True, hit[1]

    def put(self, key: str, value: V | None) -> None:
        if self.ttl > 0:
            if len(self._items) > 10_000:
                self._items.clear()
            self._items[key] = (time.monotonic() + self.ttl, value)

    def clear(self) -> None:
        self._items.clear()


DIRECTORY_TABLES: Final = frozenset({"tenant", "tenant_domain", "api_key"})


class TenantDirectory:
    def __init__(self, db: Database, *, ttl: float) -> None:
        self._db = db
        self._tenants: _TTLCache[TenantInfo] = _TTLCache(ttl)
        self._keys: _TTLCache[KeyInfo] = _TTLCache(ttl)

    def tables_changed(self, tenant_id: int | None, tables: frozenset[str], local: bool) -> None:
        """For TableStamps: a tenant, domain or key written here or by another instance is
        looked up again at once, instead of after the cache's TTL."""
        if tables & DIRECTORY_TABLES:
            self.invalidate()

    def invalidate(self) -> None:
        self._tenants.clear()
        self._keys.clear()

    async def by_slug(self, slug: str) -> TenantInfo | None:
        return await self._lookup(
            f"slug:{slug}", lambda: select(Tenant).where(col(Tenant.slug) == slug)
        )

    async def by_id(self, tenant_id: int) -> TenantInfo | None:
        return await self._lookup(
            f"id:{tenant_id}", lambda: select(Tenant).where(col(Tenant.id) == tenant_id)
        )

    async def by_host(self, host: str) -> TenantInfo | None:
        host = normalize_host(host)
        return await self._lookup(
            f"host:{host}",
            lambda: (
                select(Tenant)
                .join(TenantDomain, col(TenantDomain.tenant_id) == Tenant.id)
                .where(col(TenantDomain.host) == host)
            ),
        )

    async def by_api_key(self, key: str) -> tuple[TenantInfo, KeyInfo] | None:
        digest = hash_api_key(key)
        found, info = self._keys.get(digest)
        if not found:
            async with self._db.unit(None) as uow:
                row = await uow.session.scalar(
                    select(ApiKey).where(
                        col(ApiKey.key_hash) == digest, col(ApiKey.revoked_at).is_(None)
                    )
                )
            info = None
            if row is not None:
                assert row.id is not None
                assert row.tenant_id is not None
                info = KeyInfo(row.id, row.tenant_id, ApiKeyKind(row.kind), Plan(row.plan))
            self._keys.put(digest, info)
        if info is None:
            return None
        tenant = await self.by_id(info.tenant_id)
        return (tenant, info) if tenant is not None else None

    async def _lookup(
        self, cache_key: str, query: Callable[[], SelectOfScalar[Tenant]]
    ) -> TenantInfo | None:
        found, info = self._tenants.get(cache_key)
        if found:
            return info
        async with self._db.unit(None) as uow:
            tenant = await uow.session.scalar(query())
            info = TenantInfo.from_model(tenant) if tenant is not None else None
        self._tenants.put(cache_key, info)
        return info
