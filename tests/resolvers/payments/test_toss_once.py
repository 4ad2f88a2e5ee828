"""Toss's domain functions with an Idempotency-Key, each call one unit of work committed as the
edges commit it (a failure that keeps its changes commits them)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TypeVar

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from tenantry.core.context import Ctx
from tenantry.core.errors import DomainError, Unavailable, ValidationFailed
from tenantry.models.order import OrderStatus
from tenantry.models.payments import PaymentStatus
from tenantry.resolvers import payments
from tenantry.serving.services import Services
from tests.conftest import Factory
from tests.fake_toss import FakeToss
from tests.resolvers.orders.support import admin_ctx
from tests.resolvers.payments.rows import payments_of
from tests.resolvers.payments.toss_support import (
    TossShop,
    order_status,
    toss_order,
)
from tests.support import member_ctx

T = TypeVar("T")


async def edge(
    services: Services, shop: TossShop, call: Callable[[AsyncSession], Awaitable[T]]
) -> T:
    async with services.db.unit(shop.tenant.id) as uow:
        try:
            result = await call(uow.session)
        except DomainError as exc:
            await (uow.commit() if exc.keep_changes else uow.rollback())
            raise
        await uow.commit()
    return result


def buyer_ctx(services: Services, shop: TossShop) -> Ctx:
    return member_ctx(services, shop.tenant, shop.buyer.member_id)


async def test_a_confirm_left_unknown_is_settled_by_replaying_its_key(
    services: Services, factory: Factory, toss: FakeToss
) -> None:
    # given: a keyed confirm whose answer Toss sent too late
    shop, order = await toss_order(services, factory)
    ctx = buyer_ctx(services, shop)
    data = payments.TossConfirmIn(
        payment_key=toss.authorize(order.number, 35000), order_id=order.number, amount=35000
    )
    toss.hang()
    with pytest.raises(Unavailable):
        await edge(
            services, shop, lambda s: payments.confirm_toss_payment(s, ctx=ctx, data=data, key="k1")
        )
    # when
    once = await edge(
        services, shop, lambda s: payments.confirm_toss_payment(s, ctx=ctx, data=data, key="k1")
    )
    # then
    assert once.replayed
    assert once.value.status == PaymentStatus.SUCCEEDED
    assert await order_status(services, shop.tenant, order.number) is OrderStatus.PAID
    assert [seen.method for seen in toss.requests] == ["POST", "GET"]


async def test_an_account_toss_did_not_answer_about_lets_its_key_go(
    services: Services, factory: Factory, toss: FakeToss
) -> None:
    # given
    shop, order = await toss_order(services, factory)
    ctx = buyer_ctx(services, shop)
    data = payments.TossVirtualAccountIn(
        order_number=order.number, bank="20", customer_name="홍길동"
    )
    toss.hang(before=True)
    # when
    with pytest.raises(Unavailable) as lost:
        await edge(
            services,
            shop,
            lambda s: payments.create_toss_virtual_account(s, ctx=ctx, data=data, key="va"),
        )
    retried = await edge(
        services,
        shop,
        lambda s: payments.create_toss_virtual_account(s, ctx=ctx, data=data, key="va"),
    )
    # then
    assert lost.value.code == "provider_unavailable"
    assert not retried.replayed
    assert [payment.id for payment in await payments_of(services, shop.tenant, order.id)] == [
        retried.value.id
    ]


async def test_only_toss_payments_are_checked_again(
    services: Services, factory: Factory, toss: FakeToss
) -> None:
    # given: an order paid with the commerce API's test card
    shop, order = await toss_order(services, factory)
    ctx = admin_ctx(services, shop.tenant)
    assert order.id is not None
    card = payments.CardPaymentIn.model_validate(
        {
            "order_id": order.id,
            "card": {"number": "4242424242424242", "exp_month": 12, "exp_year": 2099, "cvc": "123"},
        }
    )
    paid = await edge(
        services, shop, lambda s: payments.pay_with_card(s, ctx=ctx, data=card, key=None)
    )
    assert paid.value.id is not None
    payment_id = paid.value.id
    # when
    with pytest.raises(ValidationFailed) as refused:
        await edge(
            services, shop, lambda s: payments.recheck_payment(s, ctx=ctx, payment_id=payment_id)
        )
    # then
    assert refused.value.fields == {"payment_id": ["Only Toss payments can be checked again."]}
    assert toss.requests == []
