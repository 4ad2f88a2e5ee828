"""Customers of the commerce API: created with an event, soft deleted, unique by email."""

from __future__ import annotations

import pytest

from tenantry.core.context import Ctx
from tenantry.core.errors import NotFound, Unauthenticated, ValidationFailed
from tenantry.core.pagination import PageRequest
from tenantry.models.order import Customer
from tenantry.resolvers import customers
from tenantry.serving.services import Services
from tests.conftest import Factory
from tests.resolvers.orders.support import admin_ctx
from tests.support import events_of, make_ctx


async def create(services: Services, ctx: Ctx, **data: str) -> Customer:
    async with services.db.unit(ctx.tenant.id) as uow:
        customer = await customers.create_customer(
            uow.session, ctx=ctx, data=customers.CustomerIn.model_validate(data)
        )
        await uow.commit()
    return customer


async def test_a_customer_is_created_with_its_event(services: Services, factory: Factory) -> None:
    # given
    tenant = await factory.tenant()
    ctx = admin_ctx(services, tenant)
    # when
    customer = await create(
        services, ctx, email="Customer@Example.com", name="John Doe", phone="+1234567890"
    )
    # then
    assert (customer.email, customer.name, customer.phone) == (
        "customer@example.com",
        "John Doe",
        "+1234567890",
    )
    [event] = await events_of(services, tenant, "customer", customer.id)
    assert event.type == "customer.created"
    assert event.object_id == customer.id
    assert event.data == customers.customer_object(customer)
    assert event.data["id"] == f"cust_{customer.id}"


async def test_an_email_is_taken_once(services: Services, factory: Factory) -> None:
    tenant = await factory.tenant()
    ctx = admin_ctx(services, tenant)
    await create(services, ctx, email="once@example.com")
    with pytest.raises(ValidationFailed) as raised:
        await create(services, ctx, email="ONCE@example.com")
    assert raised.value.fields == {"email": ["A customer with this email already exists."]}


async def test_a_deleted_customer_is_missing_and_frees_its_email(
    services: Services, factory: Factory
) -> None:
    # given
    tenant = await factory.tenant()
    ctx = admin_ctx(services, tenant)
    gone = await create(services, ctx, email="gone@example.com")
    assert gone.id is not None
    # when
    async with services.db.unit(tenant.id) as uow:
        await customers.delete_customer(uow.session, ctx=ctx, customer_id=gone.id)
        await uow.commit()
    # then
    async with services.db.unit(tenant.id) as uow:
        with pytest.raises(NotFound, match=r"^Customer not found\.$"):
            await customers.get_customer(uow.session, ctx=ctx, customer_id=gone.id)
        row = await uow.session.get(Customer, gone.id)
    assert row is not None
    assert row.deleted_at is not None
    assert row.metadata_ == {"deleted_email": "gone@example.com"}
    again = await create(services, ctx, email="gone@example.com")
    assert again.id != gone.id


async def test_an_update_changes_only_what_is_sent(services: Services, factory: Factory) -> None:
    tenant = await factory.tenant()
    ctx = admin_ctx(services, tenant)
    customer = await create(services, ctx, email="a@example.com", name="A", phone="1")
    assert customer.id is not None
    async with services.db.unit(tenant.id) as uow:
        updated = await customers.update_customer(
            uow.session,
            ctx=ctx,
            customer_id=customer.id,
            data=customers.CustomerUpdate.model_validate({"name": "B", "phone": None}),
        )
        await uow.commit()
    assert (updated.email, updated.name, updated.phone) == ("a@example.com", "B", None)


async def test_updating_to_a_taken_email_is_refused(services: Services, factory: Factory) -> None:
    tenant = await factory.tenant()
    ctx = admin_ctx(services, tenant)
    await create(services, ctx, email="taken@example.com")
    mine = await create(services, ctx, email="mine@example.com")
    assert mine.id is not None
    async with services.db.unit(tenant.id) as uow:
        with pytest.raises(ValidationFailed) as raised:
            await customers.update_customer(
                uow.session,
                ctx=ctx,
                customer_id=mine.id,
                data=customers.CustomerUpdate(email="taken@example.com"),
            )
    assert list(raised.value.fields) == ["email"]


async def test_customers_list_newest_first_and_filter_by_email(
    services: Services, factory: Factory
) -> None:
    tenant = await factory.tenant()
    ctx = admin_ctx(services, tenant)
    first = await create(services, ctx, email="first@example.com")
    second = await create(services, ctx, email="second@example.com")
    async with services.db.unit(tenant.id) as uow:
        every = await customers.list_customers(
            uow.session, ctx=ctx, email=None, page=PageRequest(1, 10)
        )
        one = await customers.list_customers(
            uow.session, ctx=ctx, email="FIRST@example.com", page=PageRequest(1, 10)
        )
    assert [c.id for c in every.items] == [second.id, first.id]
    assert [c.id for c in one.items] == [first.id]


async def test_customers_need_a_secret_key(services: Services, factory: Factory) -> None:
    tenant = await factory.tenant()
    with pytest.raises(Unauthenticated):
        await create(services, make_ctx(services, tenant), email="x@example.com")
