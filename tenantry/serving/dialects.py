"""Which API a path belongs to, and where that API finds its tenant."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Dialect(StrEnum):
    PLATFORM = "platform"  # A: /api/{tenant}/...
    COMMERCE = "commerce"  # B: /v1/..., tenant from the secret key
    SHOP = "shop"  # C: the shop's own domain, tenant from Host
    GRAPHQL = "graphql"
    NONE = "none"  # health checks, no tenant


class TenantSource(StrEnum):
    PATH = "path"
    HOST = "host"
    SECRET_KEY = "secret_key"
    GRAPHQL = "graphql"  # X-Tenant header, then API key, then Host
    NONE = "none"


@dataclass(frozen=True)
class Route:
    dialect: Dialect
    source: TenantSource
    slug: str | None = None


UNSCOPED = ("/healthz", "/readyz", "/metrics", "/media/", "/", "/openapi.json", "/docs")
# Files anyone may fetch, whatever tenant or credentials the request carries.
UNSCOPED_PREFIXES = ("/media/", "/docs/", "/graphql/assets/")


def classify(path: str) -> Route:
    if path in UNSCOPED or path.startswith(UNSCOPED_PREFIXES):
        return Route(Dialect.NONE, TenantSource.NONE)
    if path == "/graphql" or path.startswith("/graphql/"):
        return Route(Dialect.GRAPHQL, TenantSource.GRAPHQL)
    if path == "/v1" or path.startswith("/v1/"):
        return Route(Dialect.COMMERCE, TenantSource.SECRET_KEY)
    if path.startswith("/api/shop_auth/") or path == "/api/shop_auth":
        return Route(Dialect.SHOP, TenantSource.HOST)
    if path.startswith("/api/"):
        slug, _, rest = path[len("/api/") :].partition("/")
        if rest == "graphql" or rest.startswith("graphql/"):
            return Route(Dialect.GRAPHQL, TenantSource.PATH, slug)
        return Route(Dialect.PLATFORM, TenantSource.PATH, slug)
    return Route(Dialect.SHOP, TenantSource.HOST)
