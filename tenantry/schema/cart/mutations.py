"""Cart writes for members and guests; a guest's first write returns the new cart's token."""

from __future__ import annotations

import strawberry

from tenantry.core.ids import parse_id
from tenantry.core.inputs import parse_input
from tenantry.resolvers import cart as carts
from tenantry.schema.cart.inputs import AddToCartInput
from tenantry.schema.cart.types import Cart, GQLInfo, cart_of, token_from


def _id(value: strawberry.ID | None) -> str | None:
    return None if value is None else str(value)


@strawberry.type
class Mutation:
    @strawberry.mutation(description="Adds a product (or more of it); the price is the catalog's.")
    async def add_to_cart(self, info: GQLInfo, input: AddToCartInput) -> Cart:
        context = info.context
        data = parse_input(
            carts.CartItemIn,
            {
                "product_id": _id(input.product_id),
                "variant_id": _id(input.variant_id),
                "quantity": input.quantity,
            },
        )
        cart = await carts.add_to_cart(
            context.session,
            ctx=context.ctx,
            cart_token=token_from(context, input.cart_token),
            data=data,
        )
        return await cart_of(context, cart)

    @strawberry.mutation
    async def update_cart_item(
        self,
        info: GQLInfo,
        item_id: strawberry.ID,
        quantity: int,
        cart_token: str | None = None,
    ) -> Cart:
        context = info.context
        data = parse_input(carts.CartItemUpdate, {"quantity": quantity})
        cart = await carts.update_cart_item(
            context.session,
            ctx=context.ctx,
            cart_token=token_from(context, cart_token),
            item_id=parse_id(item_id, "cart item"),
            data=data,
        )
        return await cart_of(context, cart)

    @strawberry.mutation
    async def remove_from_cart(
        self, info: GQLInfo, item_id: strawberry.ID, cart_token: str | None = None
    ) -> Cart:
        context = info.context
        cart = await carts.remove_cart_item(
            context.session,
            ctx=context.ctx,
            cart_token=token_from(context, cart_token),
            item_id=parse_id(item_id, "cart item"),
        )
        return await cart_of(context, cart)

    @strawberry.mutation(description="Empties the cart and takes its coupon off.")
    async def clear_cart(self, info: GQLInfo, cart_token: str | None = None) -> Cart:
        context = info.context
        cart = await carts.clear_my_cart(
            context.session, ctx=context.ctx, cart_token=token_from(context, cart_token)
        )
        return await cart_of(context, cart)

    @strawberry.mutation(description="Moves a guest cart into the signed-in member's cart.")
    async def merge_cart(self, info: GQLInfo, cart_token: str) -> Cart:
        context = info.context
        cart = await carts.merge_carts(context.session, ctx=context.ctx, cart_token=cart_token)
        return await cart_of(context, cart)
