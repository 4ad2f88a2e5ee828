"""The checkout baseline: POST /api/{tenant}/cart/items and POST /api/{tenant}/orders in Starlette
and asyncpg, the SQL written out, no ORM.

It does the checkout's essential work the obvious hand-written way, so that the ratio against
tenantry shows what tenantry's layers cost (middleware, principal resolution, input models, the
ORM with tenant criteria, savepoints, re-reading what it wrote to answer), not a cheaper job:

- tenant from the path, cached 5 s like tenantry's directory; unknown or suspended: 404;
- the member from `Authorization: Bearer` (tenantry's own JWT, checked with PyJWT and the same
  secret: HS256, type `access`, tenant id, expiry) and the same revocation lookup
  (`revoked_access_token` by jti) tenantry makes on every authenticated request;
- add to cart, one transaction: the product (active, no active variants), the member's cart
  locked (`FOR UPDATE`, created when missing), the line upserted (`INSERT … ON CONFLICT DO
  UPDATE` on the line-without-variant unique index), the stock checked against the new
  quantity, then the cart's lines with their first image read back for the answer;
- create order, one transaction: the cart locked with the member's e-mail, its lines with their
  products, then the order (a random `ORD-YYYYMMDD-XXXXXX` number, retried on conflict), one
  item per line, the first status-history row, the `order.created` domain event (the webhook
  outbox row, with the order's data), the conditional stock decrement (`stock = stock - q
  WHERE stock >= q`, products in id order, last, so the hot row is locked shortest) and the
  cart emptied. The answer is built from the values written and RETURNING.

Both answer with JSON of the same shape as tenantry's dialect A (the runner checks the shape).
What it leaves out, and tenantry does not: variants, bundles, coupons, shipping and tax rules
(zero for the bench tenant), Idempotency-Key handling, input validation beyond the essentials.
"""

from __future__ import annotations

import json
import os
import secrets
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import asyncpg
import jwt
from asyncpg.pool import PoolConnectionProxy
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from bench.baseline import DSN_ENV, POOL_SIZE, SECRET_ENV, TENANT_TTL, dumps, healthz

if TYPE_CHECKING:
    Conn = PoolConnectionProxy[Any]
else:
    Conn = PoolConnectionProxy

TENANT_SQL = "SELECT id, status, currency, timezone FROM tenant WHERE slug = $1"
REVOKED_SQL = "SELECT id FROM revoked_access_token WHERE tenant_id = $1 AND jti = $2"
PRODUCT_SQL = """
SELECT p.id, p.name, p.price, p.stock,
       EXISTS (SELECT 1 FROM product_variant v
               WHERE v.tenant_id = p.tenant_id AND v.product_id = p.id AND v.is_active)
         AS has_variants
FROM product p
WHERE p.tenant_id = $1 AND p.id = $2 AND p.status = 'active'
"""
CART_SQL = "SELECT id FROM cart WHERE tenant_id = $1 AND member_id = $2 FOR UPDATE"
NEW_CART_SQL = """
INSERT INTO cart (tenant_id, member_id, created_at, updated_at) VALUES ($1, $2, now(), now())
ON CONFLICT (tenant_id, member_id) DO NOTHING
RETURNING id
"""
ADD_LINE_SQL = """
INSERT INTO cart_item AS ci
  (tenant_id, cart_id, product_id, quantity, unit_price, created_at, updated_at)
VALUES ($1, $2, $3, $4, $5, now(), now())
ON CONFLICT (cart_id, product_id) WHERE variant_id IS NULL
DO UPDATE SET quantity = ci.quantity + excluded.quantity, unit_price = excluded.unit_price,
              updated_at = now()
RETURNING quantity
"""
CART_LINES_SQL = """
SELECT ci.id, ci.quantity, p.id AS product_id, p.name, p.slug, p.type, p.status, p.price,
       p.stock,
       (SELECT i.url FROM product_image i
        WHERE i.tenant_id = p.tenant_id AND i.product_id = p.id
        ORDER BY i.position, i.id LIMIT 1) AS image
FROM cart_item ci JOIN product p ON p.id = ci.product_id AND p.tenant_id = ci.tenant_id
WHERE ci.tenant_id = $1 AND ci.cart_id = $2
ORDER BY ci.id
"""
CHECKOUT_CART_SQL = """
SELECT c.id, m.email
FROM cart c JOIN member m ON m.id = c.member_id AND m.tenant_id = c.tenant_id
WHERE c.tenant_id = $1 AND c.member_id = $2
FOR UPDATE OF c
"""
CHECKOUT_LINES_SQL = """
SELECT ci.quantity, p.id AS product_id, p.name, p.sku, p.type, p.status, p.price, p.stock
FROM cart_item ci JOIN product p ON p.id = ci.product_id AND p.tenant_id = ci.tenant_id
WHERE ci.tenant_id = $1 AND ci.cart_id = $2
ORDER BY ci.id
"""
ORDER_SQL = """
INSERT INTO orders
  (tenant_id, number, member_id, status, currency, subtotal, discount_total, shipping_total,
   tax_total, total, email, shipping_address, billing_address, note, created_at, updated_at)
VALUES ($1, $2, $3, 'pending', $4, $5, 0, 0, 0, $5, $6, $7::jsonb, '{}'::jsonb, '', now(), now())
ON CONFLICT (tenant_id, number) DO NOTHING
RETURNING id, created_at
"""
ITEM_SQL = """
INSERT INTO order_item
  (tenant_id, order_id, product_id, product_type, name, sku, options, unit_price, quantity, total)
VALUES ($1, $2, $3, $4, $5, $6, '{}'::jsonb, $7, $8, $9)
RETURNING id
"""
HISTORY_SQL = """
INSERT INTO order_status_change (tenant_id, order_id, from_status, to_status, note, actor,
                                 created_at)
VALUES ($1, $2, NULL, 'pending', '', $3, now())
"""
EVENT_SQL = """
INSERT INTO domain_event (tenant_id, type, object_type, object_id, data, created_at)
VALUES ($1, 'order.created', 'order', $2, $3::jsonb, now())
"""
STOCK_SQL = """
UPDATE product SET stock = stock - $3, updated_at = now()
WHERE tenant_id = $1 AND id = $2 AND stock >= $3
RETURNING stock
"""
CLEAR_SQL = "DELETE FROM cart_item WHERE tenant_id = $1 AND cart_id = $2"

ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
NUMBER_ATTEMPTS = 5
ADDRESS_FIELDS = ("name", "phone", "address", "address2", "city", "state", "zip", "country")
REQUIRED_ADDRESS = ("name", "phone", "address", "city", "zip")


class Refused(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def refused(exc: Refused) -> Response:
    return JSONResponse({"message": exc.message}, exc.status)


async def add_to_cart(request: Request) -> Response:
    try:
        body = await request.json()
        product_id, quantity = int(body["product_id"]), int(body.get("quantity", 1))
    except (ValueError, TypeError, KeyError, AttributeError):
        return JSONResponse({"message": "The given data was invalid."}, 422)
    if not 1 <= quantity <= 10_000:
        return JSONResponse({"message": "The given data was invalid."}, 422)
    pool: asyncpg.Pool[Any] = request.app.state.pool
    async with pool.acquire() as conn:
        try:
            tenant, member_id = await _member(request, conn)
            async with conn.transaction():
                product = await conn.fetchrow(PRODUCT_SQL, tenant["id"], product_id)
                if product is None or product["has_variants"]:
                    raise Refused(422, "The selected product is invalid.")
                cart_id = await _member_cart(conn, tenant["id"], member_id)
                total = await conn.fetchval(
                    ADD_LINE_SQL, tenant["id"], cart_id, product_id, quantity, product["price"]
                )
                stock = product["stock"]
                if stock is not None and total > stock:
                    name = product["name"]
                    if stock <= 0:
                        raise Refused(409, f"{name} is out of stock.")
                    raise Refused(409, f"Only {stock} of {name} left in stock.")
                lines = await conn.fetch(CART_LINES_SQL, tenant["id"], cart_id)
        except Refused as exc:
            return refused(exc)
    return Response(dumps({"data": _cart(cart_id, lines, tenant)}), media_type="application/json")


async def _member_cart(conn: Conn, tenant_id: int, member_id: int) -> int:
    for _ in range(2):
        found = await conn.fetchval(CART_SQL, tenant_id, member_id)
        if found is None:
            found = await conn.fetchval(NEW_CART_SQL, tenant_id, member_id)
        if found is not None:
            return int(found)
    raise Refused(409, "The cart is being created; try again.")


def _cart(cart_id: int, lines: list[asyncpg.Record], tenant: asyncpg.Record) -> dict[str, Any]:
    items = []
    subtotal = count = 0
    for line in lines:
        active = line["status"] == "active"
        total = line["price"] * line["quantity"]
        subtotal += total if active else 0
        count += line["quantity"]
        stock = line["stock"]
        items.append(
            {
                "id": line["id"],
                "product": {
                    "id": line["product_id"],
                    "name": line["name"],
                    "slug": line["slug"],
                    "type": line["type"],
                    "image": line["image"],
                },
                "variant": None,
                "quantity": line["quantity"],
                "unit_price": line["price"],
                "total": total,
                "in_stock": active and (stock is None or stock >= line["quantity"]),
            }
        )
    return {
        "id": cart_id,
        "items": items,
        "item_count": count,
        "subtotal": subtotal,
        "discount": 0,
        "coupon_code": None,
        "total": subtotal,
        "currency": tenant["currency"],
    }


async def create_order(request: Request) -> Response:
    try:
        body = await request.json()
        raw = body.get("shipping_address")
        address = {k: str(raw[k]) for k in ADDRESS_FIELDS if raw.get(k) is not None}
    except (ValueError, TypeError, AttributeError):
        return JSONResponse({"message": "The given data was invalid."}, 422)
    if any(not address.get(k) for k in REQUIRED_ADDRESS):
        return JSONResponse({"message": "The shipping address field is required."}, 422)
    pool: asyncpg.Pool[Any] = request.app.state.pool
    async with pool.acquire() as conn:
        try:
            tenant, member_id = await _member(request, conn)
            async with conn.transaction():
                order = await _place(conn, tenant, member_id, address)
        except Refused as exc:
            return refused(exc)
    return Response(dumps({"data": order}), status_code=201, media_type="application/json")


async def _place(
    conn: Conn, tenant: asyncpg.Record, member_id: int, address: dict[str, str]
) -> dict[str, Any]:
    tenant_id = tenant["id"]
    cart = await conn.fetchrow(CHECKOUT_CART_SQL, tenant_id, member_id)
    lines = await conn.fetch(CHECKOUT_LINES_SQL, tenant_id, cart["id"]) if cart else []
    if cart is None or not lines:
        raise Refused(422, "Your cart is empty.")
    if any(line["status"] != "active" for line in lines):
        raise Refused(422, "A product in your cart is no longer available.")
    subtotal = sum(line["price"] * line["quantity"] for line in lines)
    number, order_id, created_at = await _insert_order(
        conn, tenant, member_id, cart, subtotal, address
    )
    items = []
    for line in lines:
        total = line["price"] * line["quantity"]
        item_id = await conn.fetchval(
            ITEM_SQL,
            tenant_id,
            order_id,
            line["product_id"],
            line["type"],
            line["name"],
            line["sku"],
            line["price"],
            line["quantity"],
            total,
        )
        items.append(
            {
                "id": item_id,
                "product_id": line["product_id"],
                "variant_id": None,
                "product_type": line["type"],
                "name": line["name"],
                "sku": line["sku"],
                "options": {},
                "unit_price": line["price"],
                "quantity": line["quantity"],
                "total": total,
            }
        )
    at = iso(created_at)
    await conn.execute(HISTORY_SQL, tenant_id, order_id, f"member:{member_id}")
    event = {
        "id": f"ord_{order_id}",
        "object": "order",
        "customer_id": None,
        "status": "pending",
        "total": subtotal,
        "currency": tenant["currency"].lower(),
        "items": [
            {
                "product_id": f"prod_{item['product_id']}",
                "quantity": item["quantity"],
                "price": item["unit_price"],
                "name": item["name"],
            }
            for item in items
        ],
        "created_at": at,
        "number": number,
        "subtotal": subtotal,
        "discount_total": 0,
        "shipping_total": 0,
        "tax_total": 0,
        "shipping_address": address,
        "note": "",
        "updated_at": at,
    }
    await conn.execute(EVENT_SQL, tenant_id, order_id, json.dumps(event))
    taken: dict[int, tuple[int, str]] = {}
    for line in lines:
        if line["stock"] is not None:
            quantity, _ = taken.get(line["product_id"], (0, ""))
            taken[line["product_id"]] = (quantity + line["quantity"], line["name"])
    for product_id, (quantity, name) in sorted(taken.items()):
        if await conn.fetchval(STOCK_SQL, tenant_id, product_id, quantity) is None:
            raise Refused(409, f"{name} is out of stock.")
    await conn.execute(CLEAR_SQL, tenant_id, cart["id"])
    return {
        "id": order_id,
        "order_number": number,
        "status": "pending",
        "currency": tenant["currency"],
        "subtotal": subtotal,
        "discount_total": 0,
        "shipping_total": 0,
        "tax_total": 0,
        "total": subtotal,
        "coupon_code": None,
        "items_count": sum(item["quantity"] for item in items),
        "items": items,
        "shipping_address": address,
        "billing_address": None,
        "note": "",
        "paid_at": None,
        "cancelled_at": None,
        "created_at": at,
        "updated_at": at,
        "status_history": [
            {"from_status": None, "to_status": "pending", "note": "", "created_at": at}
        ],
    }


async def _insert_order(
    conn: Conn,
    tenant: asyncpg.Record,
    member_id: int,
    cart: asyncpg.Record,
    subtotal: int,
    address: dict[str, str],
) -> tuple[str, int, datetime]:
    for _ in range(NUMBER_ATTEMPTS):
        number = order_number(tenant["timezone"])
        row = await conn.fetchrow(
            ORDER_SQL,
            tenant["id"],
            number,
            member_id,
            tenant["currency"],
            subtotal,
            cart["email"],
            json.dumps(address),
        )
        if row is not None:
            return number, row["id"], row["created_at"]
    raise RuntimeError(f"no free order number after {NUMBER_ATTEMPTS} attempts")


def order_number(timezone: str) -> str:
    now = datetime.now(UTC)
    try:
        local = now.astimezone(ZoneInfo(timezone))
    except (ZoneInfoNotFoundError, ValueError):
        local = now
    suffix = "".join(secrets.choice(ALPHABET) for _ in range(6))
    return f"ORD-{local:%Y%m%d}-{suffix}"


def iso(value: datetime) -> str:
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")


async def _member(request: Request, conn: Conn) -> tuple[asyncpg.Record, int]:
    """The tenant of the path and the member of the bearer token, checked like tenantry does."""
    tenant = await _tenant(request, conn)
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Refused(401, "Unauthenticated.")
    try:
        claims = jwt.decode(
            token.strip(),
            request.app.state.secret,
            algorithms=["HS256"],
            options={"require": ["exp", "sub", "jti", "type"]},
        )
        member_id = int(claims["sub"])
    except (jwt.PyJWTError, KeyError, ValueError, TypeError):
        raise Refused(401, "Invalid or expired token.") from None
    if claims.get("type") != "access" or claims.get("tid") != tenant["id"]:
        raise Refused(401, "Invalid or expired token.")
    if await conn.fetchval(REVOKED_SQL, tenant["id"], str(claims["jti"])) is not None:
        raise Refused(401, "Token has been revoked.")
    return tenant, member_id


async def _tenant(request: Request, conn: Conn) -> asyncpg.Record:
    slug = request.path_params["tenant"]
    cache: dict[str, tuple[float, asyncpg.Record | None]] = request.app.state.tenants
    now = time.monotonic()
    hit = cache.get(slug)
    if hit is None or hit[0] < now:
        row = await conn.fetchrow(TENANT_SQL, slug)
        hit = (now + TENANT_TTL, row if row is not None and row["status"] == "active" else None)
        cache[slug] = hit
    if hit[1] is None:
        raise Refused(404, "Tenant not found.")
    return hit[1]


def create_app(dsn: str | None = None, secret: str | None = None) -> Starlette:
    dsn = dsn or os.environ[DSN_ENV]
    secret = secret or os.environ[SECRET_ENV]

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        pool: asyncpg.Pool[Any] = await asyncpg.create_pool(dsn, min_size=1, max_size=POOL_SIZE)
        app.state.pool = pool
        app.state.tenants = {}
        app.state.secret = secret
        try:
            yield
        finally:
            await pool.close()

    return Starlette(
        routes=[
            Route("/healthz", healthz),
            Route("/api/{tenant}/cart/items", add_to_cart, methods=["POST"]),
            Route("/api/{tenant}/orders", create_order, methods=["POST"]),
        ],
        lifespan=lifespan,
    )
