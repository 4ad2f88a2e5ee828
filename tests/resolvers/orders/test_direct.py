"""create_order_from_items: the shop's server orders products for a customer (dialect B)."""

from __future__ import annotations

from typing import Any

import pytest

from tenantry.core.errors import Forbidden, Unauthenticated, ValidationFailed
from tenantry.models.catalog import ProductStatus, ProductType
from tenantry.models.order import Customer, Order, OrderStatus
from tenantry.resolvers import orders
from tenantry.resolvers.stock import OutOfStock
from tenantry.serving.services import Services
from tests.conftest import Factory, TenantFixture
from tests.resolvers.cart.rows import product
from tests.resolvers.orders.support import admin_ctx, items_of, stock_of
from tests.support import add, count, events_of, make_ctx, member_ctx

STREET = {
    "street": "123 Main St",
    "city": "San Francisco",
    "state": "CA",
    "zip": "94102",
    "country": "US",
}


async def customer(services: Services, tenant: TenantFixture, **fields: Any) -> Customer:
    row = Customer(email=fields.pop("email", "buyer@example.com"), **fields)
    await add(services, tenant, row)
    return row


async def place(services: Services, tenant: TenantFixture, **data: Any) -> Order:
    data.setdefault("shipping_address", STREET)
    async with services.db.unit(tenant.id) as uow:
        placed = await orders.create_order_from_items(
            uow.session,
            ctx=admin_ctx(services, tenant),
            data=orders.DirectOrderIn.model_validate(data),
        )
        await uow.commit()
    return placed.order


async def test_an_order_is_placed_from_items(services: Services, factory: Factory) -> None:
    # given
    tenant = await factory.tenant()
    buyer = await customer(services, tenant)
    shirt = await product(services, tenant, "Premium T-Shirt", price=2999, stock=150)
    # when
    order = await place(
        services,
        tenant,
        customer_id=buyer.id,
        items=[{"product_id": shirt.id, "quantity": 2, "price": 1}],
        total=1,
        status="completed",
    )
    # then
    assert (order.status, order.total, order.subtotal) == (OrderStatus.PENDING, 5998, 5998)
    assert order.customer_id == buyer.id
    assert order.email == "buyer@example.com"
    assert order.shipping_address == STREET
    [item] = await items_of(services, tenant, order.id)
    assert (item.product_id, item.quantity, item.unit_price) == (shirt.id, 2, 2999)
    assert await stock_of(services, tenant, shirt) == 148
    [event] = await events_of(services, tenant, "order", order.id)
    assert event.type == "order.created"
    assert event.data["customer_id"] == f"cust_{buyer.id}"


async def test_an_order_without_a_customer_is_allowed(services: Services, factory: Factory) -> None:
    tenant = await factory.tenant()
    shirt = await product(services, tenant, "Shirt", price=1000)
    order = await place(services, tenant, items=[{"product_id": shirt.id, "quantity": 1}])
    assert (order.customer_id, order.member_id) == (None, None)


async def test_an_unknown_customer_names_the_parameter(
    services: Services, factory: Factory
) -> None:
    tenant = await factory.tenant()
    shirt = await product(services, tenant, "Shirt")
    with pytest.raises(orders.UnknownReference) as raised:
        await place(services, tenant, customer_id=999999, items=[{"product_id": shirt.id}])
    assert raised.value.fields == {"customer_id": ["No such customer: '999999'"]}


async def test_an_unknown_product_names_its_item(services: Services, factory: Factory) -> None:
    tenant = await factory.tenant()
    other = await product(services, await factory.tenant(), "Elsewhere")
    with pytest.raises(orders.UnknownReference) as raised:
        await place(services, tenant, items=[{"product_id": other.id, "quantity": 1}])
    assert list(raised.value.fields) == ["items.0.product_id"]


async def test_a_draft_product_cannot_be_ordered(services: Services, factory: Factory) -> None:
    tenant = await factory.tenant()
    draft = await product(services, tenant, "Draft", status=ProductStatus.DRAFT)
    with pytest.raises(ValidationFailed) as raised:
        await place(services, tenant, items=[{"product_id": draft.id, "quantity": 1}])
    assert raised.value.fields == {"items.0.product_id": ["Draft is not for sale."]}


@pytest.mark.parametrize("quantity", [0, -1, "two"])
async def test_an_invalid_quantity_is_refused(quantity: Any) -> None:
    with pytest.raises(ValueError, match="quantity"):
        orders.DirectOrderIn.model_validate({"items": [{"product_id": 1, "quantity": quantity}]})


async def test_out_of_stock_places_nothing(services: Services, factory: Factory) -> None:
    tenant = await factory.tenant()
    shirt = await product(services, tenant, "Shirt", stock=1)
    with pytest.raises(OutOfStock, match=r"^Shirt is out of stock\.$"):
        await place(services, tenant, items=[{"product_id": shirt.id, "quantity": 2}])
    assert await count(services, tenant, Order) == 0


async def test_a_digital_order_needs_no_address(services: Services, factory: Factory) -> None:
    tenant = await factory.tenant()
    ebook = await product(services, tenant, "Ebook", type=ProductType.DIGITAL)
    order = await place(
        services, tenant, items=[{"product_id": ebook.id, "quantity": 1}], shipping_address=None
    )
    assert order.shipping_address == {}


async def test_parcels_need_an_address(services: Services, factory: Factory) -> None:
    tenant = await factory.tenant()
    shirt = await product(services, tenant, "Shirt")
    with pytest.raises(ValidationFailed) as raised:
        await place(
            services, tenant, items=[{"product_id": shirt.id, "quantity": 1}], shipping_address=None
        )
    assert list(raised.value.fields) == ["shipping_address"]


async def test_placing_from_items_needs_a_secret_key(services: Services, factory: Factory) -> None:
    tenant = await factory.tenant()
    data = orders.DirectOrderIn.model_validate({"items": [{"product_id": 1, "quantity": 1}]})
    async with services.db.unit(tenant.id) as uow:
        with pytest.raises(Unauthenticated):
            await orders.create_order_from_items(
                uow.session, ctx=make_ctx(services, tenant), data=data
            )
        with pytest.raises(Forbidden):
            await orders.create_order_from_items(
                uow.session, ctx=member_ctx(services, tenant, 1), data=data
            )
