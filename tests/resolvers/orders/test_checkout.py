"""create_order_from_cart: one transaction from the member's cart to a pending order."""

from __future__ import annotations

import re

import pytest

from tenantry.core.errors import Unauthenticated, ValidationFailed
from tenantry.models.cart import CartItem
from tenantry.models.catalog import ProductStatus, ProductType
from tenantry.models.coupon import CouponRedemption
from tenantry.models.order import Order, OrderStatus
from tenantry.resolvers import orders
from tenantry.resolvers.stock import OutOfStock
from tenantry.serving.services import Services
from tests.conftest import Factory
from tests.resolvers.cart.rows import (
    cart_rows,
    change_product,
    coupon,
    find_cart,
    load_coupon,
    product,
    variant,
)
from tests.resolvers.orders.support import (
    ADDRESS,
    checkout,
    fill_cart,
    history_of,
    items_of,
    stock_of,
)
from tests.support import count, events_of, make_ctx, member_ctx, members

NUMBER = re.compile(r"ORD-\d{8}-[A-Z2-9]{6}")


async def test_checkout_turns_the_cart_into_a_pending_order(
    services: Services, factory: Factory
) -> None:
    # given
    tenant = await factory.tenant()
    [member_id] = await members(services, tenant)
    mug = await product(services, tenant, "Mug", price=1500, stock=10)
    shirt = await product(services, tenant, "Shirt", price=2000)
    large = await variant(services, tenant, shirt, "Large", price=2500, stock=4)
    cart_id = await fill_cart(services, tenant, member_id, (mug, None, 2), (shirt, large, 1))
    # when
    order = await checkout(services, tenant, member_id, note="Leave at the door")
    # then
    assert NUMBER.fullmatch(order.number)
    assert order.status == OrderStatus.PENDING
    assert (order.subtotal, order.discount_total, order.total) == (5500, 0, 5500)
    assert order.currency == tenant.info.currency
    assert order.member_id == member_id
    assert order.email is not None
    assert order.email.startswith("m-")
    assert order.shipping_address == ADDRESS
    assert order.note == "Leave at the door"
    items = sorted(await items_of(services, tenant, order.id), key=lambda i: i.unit_price)
    assert [(i.name, i.unit_price, i.quantity, i.total) for i in items] == [
        ("Mug", 1500, 2, 3000),
        ("Shirt - Large", 2500, 1, 2500),
    ]
    assert items[1].options == {"size": "Large"}
    assert items[0].sku == mug.sku
    assert await history_of(services, tenant, order.id) == [(None, "pending")]
    assert await stock_of(services, tenant, mug) == 8
    assert await stock_of(services, tenant, large) == 3
    assert await cart_rows(services, tenant, cart_id) == []


async def test_checkout_records_order_created(services: Services, factory: Factory) -> None:
    tenant = await factory.tenant()
    [member_id] = await members(services, tenant)
    mug = await product(services, tenant, "Mug", price=1500)
    await fill_cart(services, tenant, member_id, (mug, None, 2))
    order = await checkout(services, tenant, member_id)
    [event] = await events_of(services, tenant, "order", order.id)
    assert event.type == "order.created"
    assert event.data["id"] == f"ord_{order.id}"
    assert event.data["status"] == "pending"
    assert event.data["total"] == 3000
    assert event.data["items"] == [
        {"product_id": f"prod_{mug.id}", "quantity": 2, "price": 1500, "name": "Mug"}
    ]


async def test_an_empty_cart_cannot_be_ordered(services: Services, factory: Factory) -> None:
    tenant = await factory.tenant()
    [member_id] = await members(services, tenant)
    await fill_cart(services, tenant, member_id)
    with pytest.raises(ValidationFailed) as raised:
        await checkout(services, tenant, member_id)
    assert raised.value.fields == {"cart": ["Your cart is empty."]}


async def test_a_member_without_a_cart_has_an_empty_cart(
    services: Services, factory: Factory
) -> None:
    tenant = await factory.tenant()
    [member_id] = await members(services, tenant)
    with pytest.raises(ValidationFailed) as raised:
        await checkout(services, tenant, member_id)
    assert raised.value.fields == {"cart": ["Your cart is empty."]}


async def test_checkout_needs_a_member(services: Services, factory: Factory) -> None:
    tenant = await factory.tenant()
    async with services.db.unit(tenant.id) as uow:
        with pytest.raises(Unauthenticated):
            await orders.create_order_from_cart(
                uow.session, ctx=make_ctx(services, tenant), data=orders.CheckoutIn()
            )


async def test_parcels_need_a_shipping_address(services: Services, factory: Factory) -> None:
    tenant = await factory.tenant()
    [member_id] = await members(services, tenant)
    mug = await product(services, tenant, stock=3)
    await fill_cart(services, tenant, member_id, (mug, None, 1))
    with pytest.raises(ValidationFailed) as raised:
        await checkout(services, tenant, member_id, shipping_address=None)
    assert raised.value.fields == {"shipping_address": ["The shipping address field is required."]}
    assert await stock_of(services, tenant, mug) == 3


async def test_digital_goods_need_no_address(services: Services, factory: Factory) -> None:
    tenant = await factory.tenant()
    [member_id] = await members(services, tenant)
    ebook = await product(services, tenant, "Ebook", type=ProductType.DIGITAL)
    await fill_cart(services, tenant, member_id, (ebook, None, 1))
    order = await checkout(services, tenant, member_id, shipping_address=None)
    assert order.shipping_address == {}


async def test_an_incomplete_address_is_invalid(services: Services, factory: Factory) -> None:
    with pytest.raises(ValueError, match="zip"):
        orders.CheckoutIn.model_validate({"shipping_address": {**ADDRESS, "zip": ""}})


async def test_out_of_stock_writes_nothing(services: Services, factory: Factory) -> None:
    # given
    tenant = await factory.tenant()
    [member_id] = await members(services, tenant)
    mug = await product(services, tenant, "Mug", stock=5)
    cup = await product(services, tenant, "Cup", stock=1)
    cart_id = await fill_cart(services, tenant, member_id, (mug, None, 2), (cup, None, 2))
    # when
    with pytest.raises(OutOfStock, match=r"^Cup is out of stock\.$"):
        await checkout(services, tenant, member_id)
    # then
    assert await count(services, tenant, Order) == 0
    assert await stock_of(services, tenant, mug) == 5
    assert len(await cart_rows(services, tenant, cart_id)) == 2


async def test_out_of_stock_leaves_the_cart_as_it_was(services: Services, factory: Factory) -> None:
    """The cart is emptied before the stock is taken: the rollback must give it back whole."""
    # given
    tenant = await factory.tenant()
    [member_id] = await members(services, tenant)
    mug = await product(services, tenant, "Mug", stock=5)
    cup = await product(services, tenant, "Cup", stock=1)
    await coupon(services, tenant, "CART20", value=20)
    cart_id = await fill_cart(
        services, tenant, member_id, (mug, None, 2), (cup, None, 2), coupon="CART20"
    )
    before = [
        (row.id, row.product_id, row.quantity) for row in await cart_rows(services, tenant, cart_id)
    ]
    # when
    with pytest.raises(OutOfStock):
        await checkout(services, tenant, member_id)
    # then
    after = [
        (row.id, row.product_id, row.quantity) for row in await cart_rows(services, tenant, cart_id)
    ]
    assert after == before
    cart = await find_cart(services, tenant, cart_id)
    assert cart is not None
    assert cart.coupon_code == "CART20"


async def test_the_placed_order_carries_the_rows_it_wrote(
    services: Services, factory: Factory
) -> None:
    # given
    tenant = await factory.tenant()
    [member_id] = await members(services, tenant)
    mug = await product(services, tenant, "Mug", price=1500, stock=10)
    shirt = await product(services, tenant, "Shirt", price=2000)
    large = await variant(services, tenant, shirt, "Large", price=2500, stock=4)
    await fill_cart(services, tenant, member_id, (shirt, large, 1), (mug, None, 2))
    # when
    async with services.db.unit(tenant.id) as uow:
        placed = await orders.create_order_from_cart(
            uow.session,
            ctx=member_ctx(services, tenant, member_id),
            data=orders.CheckoutIn.model_validate({"shipping_address": ADDRESS}),
        )
        await uow.commit()
    # then
    order_id = placed.order.id
    assert [(item.id, item.name) for item in placed.items] == [
        (item.id, item.name)
        for item in sorted(await items_of(services, tenant, order_id), key=lambda i: i.id or 0)
    ]
    assert [(c.from_status, c.to_status) for c in placed.history] == await history_of(
        services, tenant, order_id
    )


async def test_a_product_no_longer_sold_stops_the_checkout(
    services: Services, factory: Factory
) -> None:
    tenant = await factory.tenant()
    [member_id] = await members(services, tenant)
    mug = await product(services, tenant, "Mug")
    await fill_cart(services, tenant, member_id, (mug, None, 1))
    await change_product(services, tenant, mug.id, status=ProductStatus.ARCHIVED)
    with pytest.raises(ValidationFailed) as raised:
        await checkout(services, tenant, member_id)
    assert raised.value.fields == {
        "cart": ["Mug is no longer available; remove it from your cart."]
    }


async def test_today_s_price_is_charged_not_the_price_when_added(
    services: Services, factory: Factory
) -> None:
    tenant = await factory.tenant()
    [member_id] = await members(services, tenant)
    mug = await product(services, tenant, "Mug", price=1000)
    await fill_cart(services, tenant, member_id, (mug, None, 1))
    await change_product(services, tenant, mug.id, price=1200)
    order = await checkout(services, tenant, member_id)
    assert order.total == 1200


async def test_client_prices_totals_and_status_are_ignored(
    services: Services, factory: Factory
) -> None:
    tenant = await factory.tenant()
    [member_id] = await members(services, tenant)
    mug = await product(services, tenant, "Mug", price=1000)
    await fill_cart(services, tenant, member_id, (mug, None, 1))
    order = await checkout(
        services, tenant, member_id, total=1, subtotal=1, status="paid", price=1, unit_price=1
    )
    assert (order.status, order.subtotal, order.total) == (OrderStatus.PENDING, 1000, 1000)


async def test_a_coupon_is_quoted_and_redeemed(services: Services, factory: Factory) -> None:
    # given
    tenant = await factory.tenant()
    [member_id] = await members(services, tenant)
    mug = await product(services, tenant, "Mug", price=10000)
    save = await coupon(services, tenant, "SAVE10", value=10, usage_limit=5)
    await fill_cart(services, tenant, member_id, (mug, None, 1))
    # when
    order = await checkout(services, tenant, member_id, coupon_code="save10")
    # then
    assert (order.subtotal, order.discount_total, order.total) == (10000, 1000, 9000)
    assert (order.coupon_id, order.coupon_code) == (save.id, "SAVE10")
    assert (await load_coupon(services, tenant, save.id)).usage_count == 1
    assert await count(services, tenant, CouponRedemption) == 1


async def test_the_cart_s_coupon_applies_when_none_is_sent(
    services: Services, factory: Factory
) -> None:
    tenant = await factory.tenant()
    [member_id] = await members(services, tenant)
    mug = await product(services, tenant, "Mug", price=10000)
    await coupon(services, tenant, "CART20", value=20)
    await fill_cart(services, tenant, member_id, (mug, None, 1), coupon="CART20")
    order = await checkout(services, tenant, member_id)
    assert order.discount_total == 2000


async def test_an_invalid_coupon_stops_the_checkout(services: Services, factory: Factory) -> None:
    tenant = await factory.tenant()
    [member_id] = await members(services, tenant)
    mug = await product(services, tenant, "Mug", stock=2)
    await fill_cart(services, tenant, member_id, (mug, None, 1))
    with pytest.raises(ValidationFailed) as raised:
        await checkout(services, tenant, member_id, coupon_code="NOPE")
    assert raised.value.fields == {"coupon_code": ["The coupon code is invalid."]}
    assert await stock_of(services, tenant, mug) == 2
    assert await count(services, tenant, CartItem) == 1
