"""The ledger: a payment's outcome is recorded once, whoever reports it and in whatever order."""

from __future__ import annotations

import pytest
from sqlmodel import col, select

from tenantry.core.context import Ctx
from tenantry.models.event import DomainEvent
from tenantry.models.order import Order, OrderStatus, OrderStatusChange
from tenantry.models.payments import Payment, PaymentStatus, Processor
from tenantry.resolvers.orders import change_status
from tenantry.resolvers.payments import ledger
from tenantry.resolvers.payments.errors import AlreadyPaid, OrderNotPayable
from tenantry.serving.services import Services
from tests.conftest import Factory, TenantFixture
from tests.resolvers.cart.rows import product
from tests.resolvers.downloads.support import attach, digital_product, grants_of, order_of
from tests.resolvers.orders.support import checkout, fill_cart
from tests.support import make_ctx, members, staff_principal

pytestmark = pytest.mark.usefixtures("app")


async def open_order(services: Services, tenant: TenantFixture) -> tuple[Order, Payment]:
    [member_id] = await members(services, tenant)
    mug = await product(services, tenant, "Mug", price=1200, stock=3)
    await fill_cart(services, tenant, member_id, (mug, None, 1))
    order = await checkout(services, tenant, member_id)
    async with services.db.unit(tenant.id) as uow:
        payment = await ledger.open_payment(
            uow.session, order=order, processor=Processor.STRIPE, reference="pi_123"
        )
        await uow.commit()
    return order, payment


def staff(services: Services, tenant: TenantFixture) -> Ctx:
    return make_ctx(services, tenant, staff_principal(1))


async def settle(services: Services, tenant: TenantFixture, payment: Payment) -> bool:
    assert payment.id is not None
    async with services.db.unit(tenant.id) as uow:
        order, locked = await ledger.lock_payment(uow.session, payment_id=payment.id)
        done = await ledger.mark_succeeded(
            uow.session, ctx=staff(services, tenant), order=order, payment=locked
        )
        await uow.commit()
    return done


async def fail(services: Services, tenant: TenantFixture, payment: Payment) -> bool:
    assert payment.id is not None
    async with services.db.unit(tenant.id) as uow:
        _, locked = await ledger.lock_payment(uow.session, payment_id=payment.id)
        done = await ledger.mark_failed(
            uow.session,
            ctx=staff(services, tenant),
            payment=locked,
            code="card_declined",
            message="Declined.",
        )
        await uow.commit()
    return done


async def state(
    services: Services, tenant: TenantFixture, order: Order, payment: Payment
) -> tuple[str, str, list[str], list[str]]:
    async with services.db.unit(tenant.id) as uow:
        session = uow.session
        now_order = await session.get(Order, order.id)
        now_payment = await session.get(Payment, payment.id)
        events = await session.scalars(
            select(DomainEvent.type)
            .where(col(DomainEvent.object_type) == "payment")
            .order_by(col(DomainEvent.id))
        )
        history = await session.scalars(
            select(OrderStatusChange.to_status)
            .where(col(OrderStatusChange.order_id) == order.id)
            .order_by(col(OrderStatusChange.id))
        )
        assert now_order is not None
        assert now_payment is not None
        return str(now_order.status), str(now_payment.status), list(events), list(history)


async def test_a_success_reported_twice_is_recorded_once(
    services: Services, factory: Factory
) -> None:
    tenant = await factory.tenant()
    order, payment = await open_order(services, tenant)

    first, second = await settle(services, tenant, payment), await settle(services, tenant, payment)

    assert (first, second) == (True, False)
    assert await state(services, tenant, order, payment) == (
        "paid",
        "succeeded",
        ["payment.succeeded"],
        ["pending", "paid"],
    )


async def test_a_failure_after_the_success_changes_nothing(
    services: Services, factory: Factory
) -> None:
    tenant = await factory.tenant()
    order, payment = await open_order(services, tenant)
    await settle(services, tenant, payment)

    assert await fail(services, tenant, payment) is False
    assert (await state(services, tenant, order, payment))[:3] == (
        "paid",
        "succeeded",
        ["payment.succeeded"],
    )


async def test_a_success_after_a_failure_pays_the_order(
    services: Services, factory: Factory
) -> None:
    tenant = await factory.tenant()
    order, payment = await open_order(services, tenant)
    await fail(services, tenant, payment)

    assert await settle(services, tenant, payment) is True
    assert (await state(services, tenant, order, payment))[:3] == (
        "paid",
        "succeeded",
        ["payment.failed", "payment.succeeded"],
    )


async def test_money_taken_for_an_order_cancelled_meanwhile_leaves_it_cancelled(
    services: Services, factory: Factory
) -> None:
    tenant = await factory.tenant()
    order, payment = await open_order(services, tenant)
    async with services.db.unit(tenant.id) as uow:
        row = await uow.session.get(Order, order.id)
        assert row is not None
        await change_status(
            uow.session, ctx=staff(services, tenant), order=row, status=OrderStatus.CANCELLED
        )
        await uow.commit()

    assert await settle(services, tenant, payment) is True
    assert (await state(services, tenant, order, payment))[:2] == ("cancelled", "succeeded")


@pytest.mark.parametrize(
    ("status", "error"),
    [
        (OrderStatus.PAID, AlreadyPaid),
        (OrderStatus.COMPLETED, AlreadyPaid),
        (OrderStatus.REFUNDED, AlreadyPaid),
        (OrderStatus.CANCELLED, OrderNotPayable),
    ],
)
def test_only_a_pending_order_is_payable(status: OrderStatus, error: type[Exception]) -> None:
    with pytest.raises(error):
        ledger.ensure_payable(Order(number="N", currency="USD", status=status))
    ledger.ensure_payable(Order(number="N", currency="USD", status=OrderStatus.PENDING))


async def test_a_late_timeout_never_undoes_a_success(services: Services, factory: Factory) -> None:
    tenant = await factory.tenant()
    order, payment = await open_order(services, tenant)
    await settle(services, tenant, payment)

    async with services.db.unit(tenant.id) as uow:
        assert payment.id is not None
        _, locked = await ledger.lock_payment(uow.session, payment_id=payment.id)
        await ledger.mark_unknown(
            uow.session, ctx=staff(services, tenant), payment=locked, reason="timed out"
        )
        await uow.commit()

    assert (await state(services, tenant, order, payment))[:2] == ("paid", "succeeded")


def test_a_refund_without_an_amount_takes_what_is_left() -> None:
    payment = Payment(
        order_id=1,
        processor=Processor.TOSS,
        amount=50000,
        amount_refunded=20000,
        currency="KRW",
        status=PaymentStatus.SUCCEEDED,
    )

    assert ledger.refund_amount(payment, None) == 30000
    assert ledger.refund_amount(payment, 30000) == 30000


async def test_paying_a_digital_order_grants_its_downloads(
    services: Services, factory: Factory
) -> None:
    # given: a member's pending order of a digital product with a file
    tenant = await factory.tenant()
    [member_id] = await members(services, tenant)
    guide = await digital_product(services, tenant)
    await attach(services, tenant, guide)
    order = await order_of(services, tenant, member_id, guide, status=OrderStatus.PENDING)
    async with services.db.unit(tenant.id) as uow:
        payment = await ledger.open_payment(uow.session, order=order, processor=Processor.TOSS)
        await uow.commit()
    assert await grants_of(services, tenant) == []
    # when
    await settle(services, tenant, payment)
    # then
    [granted] = await grants_of(services, tenant)
    assert (granted.order_id, granted.member_id) == (order.id, member_id)
