"""Orders for tests: carts filled with rows, checkouts run as an edge runs them (one transaction
per call), and the rows an order leaves behind read back."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sqlmodel import col, select

from tenantry.auth.principal import Principal, PrincipalKind
from tenantry.core.context import Ctx
from tenantry.models.cart import Cart, CartItem
from tenantry.models.catalog import Product, ProductVariant
from tenantry.models.order import Order, OrderItem, OrderStatus, OrderStatusChange
from tenantry.models.tenant import ApiKeyKind
from tenantry.resolvers import orders
from tenantry.serving.services import Services
from tests.conftest import TenantFixture
from tests.resolvers.cart.rows import coupon, product, variant
from tests.support import add, make_ctx, member_ctx, member_token, members

SECRET_KEY = Principal(kind=PrincipalKind.API_KEY, key_kind=ApiKeyKind.SECRET, key_id=1)
ADDRESS = {
    "name": "John Doe",
    "phone": "010-1234-5678",
    "address": "123 Main St",
    "city": "Seoul",
    "zip": "12345",
}
Line = tuple[Product, ProductVariant | None, int]
STOCK_UPDATE = re.compile(r"^\s*UPDATE (product|product_variant) SET stock\b", re.IGNORECASE)
COUPON_TABLE = re.compile(r"\b(FROM|UPDATE|INTO) coupon(_redemption)?\b", re.IGNORECASE)


def admin_ctx(services: Services, tenant: TenantFixture) -> Ctx:
    return make_ctx(services, tenant, SECRET_KEY)


async def fill_cart(
    services: Services, tenant: TenantFixture, member_id: int, *lines: Line, coupon: str = ""
) -> int:
    async with services.db.unit(tenant.id) as uow:
        cart = await uow.session.scalar(select(Cart).where(col(Cart.member_id) == member_id))
        cart = cart or Cart(member_id=member_id)
        cart.coupon_code = coupon or None
        uow.session.add(cart)
        await uow.commit()
    assert cart.id is not None
    items = [
        CartItem(
            cart_id=cart.id,
            product_id=product.id,
            variant_id=variant.id if variant else None,
            quantity=quantity,
            unit_price=product.price,
        )
        for product, variant, quantity in lines
    ]
    await add(services, tenant, *items)
    return cart.id


async def checkout(services: Services, tenant: TenantFixture, member_id: int, **data: Any) -> Order:
    data.setdefault("shipping_address", ADDRESS)
    async with services.db.unit(tenant.id) as uow:
        placed = await orders.create_order_from_cart(
            uow.session,
            ctx=member_ctx(services, tenant, member_id),
            data=orders.CheckoutIn.model_validate(data),
        )
        await uow.commit()
    return placed.order


async def move(
    services: Services, tenant: TenantFixture, number: str, *statuses: OrderStatus
) -> Order:
    """Staff move the order through statuses, one transaction each."""
    order: Order | None = None
    for status in statuses:
        async with services.db.unit(tenant.id) as uow:
            order = await orders.update_order_status(
                uow.session, ctx=admin_ctx(services, tenant), number=number, status=status
            )
            await uow.commit()
    assert order is not None
    return order


async def stock_of(services: Services, tenant: TenantFixture, row: Product | ProductVariant) -> Any:
    async with services.db.unit(tenant.id) as uow:
        found = await uow.session.get(type(row), row.id)
    assert found is not None
    return found.stock


async def load_order(services: Services, tenant: TenantFixture, number: str) -> Order | None:
    async with services.db.unit(tenant.id) as uow:
        found: Order | None = await uow.session.scalar(
            select(Order).where(col(Order.number) == number)
        )
        return found


async def items_of(services: Services, tenant: TenantFixture, order_id: int | None) -> list[Any]:
    async with services.db.unit(tenant.id) as uow:
        return list(
            await uow.session.scalars(select(OrderItem).where(col(OrderItem.order_id) == order_id))
        )


async def history_of(
    services: Services, tenant: TenantFixture, order_id: int | None
) -> list[tuple[str | None, str]]:
    async with services.db.unit(tenant.id) as uow:
        rows = await uow.session.scalars(
            select(OrderStatusChange)
            .where(col(OrderStatusChange.order_id) == order_id)
            .order_by(col(OrderStatusChange.id))
        )
        return [(row.from_status, row.to_status) for row in rows]


async def shoppers(
    services: Services,
    tenant: TenantFixture,
    count: int,
    product: Product,
    variant: ProductVariant | None = None,
    quantity: int = 1,
) -> list[str]:
    """count new members, each with quantity of product in their cart; their access tokens."""
    member_ids = await members(services, tenant, count)
    carts = [Cart(member_id=member_id) for member_id in member_ids]
    await add(services, tenant, *carts)
    items = [
        CartItem(
            cart_id=cart.id or 0,
            product_id=product.id or 0,
            variant_id=variant.id if variant else None,
            quantity=quantity,
            unit_price=product.price,
        )
        for cart in carts
    ]
    await add(services, tenant, *items)
    return [await member_token(services, tenant, member_id) for member_id in member_ids]


def after_stock(statements: list[str]) -> list[str]:
    """The statements sent after the last stock UPDATE, which must have been sent."""
    taken = [index for index, sql in enumerate(statements) if STOCK_UPDATE.match(sql)]
    assert taken, statements
    return statements[taken[-1] + 1 :]


def is_coupon_statement(sql: str) -> bool:
    return COUPON_TABLE.search(sql) is not None


@dataclass(frozen=True)
class ReadyCart:
    """A member with a filled cart and an access token, ready to check out."""

    member_id: int
    cart_id: int
    token: str
    mug: Product
    shirt: Product | None = None
    large: ProductVariant | None = None
    coupon_id: int | None = None


async def mug_in_cart(services: Services, tenant: TenantFixture) -> ReadyCart:
    """Two mugs of a product with five in stock."""
    [member_id] = await members(services, tenant)
    mug = await product(services, tenant, "Mug", price=1500, stock=5)
    cart_id = await fill_cart(services, tenant, member_id, (mug, None, 2))
    token = await member_token(services, tenant, member_id)
    return ReadyCart(member_id, cart_id, token, mug)


async def mixed_cart_with_coupon(
    services: Services, tenant: TenantFixture, **coupon_fields: Any
) -> ReadyCart:
    """A mug, two large shirts (a variant with its own stock of four) and the coupon SAVE10."""
    [member_id] = await members(services, tenant)
    mug = await product(services, tenant, "Mug", price=1500, stock=5)
    shirt = await product(services, tenant, "Shirt", price=2000)
    large = await variant(services, tenant, shirt, "Large", price=2500, stock=4)
    save = await coupon(services, tenant, "SAVE10", value=10, **coupon_fields)
    cart_id = await fill_cart(
        services, tenant, member_id, (mug, None, 1), (shirt, large, 2), coupon="SAVE10"
    )
    token = await member_token(services, tenant, member_id)
    return ReadyCart(member_id, cart_id, token, mug, shirt, large, save.id)
