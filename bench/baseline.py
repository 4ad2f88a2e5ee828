"""The hand-written baseline: Starlette and asyncpg with the SQL written out, no ORM, no GraphQL.

It answers with exactly the JSON tenantry's GraphQL answers (tests/bench checks that), so the
ratio measures what the framework layers cost: middleware, GraphQL execution, the ORM, tenant
scoping criteria and DataLoaders.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import asyncpg
from asyncpg.pool import PoolConnectionProxy
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

DSN_ENV = "BENCH_BASELINE_DSN"
SECRET_ENV = "BENCH_BASELINE_SECRET"  # tenantry's secret_key, for the baselines that read its JWTs
POOL_SIZE = 10  # tenantry's default database_pool_size


TENANT_TTL = 5.0  # tenantry's default tenant_cache_seconds

TENANT_SQL = "SELECT id, status FROM tenant WHERE slug = $1"
POSTS_SQL = """
SELECT p.id, p.slug, p.title, p.excerpt, p.published_at, p.view_count,
       s.id AS author_id, s.name AS author_name,
       c.id AS category_id, c.slug AS category_slug, c.name AS category_name,
       count(*) OVER () AS total
FROM blog_post p
LEFT JOIN staff s ON s.id = p.author_id AND s.tenant_id = p.tenant_id
LEFT JOIN blog_category c ON c.id = p.category_id AND c.tenant_id = p.tenant_id
WHERE p.tenant_id = $1 AND p.status IN ('published', 'scheduled') AND p.published_at <= now()
ORDER BY p.published_at DESC NULLS LAST, p.id DESC
LIMIT $2 OFFSET $3
"""
COUNT_SQL = """
SELECT count(*) FROM blog_post
WHERE tenant_id = $1 AND status IN ('published', 'scheduled') AND published_at <= now()
"""
TAGS_SQL = """
SELECT pt.post_id, t.id, t.slug, t.name
FROM blog_post_tag pt JOIN blog_tag t ON t.id = pt.tag_id AND t.tenant_id = pt.tenant_id
WHERE pt.tenant_id = $1 AND pt.post_id = ANY($2::int[])
ORDER BY t.name, t.id
"""


async def healthz(request: Request) -> Response:
    return JSONResponse({"status": "ok"})


async def blog_posts(request: Request) -> Response:
    """The JSON of tenantry's `blogPosts` query in bench/scenarios/blog_list.py."""
    try:
        variables = (await request.json()).get("variables") or {}
        page, per_page = int(variables.get("page", 1)), int(variables.get("perPage", 15))
    except (ValueError, TypeError, AttributeError):
        return JSONResponse({"error": "bad request"}, 400)
    if page < 1 or not 1 <= per_page <= 100:
        return JSONResponse({"error": "bad request"}, 400)
    pool: asyncpg.Pool[Any] = request.app.state.pool
    async with pool.acquire() as conn:
        tenant_id = await _tenant_id(request, conn)
        if tenant_id is None:
            return JSONResponse({"error": "tenant not found"}, 404)
        rows = await conn.fetch(POSTS_SQL, tenant_id, per_page, (page - 1) * per_page)
        total = rows[0]["total"] if rows else await conn.fetchval(COUNT_SQL, tenant_id)
        tags: dict[int, list[dict[str, str]]] = {row["id"]: [] for row in rows}
        if rows:
            for tag in await conn.fetch(TAGS_SQL, tenant_id, list(tags)):
                tags[tag["post_id"]].append(
                    {"id": str(tag["id"]), "slug": tag["slug"], "name": tag["name"]}
                )
    last_page = max(1, -(-total // per_page))
    items = [_post(row, tags[row["id"]]) for row in rows]
    page_info = {
        "page": page,
        "perPage": per_page,
        "total": total,
        "lastPage": last_page,
        "hasNextPage": page < last_page,
    }
    payload = {"data": {"blogPosts": {"items": items, "pageInfo": page_info}}}
    return Response(dumps(payload), media_type="application/json")


def _post(row: asyncpg.Record, tags: list[dict[str, str]]) -> dict[str, Any]:
    published_at = row["published_at"]
    return {
        "id": str(row["id"]),
        "slug": row["slug"],
        "title": row["title"],
        "excerpt": row["excerpt"],
        "publishedAt": published_at.isoformat() if published_at else None,
        "viewCount": row["view_count"],
        "author": (
            {"id": str(row["author_id"]), "name": row["author_name"]}
            if row["author_id"] is not None
            else None
        ),
        "category": (
            {
                "id": str(row["category_id"]),
                "slug": row["category_slug"],
                "name": row["category_name"],
            }
            if row["category_id"] is not None
            else None
        ),
        "tags": tags,
    }


async def _tenant_id(request: Request, conn: PoolConnectionProxy[Any]) -> int | None:
    """Cached like tenantry's TenantDirectory: a suspended or unknown tenant is not served."""
    slug = request.headers.get("x-tenant", "")
    cache: dict[str, tuple[float, int | None]] = request.app.state.tenants
    hit = cache.get(slug)
    now = time.monotonic()
    if hit is None or hit[0] < now:
        row = await conn.fetchrow(TENANT_SQL, slug)
        tenant_id = row["id"] if row is not None and row["status"] == "active" else None
        hit = (now + TENANT_TTL, tenant_id)
        cache[slug] = hit
    return hit[1]


def create_app(dsn: str | None = None) -> Starlette:
    dsn = dsn or os.environ[DSN_ENV]

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        pool: asyncpg.Pool[Any] = await asyncpg.create_pool(dsn, min_size=1, max_size=POOL_SIZE)
        app.state.pool = pool
        app.state.tenants = {}
        try:
            yield
        finally:
            await pool.close()

    return Starlette(
        routes=[
            Route("/healthz", healthz),
            Route("/blog-posts", blog_posts, methods=["POST"]),
        ],
        lifespan=lifespan,
    )


def dumps(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()
