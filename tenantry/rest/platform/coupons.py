"""Dialect A coupons: GET /coupons, POST /coupons/validate, POST /coupons/apply."""

from __future__ import annotations

from typing import Any

from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from tenantry.core.pagination import PageRequest
from tenantry.models.coupon import Coupon
from tenantry.resolvers import cart as carts
from tenantry.resolvers import coupons
from tenantry.rest.endpoint import Call, endpoint
from tenantry.rest.envelopes import json
from tenantry.rest.formats import iso, page_meta, page_of
from tenantry.rest.platform.cart import cart_response, cart_token_of
from tenantry.rest.spec import PAGED, Body


def coupon_json(coupon: Coupon) -> dict[str, Any]:
    return {
        "id": coupon.id,
        "code": coupon.code,
        "name": coupon.name,
        "type": str(coupon.type),
        "value": coupon.value,
        "max_discount": coupon.max_discount,
        "min_order_amount": coupon.min_order_amount,
        "starts_at": iso(coupon.starts_at),
        "ends_at": iso(coupon.ends_at),
        "product_ids": coupon.product_ids,
        "category_ids": coupon.category_ids,
    }


async def my_coupons(call: Call) -> Response:
    """The member's usable coupons with the uses each has left."""
    page = PageRequest.parse(call.query("page"), call.query("per_page"))
    found = page_of(await coupons.list_my_coupons(call.session, ctx=call.ctx), page)
    return json(
        {
            "data": [
                {**coupon_json(mine.coupon), "remaining_uses": mine.uses_left}
                for mine in found.items
            ],
            "meta": page_meta(found),
        }
    )


async def validate_coupon(call: Call) -> Response:
    """The discount a code would give the caller's cart (or `amount`); applies nothing."""
    data = call.parse(carts.CouponCheckIn, await call.json())
    check = await carts.validate_coupon(
        call.session, ctx=call.ctx, cart_token=cart_token_of(call.request), data=data
    )
    coupon = check.coupon
    return json(
        {
            "data": {
                "valid": True,
                "code": coupon.code,
                "type": str(coupon.type),
                "value": coupon.value,
                "discount": check.discount,
                "message": check.message,
            }
        }
    )


async def apply_coupon(call: Call) -> Response:
    """Apply a code to the caller's cart (null takes it off); answers the cart."""
    data = call.parse(carts.CouponApplyIn, await call.json())
    cart = await carts.apply_coupon(
        call.session, ctx=call.ctx, cart_token=cart_token_of(call.request), data=data
    )
    return await cart_response(call, cart)


routes: list[BaseRoute] = [
    Route("/coupons", endpoint(my_coupons, query=PAGED), methods=["GET"]),
    Route(
        "/coupons/validate",
        endpoint(validate_coupon, body=Body.of(carts.CouponCheckIn)),
        methods=["POST"],
    ),
    Route(
        "/coupons/apply",
        endpoint(apply_coupon, body=Body.of(carts.CouponApplyIn)),
        methods=["POST"],
    ),
]
