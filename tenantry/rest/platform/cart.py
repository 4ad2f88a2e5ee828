"""Dialect A cart: GET /cart, POST /cart/items, PUT and DELETE /cart/items/{item}, DELETE /cart,
POST /cart/merge, POST /cart/validate.

A guest's cart is named by the X-Cart-Token header or the cart_token cookie; the answer that
creates one carries the token in its body and sets the cookie.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from tenantry.core.ids import parse_id
from tenantry.models.cart import Cart
from tenantry.resolvers import cart as carts
from tenantry.rest.endpoint import Call, endpoint
from tenantry.rest.envelopes import json
from tenantry.rest.spec import Body

TOKEN_HEADER = "X-Cart-Token"
TOKEN_COOKIE = "cart_token"
COOKIE_MAX_AGE = 30 * 24 * 3600

MERGE_BODY = Body(
    schema={
        "type": "object",
        "properties": {
            "cart_token": {
                "type": "string",
                "description": "The guest cart to merge; else the X-Cart-Token header or cookie.",
            }
        },
    },
    required=False,
)


def cart_token_of(request: Request) -> str | None:
    return request.headers.get(TOKEN_HEADER) or request.cookies.get(TOKEN_COOKIE) or None


def line_json(line: carts.CartLine) -> dict[str, Any]:
    product, variant = line.product, line.variant
    return {
        "id": line.item.id,
        "product": {
            "id": product.id,
            "name": product.name,
            "slug": product.slug,
            "type": str(product.type),
            "image": line.image,
        },
        "variant": (
            {"id": variant.id, "name": variant.name, "options": variant.options}
            if variant is not None
            else None
        ),
        "quantity": line.item.quantity,
        "unit_price": line.unit_price,
        "total": line.total,
        "in_stock": line.in_stock,
    }


def cart_json(summary: carts.CartSummary, *, guest: bool) -> dict[str, Any]:
    cart = summary.cart
    data: dict[str, Any] = {"id": cart.id if cart is not None else None}
    if guest:
        data["token"] = cart.token if cart is not None else None
    data.update(
        {
            "items": [line_json(line) for line in summary.lines],
            "item_count": summary.item_count,
            "subtotal": summary.subtotal,
            "discount": summary.discount,
            "coupon_code": summary.coupon_code,
            "total": summary.total,
            "currency": summary.currency,
        }
    )
    return data


async def cart_response(call: Call, cart: Cart | None, status: int = 200) -> Response:
    """The cart's JSON; a guest cart the client does not hold in its cookie yet is set there."""
    summary = await carts.summarize_cart(call.session, ctx=call.ctx, cart=cart)
    guest = not call.ctx.principal.is_member
    response = json({"data": cart_json(summary, guest=guest)}, status)
    if cart is not None and cart.token and call.request.cookies.get(TOKEN_COOKIE) != cart.token:
        response.set_cookie(
            TOKEN_COOKIE,
            cart.token,
            max_age=COOKIE_MAX_AGE,
            path=f"/api/{call.ctx.tenant.slug}",
            httponly=True,
            samesite="lax",
            secure=call.request.url.scheme == "https",
        )
    return response


async def show_cart(call: Call) -> Response:
    cart = await carts.get_cart(call.session, ctx=call.ctx, cart_token=cart_token_of(call.request))
    return await cart_response(call, cart)


async def add_item(call: Call) -> Response:
    data = call.parse(carts.CartItemIn, await call.json())
    cart = await carts.add_to_cart(
        call.session, ctx=call.ctx, cart_token=cart_token_of(call.request), data=data
    )
    return await cart_response(call, cart)


async def update_item(call: Call) -> Response:
    item_id = parse_id(call.path("item"), "cart item")
    data = call.parse(carts.CartItemUpdate, await call.json())
    cart = await carts.update_cart_item(
        call.session,
        ctx=call.ctx,
        cart_token=cart_token_of(call.request),
        item_id=item_id,
        data=data,
    )
    return await cart_response(call, cart)


async def remove_item(call: Call) -> Response:
    cart = await carts.remove_cart_item(
        call.session,
        ctx=call.ctx,
        cart_token=cart_token_of(call.request),
        item_id=parse_id(call.path("item"), "cart item"),
    )
    return await cart_response(call, cart)


async def clear(call: Call) -> Response:
    """Empty the caller's cart."""
    cart = await carts.clear_my_cart(
        call.session, ctx=call.ctx, cart_token=cart_token_of(call.request)
    )
    return await cart_response(call, cart)


async def merge(call: Call) -> Response:
    """Merge a guest cart into the signed-in member's cart and drop the guest cookie."""
    body = await call.json()
    given = body.get("cart_token")
    token = given if isinstance(given, str) else cart_token_of(call.request)
    cart = await carts.merge_carts(call.session, ctx=call.ctx, cart_token=token)
    response = await cart_response(call, cart)
    if TOKEN_COOKIE in call.request.cookies:
        response.delete_cookie(TOKEN_COOKIE, path=f"/api/{call.ctx.tenant.slug}")
    return response


def check_json(check: carts.LineCheck) -> dict[str, Any]:
    line = check.line
    return {
        "item_id": line.item.id,
        "product_id": line.item.product_id,
        "variant_id": line.item.variant_id,
        "name": line.product.name,
        "quantity": line.item.quantity,
        "unit_price": line.item.unit_price,
        "current_price": line.unit_price,
        "price_changed": check.price_changed,
        "available_quantity": line.available if line.purchasable else 0,
        "in_stock": line.in_stock,
        "is_available": line.purchasable,
        "valid": check.valid,
        "messages": check.messages,
    }


async def validate(call: Call) -> Response:
    """Check every line's price and stock, and the applied coupon, before checkout."""
    report = await carts.validate_cart(
        call.session, ctx=call.ctx, cart_token=cart_token_of(call.request)
    )
    return json(
        {
            "data": {
                "valid": report.valid,
                "items": [check_json(check) for check in report.lines],
                "messages": report.messages,
                "coupon_code": report.coupon_code,
                "coupon_error": report.coupon_error,
            }
        }
    )


routes: list[BaseRoute] = [
    Route("/cart", endpoint(show_cart), methods=["GET"]),
    Route("/cart", endpoint(clear), methods=["DELETE"]),
    Route("/cart/items", endpoint(add_item, body=Body.of(carts.CartItemIn)), methods=["POST"]),
    Route(
        "/cart/items/{item}",
        endpoint(update_item, body=Body.of(carts.CartItemUpdate)),
        methods=["PUT"],
    ),
    Route("/cart/items/{item}", endpoint(remove_item), methods=["DELETE"]),
    Route("/cart/merge", endpoint(merge, body=MERGE_BODY), methods=["POST"]),
    Route("/cart/validate", endpoint(validate), methods=["POST"]),
]
