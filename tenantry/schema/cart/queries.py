from __future__ import annotations

import strawberry

from tenantry.resolvers import cart as carts
from tenantry.schema.cart.types import Cart, CartValidation, GQLInfo, cart_of, token_from


@strawberry.type
class Query:
    @strawberry.field(
        description="The member's cart, or the guest cart of cartToken; null if none."
    )
    async def cart(self, info: GQLInfo, cart_token: str | None = None) -> Cart | None:
        context = info.context
        found = await carts.get_cart(
            context.session, ctx=context.ctx, cart_token=token_from(context, cart_token)
        )
        return await cart_of(context, found) if found is not None else None

    @strawberry.field(
        description="Price changes, stock and availability per line; changes nothing."
    )
    async def validate_cart(self, info: GQLInfo, cart_token: str | None = None) -> CartValidation:
        context = info.context
        report = await carts.validate_cart(
            context.session, ctx=context.ctx, cart_token=token_from(context, cart_token)
        )
        return CartValidation.from_report(report)
