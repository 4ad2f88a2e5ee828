"""Cart object types, built from one CartSummary: its lines, products and variants come loaded
together in a fixed number of statements, so a cart of 2 or 20 items costs the same."""

from __future__ import annotations

import strawberry
from strawberry.scalars import JSON
from strawberry.types import Info

from tenantry.models.cart import Cart as CartRow
from tenantry.resolvers import cart as carts
from tenantry.schema.context import GraphQLContext

GQLInfo = Info[GraphQLContext, None]


@strawberry.type
class CartProduct:
    id: strawberry.ID
    name: str
    slug: str
    type: str
    image: str | None


@strawberry.type
class CartVariant:
    id: strawberry.ID
    name: str
    options: JSON


@strawberry.type
class CartItem:
    id: strawberry.ID
    product: CartProduct
    variant: CartVariant | None
    quantity: int
    unit_price: int = strawberry.field(description="Today's price, in minor units.")
    total: int
    in_stock: bool
    available: bool = strawberry.field(description="False once the product is no longer sold.")

    @classmethod
    def from_line(cls, line: carts.CartLine) -> CartItem:
        product, variant = line.product, line.variant
        return cls(
            id=strawberry.ID(str(line.item.id)),
            product=CartProduct(
                id=strawberry.ID(str(product.id)),
                name=product.name,
                slug=product.slug,
                type=str(product.type),
                image=line.image,
            ),
            variant=(
                CartVariant(
                    id=strawberry.ID(str(variant.id)),
                    name=variant.name,
                    options=JSON(variant.options),
                )
                if variant is not None
                else None
            ),
            quantity=line.item.quantity,
            unit_price=line.unit_price,
            total=line.total,
            in_stock=line.in_stock,
            available=line.purchasable,
        )


@strawberry.type
class Cart:
    id: strawberry.ID
    token: str | None = strawberry.field(
        description="A guest cart's token: send it back as cartToken (or X-Cart-Token)."
    )
    items: list[CartItem]
    item_count: int
    subtotal: int
    discount: int
    coupon_code: str | None
    total: int = strawberry.field(description="Subtotal less discount; the order adds shipping.")
    currency: str

    @classmethod
    def from_summary(cls, summary: carts.CartSummary) -> Cart:
        cart = summary.cart
        assert cart is not None
        return cls(
            id=strawberry.ID(str(cart.id)),
            token=cart.token if cart.member_id is None else None,
            items=[CartItem.from_line(line) for line in summary.lines],
            item_count=summary.item_count,
            subtotal=summary.subtotal,
            discount=summary.discount,
            coupon_code=summary.coupon_code,
            total=summary.total,
            currency=summary.currency,
        )


@strawberry.type
class CartLineCheck:
    item_id: strawberry.ID
    product_id: strawberry.ID
    variant_id: strawberry.ID | None
    name: str
    quantity: int
    unit_price: int = strawberry.field(description="The price when the item was added.")
    current_price: int
    price_changed: bool
    available_quantity: int | None = strawberry.field(description="Null: stock not tracked.")
    in_stock: bool
    is_available: bool
    valid: bool
    messages: list[str]

    @classmethod
    def from_check(cls, check: carts.LineCheck) -> CartLineCheck:
        line = check.line
        item = line.item
        return cls(
            item_id=strawberry.ID(str(item.id)),
            product_id=strawberry.ID(str(item.product_id)),
            variant_id=strawberry.ID(str(item.variant_id)) if item.variant_id else None,
            name=line.product.name,
            quantity=item.quantity,
            unit_price=item.unit_price,
            current_price=line.unit_price,
            price_changed=check.price_changed,
            available_quantity=line.available if line.purchasable else 0,
            in_stock=line.in_stock,
            is_available=line.purchasable,
            valid=check.valid,
            messages=check.messages,
        )


@strawberry.type
class CartValidation:
    valid: bool
    items: list[CartLineCheck]
    messages: list[str]
    coupon_code: str | None
    coupon_error: str | None

    @classmethod
    def from_report(cls, report: carts.CartValidation) -> CartValidation:
        return cls(
            valid=report.valid,
            items=[CartLineCheck.from_check(check) for check in report.lines],
            messages=report.messages,
            coupon_code=report.coupon_code,
            coupon_error=report.coupon_error,
        )


def token_from(context: GraphQLContext, given: str | None) -> str | None:
    """The cartToken argument, else the X-Cart-Token header or the cart_token cookie."""
    if given:
        return given
    request = context.request
    return request.headers.get("X-Cart-Token") or request.cookies.get("cart_token") or None


async def cart_of(context: GraphQLContext, cart: CartRow) -> Cart:
    summary = await carts.summarize_cart(context.session, ctx=context.ctx, cart=cart)
    return Cart.from_summary(summary)
