"""Coupon writes: staff manage coupons; buyers put one on their cart or take it off."""

from __future__ import annotations

import strawberry

from tenantry.core.ids import parse_id, parse_reference
from tenantry.core.inputs import parse_input
from tenantry.resolvers import cart as carts
from tenantry.resolvers import coupons
from tenantry.schema.cart.types import Cart, GQLInfo, cart_of, token_from
from tenantry.schema.coupons.types import Coupon, CreateCouponInput, UpdateCouponInput
from tenantry.schema.inputs import input_data


@strawberry.type
class Mutation:
    @strawberry.mutation(description="Staff: a new coupon; codes are stored upper-case.")
    async def create_coupon(self, info: GQLInfo, input: CreateCouponInput) -> Coupon:
        context = info.context
        data = parse_input(coupons.CouponIn, input_data(input))
        coupon = await coupons.create_coupon(context.session, ctx=context.ctx, data=data)
        return Coupon.from_model(coupon)

    @strawberry.mutation
    async def update_coupon(
        self, info: GQLInfo, id: strawberry.ID, input: UpdateCouponInput
    ) -> Coupon:
        context = info.context
        data = parse_input(coupons.CouponUpdate, input_data(input))
        coupon = await coupons.update_coupon(
            context.session, ctx=context.ctx, coupon_id=parse_id(id, "coupon"), data=data
        )
        return Coupon.from_model(coupon)

    @strawberry.mutation
    async def delete_coupon(self, info: GQLInfo, id: strawberry.ID) -> bool:
        context = info.context
        await coupons.delete_coupon(
            context.session, ctx=context.ctx, coupon_id=parse_id(id, "coupon")
        )
        return True

    @strawberry.mutation(description="Staff: the member may use this coupon and sees it listed.")
    async def assign_coupon(
        self, info: GQLInfo, coupon_id: strawberry.ID, member_id: strawberry.ID
    ) -> Coupon:
        context = info.context
        coupon = await coupons.assign_coupon(
            context.session,
            ctx=context.ctx,
            coupon_id=parse_id(coupon_id, "coupon"),
            member_id=parse_reference(member_id, "member_id"),
        )
        return Coupon.from_model(coupon)

    @strawberry.mutation(description="Quotes the code against the cart, then keeps it there.")
    async def apply_coupon(self, info: GQLInfo, code: str, cart_token: str | None = None) -> Cart:
        context = info.context
        data = parse_input(carts.CouponApplyIn, {"code": code})
        cart = await carts.apply_coupon(
            context.session, ctx=context.ctx, cart_token=token_from(context, cart_token), data=data
        )
        return await cart_of(context, cart)

    @strawberry.mutation
    async def remove_cart_coupon(self, info: GQLInfo, cart_token: str | None = None) -> Cart:
        context = info.context
        cart = await carts.apply_coupon(
            context.session,
            ctx=context.ctx,
            cart_token=token_from(context, cart_token),
            data=carts.CouponApplyIn(code=None),
        )
        return await cart_of(context, cart)
