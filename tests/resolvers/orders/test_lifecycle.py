"""Status changes: the transition table, history, events, and cancelling with restock."""

from __future__ import annotations

import pytest

from tenantry.core.errors import Forbidden, NotFound, Unauthenticated
from tenantry.models.coupon import CouponRedemption
from tenantry.models.order import Order, OrderStatus
from tenantry.models.tenant import StaffRole
from tenantry.resolvers import orders
from tenantry.serving.services import Services
from tests.conftest import Factory, TenantFixture
from tests.resolvers.cart.rows import coupon, load_coupon, product
from tests.resolvers.orders.support import checkout, fill_cart, history_of, move, stock_of
from tests.support import count, events_of, make_ctx, member_ctx, members, staff_principal

S = OrderStatus


async def placed(services: Services, tenant: TenantFixture, *, stock: int = 10) -> Order:
    [member_id] = await members(services, tenant)
    mug = await product(services, tenant, "Mug", price=1000, stock=stock)
    await fill_cart(services, tenant, member_id, (mug, None, 2))
    return await checkout(services, tenant, member_id)


async def cancel_as_member(services: Services, tenant: TenantFixture, order: Order) -> Order:
    async with services.db.unit(tenant.id) as uow:
        found = await orders.cancel_my_order(
            uow.session, ctx=member_ctx(services, tenant, order.member_id), number=order.number
        )
        await uow.commit()
    return found


def test_every_status_has_its_transitions() -> None:
    assert set(orders.TRANSITIONS) == set(OrderStatus)
    assert orders.TRANSITIONS[S.PENDING] == {S.PAID, S.CANCELLED}
    assert orders.TRANSITIONS[S.SHIPPED] == {S.COMPLETED, S.REFUNDED}
    assert orders.TRANSITIONS[S.CANCELLED] == frozenset()
    assert orders.TRANSITIONS[S.REFUNDED] == frozenset()


async def test_staff_move_an_order_to_completion(services: Services, factory: Factory) -> None:
    # given
    tenant = await factory.tenant()
    order = await placed(services, tenant)
    # when
    done = await move(services, tenant, order.number, S.PAID, S.PROCESSING, S.SHIPPED, S.COMPLETED)
    # then
    assert done.status == S.COMPLETED
    assert done.paid_at is not None
    assert await history_of(services, tenant, order.id) == [
        (None, "pending"),
        ("pending", "paid"),
        ("paid", "processing"),
        ("processing", "shipped"),
        ("shipped", "completed"),
    ]
    types = [event.type for event in await events_of(services, tenant, "order", order.id)]
    assert types == [
        "order.created",
        "order.updated",
        "order.updated",
        "order.updated",
        "order.completed",
    ]


async def test_an_invalid_transition_is_a_conflict(services: Services, factory: Factory) -> None:
    tenant = await factory.tenant()
    order = await placed(services, tenant)
    await move(services, tenant, order.number, S.PAID, S.PROCESSING, S.SHIPPED)
    with pytest.raises(orders.InvalidTransition) as raised:
        await move(services, tenant, order.number, S.PENDING)
    assert raised.value.message == "Cannot change an order from shipped to pending."
    assert raised.value.code == "invalid_transition"


async def test_skipping_a_step_is_refused(services: Services, factory: Factory) -> None:
    tenant = await factory.tenant()
    order = await placed(services, tenant)
    with pytest.raises(orders.InvalidTransition, match="from pending to shipped"):
        await move(services, tenant, order.number, S.SHIPPED)


async def test_only_admins_change_statuses(services: Services, factory: Factory) -> None:
    tenant = await factory.tenant()
    order = await placed(services, tenant)
    agent = make_ctx(services, tenant, staff_principal(1, StaffRole.AGENT))
    member = member_ctx(services, tenant, order.member_id)
    async with services.db.unit(tenant.id) as uow:
        with pytest.raises(Forbidden):
            await orders.update_order_status(
                uow.session, ctx=agent, number=order.number, status=S.PAID
            )
        with pytest.raises(Forbidden):
            await orders.update_order_status(
                uow.session, ctx=member, number=order.number, status=S.PAID
            )


async def test_the_member_cancels_a_pending_order_and_stock_returns(
    services: Services, factory: Factory
) -> None:
    # given
    tenant = await factory.tenant()
    order = await placed(services, tenant, stock=10)
    # when
    cancelled = await cancel_as_member(services, tenant, order)
    # then
    assert cancelled.status == S.CANCELLED
    assert cancelled.cancelled_at is not None
    assert (await history_of(services, tenant, order.id))[-1] == ("pending", "cancelled")
    events = await events_of(services, tenant, "order", order.id)
    assert events[-1].type == "order.cancelled"
    assert events[-1].data["status"] == "cancelled"


async def test_cancelling_restocks(services: Services, factory: Factory) -> None:
    tenant = await factory.tenant()
    [member_id] = await members(services, tenant)
    mug = await product(services, tenant, "Mug", stock=5)
    await fill_cart(services, tenant, member_id, (mug, None, 3))
    order = await checkout(services, tenant, member_id)
    assert await stock_of(services, tenant, mug) == 2
    await cancel_as_member(services, tenant, order)
    assert await stock_of(services, tenant, mug) == 5


async def test_cancelling_frees_the_coupon_use(services: Services, factory: Factory) -> None:
    # given
    tenant = await factory.tenant()
    [member_id] = await members(services, tenant)
    mug = await product(services, tenant, "Mug", price=5000)
    once = await coupon(services, tenant, "ONCE", value=10, usage_limit=1, per_member_limit=1)
    await fill_cart(services, tenant, member_id, (mug, None, 1))
    order = await checkout(services, tenant, member_id, coupon_code="ONCE")
    assert (await load_coupon(services, tenant, once.id)).usage_count == 1
    # when
    await cancel_as_member(services, tenant, order)
    # then: the coupon can be used again, by the same member
    assert (await load_coupon(services, tenant, once.id)).usage_count == 0
    assert await count(services, tenant, CouponRedemption) == 0
    await fill_cart(services, tenant, member_id, (mug, None, 1))
    again = await checkout(services, tenant, member_id, coupon_code="ONCE")
    assert again.discount_total == 500


async def test_a_paid_order_can_still_be_cancelled_by_its_member(
    services: Services, factory: Factory
) -> None:
    tenant = await factory.tenant()
    order = await placed(services, tenant)
    await move(services, tenant, order.number, S.PAID)
    cancelled = await cancel_as_member(services, tenant, order)
    assert cancelled.status == S.CANCELLED
    async with services.db.unit(tenant.id) as uow:
        history = await orders.history_by_order_ids(uow.session, [order.id or 0])
    assert history[order.id or 0][-1].note == (
        "Cancelled by the customer. The payment is to be refunded."
    )


async def test_a_member_cannot_cancel_once_processing(services: Services, factory: Factory) -> None:
    tenant = await factory.tenant()
    order = await placed(services, tenant, stock=10)
    await move(services, tenant, order.number, S.PAID, S.PROCESSING)
    with pytest.raises(orders.InvalidTransition, match="from processing to cancelled"):
        await cancel_as_member(services, tenant, order)


async def test_cancelling_twice_restocks_once(services: Services, factory: Factory) -> None:
    tenant = await factory.tenant()
    [member_id] = await members(services, tenant)
    mug = await product(services, tenant, "Mug", stock=5)
    await fill_cart(services, tenant, member_id, (mug, None, 2))
    order = await checkout(services, tenant, member_id)
    await cancel_as_member(services, tenant, order)
    with pytest.raises(orders.InvalidTransition, match="from cancelled to cancelled"):
        await cancel_as_member(services, tenant, order)
    assert await stock_of(services, tenant, mug) == 5


async def test_refunding_does_not_restock(services: Services, factory: Factory) -> None:
    tenant = await factory.tenant()
    [member_id] = await members(services, tenant)
    mug = await product(services, tenant, "Mug", stock=5)
    await fill_cart(services, tenant, member_id, (mug, None, 2))
    order = await checkout(services, tenant, member_id)
    await move(services, tenant, order.number, S.PAID, S.REFUNDED)
    assert await stock_of(services, tenant, mug) == 3


async def test_another_member_cannot_cancel(services: Services, factory: Factory) -> None:
    tenant = await factory.tenant()
    order = await placed(services, tenant)
    [stranger] = await members(services, tenant)
    async with services.db.unit(tenant.id) as uow:
        with pytest.raises(NotFound, match=r"^Order not found\.$"):
            await orders.cancel_my_order(
                uow.session, ctx=member_ctx(services, tenant, stranger), number=order.number
            )


async def test_cancelling_needs_a_member(services: Services, factory: Factory) -> None:
    tenant = await factory.tenant()
    order = await placed(services, tenant)
    async with services.db.unit(tenant.id) as uow:
        with pytest.raises(Unauthenticated):
            await orders.cancel_my_order(
                uow.session, ctx=make_ctx(services, tenant), number=order.number
            )
