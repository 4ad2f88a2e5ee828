"""The baseline's product list: the JSON of bench/scenarios/product_list.py, in raw asyncpg.

`create_app` is bench/baseline.py's app plus POST /products; until baseline.py routes it
itself, the runner must serve `bench.baseline_catalog:create_app` for this scenario.
"""

from __future__ import annotations

import json
from typing import Any

import asyncpg
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from bench import baseline
from bench.baseline import _tenant_id, dumps

PRODUCTS_SQL = """
SELECT p.id, p.slug, p.name, p.price, p.currency, p.is_featured, p.created_at,
       c.id AS category_id, c.slug AS category_slug, c.name AS category_name,
       count(*) OVER () AS total
FROM product p
LEFT JOIN product_category c ON c.id = p.category_id AND c.tenant_id = p.tenant_id
WHERE p.tenant_id = $1 AND p.status = 'active'
ORDER BY p.created_at DESC, p.id DESC
LIMIT $2 OFFSET $3
"""
COUNT_SQL = "SELECT count(*) FROM product WHERE tenant_id = $1 AND status = 'active'"
VARIANTS_SQL = """
SELECT v.product_id, v.id, v.name, v.sku, v.options, coalesce(v.price, p.price) AS price, v.stock
FROM product_variant v JOIN product p ON p.id = v.product_id AND p.tenant_id = v.tenant_id
WHERE v.tenant_id = $1 AND v.product_id = ANY($2::int[]) AND v.is_active
ORDER BY v.position, v.id
"""


async def products(request: Request) -> Response:
    """The JSON of tenantry's `products` query."""
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
        rows = await conn.fetch(PRODUCTS_SQL, tenant_id, per_page, (page - 1) * per_page)
        total = rows[0]["total"] if rows else await conn.fetchval(COUNT_SQL, tenant_id)
        variants: dict[int, list[dict[str, Any]]] = {row["id"]: [] for row in rows}
        if rows:
            for v in await conn.fetch(VARIANTS_SQL, tenant_id, list(variants)):
                options = v["options"]
                variants[v["product_id"]].append(
                    {
                        "id": str(v["id"]),
                        "name": v["name"],
                        "sku": v["sku"],
                        "options": json.loads(options) if isinstance(options, str) else options,
                        "price": v["price"],
                        "stock": v["stock"],
                    }
                )
    last_page = max(1, -(-total // per_page))
    page_info = {
        "page": page,
        "perPage": per_page,
        "total": total,
        "lastPage": last_page,
        "hasNextPage": page < last_page,
    }
    items = [_product(row, variants[row["id"]]) for row in rows]
    payload = {"data": {"products": {"items": items, "pageInfo": page_info}}}
    return Response(dumps(payload), media_type="application/json")


def _product(row: asyncpg.Record, variants: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "id": str(row["id"]),
        "slug": row["slug"],
        "name": row["name"],
        "price": row["price"],
        "currency": row["currency"],
        "isFeatured": row["is_featured"],
        "createdAt": row["created_at"].isoformat(),
        "category": (
            {
                "id": str(row["category_id"]),
                "slug": row["category_slug"],
                "name": row["category_name"],
            }
            if row["category_id"] is not None
            else None
        ),
        "variants": variants,
    }


def create_app(dsn: str | None = None) -> Starlette:
    app = baseline.create_app(dsn)
    app.router.routes.append(Route("/products", products, methods=["POST"]))
    return app
