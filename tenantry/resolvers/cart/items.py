"""Putting products in a cart, changing quantities, taking them out."""

from __future__ import annotations

from pydantic import Field
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from tenantry.core.context import Ctx
from tenantry.core.errors import Conflict, NotFound, ValidationFailed
from tenantry.core.inputs import Input, RowId
from tenantry.models.cart import Cart, CartItem
from tenantry.models.catalog import Product, ProductStatus, ProductVariant
from tenantry.resolvers.cart.carts import get_cart, get_or_create_cart
from tenantry.resolvers.catalog import available_quantity, get_product_by_id, get_variant
from tenantry.resolvers.catalog.prices import unit_price
from tenantry.resolvers.stock import OutOfStock

MAX_QUANTITY = 10_000


class ProductUnavailable(Conflict):
    default_code = "product_unavailable"


class CartItemIn(Input):
    product_id: RowId
    variant_id: RowId | None = None
    quantity: int = Field(default=1, ge=1, le=MAX_QUANTITY)


class CartItemUpdate(Input):
    quantity: int = Field(ge=1, le=MAX_QUANTITY)


def out_of_stock(product: Product, available: int) -> OutOfStock:
    if available <= 0:
        return OutOfStock(f"{product.name} is out of stock.")
    return OutOfStock(f"Only {available} of {product.name} left in stock.")


async def check_stock(
    session: AsyncSession, *, product: Product, variant: ProductVariant | None, quantity: int
) -> None:
    available = await available_quantity(session, product=product, variant=variant)
    if available is not None and quantity > available:
        raise out_of_stock(product, available)


async def add_to_cart(
    session: AsyncSession, *, ctx: Ctx, cart_token: str | None, data: CartItemIn
) -> Cart:
    """Add a line, or more of a line already there; the price is always the catalog's."""
    product, variant = await _purchasable(session, ctx=ctx, data=data)
    cart = await get_or_create_cart(session, ctx=ctx, cart_token=cart_token, for_update=True)
    line = await _line(session, cart=cart, product=product, variant=variant)
    quantity = data.quantity + (line.quantity if line is not None else 0)
    if quantity > MAX_QUANTITY:
        raise ValidationFailed.single(
            "quantity", f"The quantity field must not be greater than {MAX_QUANTITY}."
        )
    await check_stock(session, product=product, variant=variant, quantity=quantity)
    price = unit_price(product, variant)
    if line is None:
        assert cart.id is not None
        assert product.id is not None
        line = CartItem(
            cart_id=cart.id,
            product_id=product.id,
            variant_id=variant.id if variant is not None else None,
            quantity=quantity,
            unit_price=price,
        )
        session.add(line)
    else:
        line.quantity = quantity
        line.unit_price = price  # the buyer has just seen today's price
    await session.flush()
    return cart


async def update_cart_item(
    session: AsyncSession, *, ctx: Ctx, cart_token: str | None, item_id: int, data: CartItemUpdate
) -> Cart:
    cart, item = await _owned_item(session, ctx=ctx, cart_token=cart_token, item_id=item_id)
    product = await session.get(Product, item.product_id)
    variant = await session.get(ProductVariant, item.variant_id) if item.variant_id else None
    if product is None or product.status != ProductStatus.ACTIVE:
        name = product.name if product is not None else "This product"
        raise ProductUnavailable(f"{name} is no longer available.")
    if variant is not None and not variant.is_active:
        raise ProductUnavailable(f"{product.name} is no longer available in this option.")
    await check_stock(session, product=product, variant=variant, quantity=data.quantity)
    item.quantity = data.quantity
    await session.flush()
    return cart


async def remove_cart_item(
    session: AsyncSession, *, ctx: Ctx, cart_token: str | None, item_id: int
) -> Cart:
    cart, item = await _owned_item(session, ctx=ctx, cart_token=cart_token, item_id=item_id)
    await session.delete(item)
    await session.flush()
    return cart


async def _purchasable(
    session: AsyncSession, *, ctx: Ctx, data: CartItemIn
) -> tuple[Product, ProductVariant | None]:
    try:
        product = await get_product_by_id(session, ctx=ctx, product_id=data.product_id)
    except NotFound:
        product = None
    # Staff may see drafts in the catalog; nobody can buy one.
    if product is None or product.status != ProductStatus.ACTIVE:
        raise ValidationFailed.single("product_id", "The selected product is invalid.")
    if data.variant_id is not None:
        try:
            return product, await get_variant(session, product=product, variant_id=data.variant_id)
        except NotFound:
            raise ValidationFailed.single(
                "variant_id", "The selected variant is invalid."
            ) from None
    has_variants = await session.scalar(
        select(ProductVariant.id)
        .where(
            col(ProductVariant.product_id) == product.id, col(ProductVariant.is_active).is_(True)
        )
        .limit(1)
    )
    if has_variants is not None:
        raise ValidationFailed.single(
            "variant_id",
            "The variant id field is required for this product.",
            code="variant_required",
        )
    return product, None


async def _line(
    session: AsyncSession, *, cart: Cart, product: Product, variant: ProductVariant | None
) -> CartItem | None:
    query = select(CartItem).where(
        col(CartItem.cart_id) == cart.id, col(CartItem.product_id) == product.id
    )
    if variant is None:
        query = query.where(col(CartItem.variant_id).is_(None))
    else:
        query = query.where(col(CartItem.variant_id) == variant.id)
    return await session.scalar(query)


async def _owned_item(
    session: AsyncSession, *, ctx: Ctx, cart_token: str | None, item_id: int
) -> tuple[Cart, CartItem]:
    """Another cart's item is indistinguishable from a missing one."""
    cart = await get_cart(session, ctx=ctx, cart_token=cart_token, for_update=True)
    item = None
    if cart is not None:
        item = await session.scalar(
            select(CartItem).where(col(CartItem.id) == item_id, col(CartItem.cart_id) == cart.id)
        )
    if cart is None or item is None:
        raise NotFound("cart item")
    return cart, item
