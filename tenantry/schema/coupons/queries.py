from __future__ import annotations

import strawberry

from tenantry.core.errors import ValidationFailed
from tenantry.core.inputs import parse_input
from tenantry.resolvers import cart as carts
from tenantry.resolvers import coupons
from tenantry.schema.cart.types import GQLInfo, token_from
from tenantry.schema.coupons.types import Coupon, CouponValidation


@strawberry.type
class Query:
    @strawberry.field(description="Public coupons and those assigned to the member, still usable.")
    async def my_coupons(self, info: GQLInfo) -> list[Coupon]:
        context = info.context
        found = await coupons.list_my_coupons(context.session, ctx=context.ctx)
        return [Coupon.mine(mine) for mine in found]

    @strawberry.field(
        description="The discount on amount when given, else on the caller's cart. "
        "A code that cannot be used answers valid: false with the reason."
    )
    async def validate_coupon(
        self,
        info: GQLInfo,
        code: str,
        amount: int | None = None,
        cart_token: str | None = None,
    ) -> CouponValidation:
        context = info.context
        data = parse_input(carts.CouponCheckIn, {"code": code, "amount": amount})
        try:
            check = await carts.validate_coupon(
                context.session,
                ctx=context.ctx,
                cart_token=token_from(context, cart_token),
                data=data,
            )
        except ValidationFailed as exc:
            return CouponValidation(
                valid=False,
                code=coupons.normalize_code(code),
                type=None,
                value=None,
                discount=0,
                message=exc.message,
            )
        return CouponValidation(
            valid=True,
            code=check.coupon.code,
            type=check.coupon.type,
            value=check.coupon.value,
            discount=check.discount,
            message=check.message,
        )
