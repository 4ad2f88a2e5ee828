"""Order numbers: ORD-date-random, unique per tenant, a collision retried."""

from __future__ import annotations

from datetime import UTC, datetime

from tenantry.models.order import Order
from tenantry.resolvers.orders.numbers import insert_numbered, new_order_number
from tenantry.serving.services import Services
from tests.conftest import Factory
from tests.support import add


def test_a_number_is_the_date_and_six_unambiguous_characters() -> None:
    number = new_order_number(datetime(2025, 1, 15, 10, 30, tzinfo=UTC))
    assert number.startswith("ORD-20250115-")
    suffix = number.removeprefix("ORD-20250115-")
    assert len(suffix) == 6
    assert not set(suffix) & set("01IO")


def test_the_date_is_the_shop_s_local_date() -> None:
    late_utc = datetime(2025, 1, 15, 20, 0, tzinfo=UTC)
    assert new_order_number(late_utc, timezone="Asia/Seoul").startswith("ORD-20250116-")


def test_an_unknown_time_zone_falls_back_to_utc() -> None:
    moment = datetime(2025, 1, 15, 20, 0, tzinfo=UTC)
    assert new_order_number(moment, timezone="Nowhere/Else").startswith("ORD-20250115-")


async def test_a_taken_number_is_retried(services: Services, factory: Factory) -> None:
    # given
    tenant = await factory.tenant()
    currency = tenant.info.currency
    await add(services, tenant, Order(number="ORD-20250115-AAAAAA", currency=currency))
    # when
    async with services.db.unit(tenant.id) as uow:
        order = Order(number="", currency=currency)
        numbers = iter(["ORD-20250115-AAAAAA", "ORD-20250115-BBBBBB"])
        await insert_numbered(uow.session, order=order, numbers=numbers)
        await uow.commit()
    # then
    assert order.number == "ORD-20250115-BBBBBB"
    assert order.id is not None


async def test_numbers_are_unique_per_tenant_only(services: Services, factory: Factory) -> None:
    tenant, other = await factory.tenant(), await factory.tenant()
    await add(services, other, Order(number="ORD-20250115-CCCCCC", currency="USD"))
    async with services.db.unit(tenant.id) as uow:
        order = Order(number="", currency="USD")
        await insert_numbered(uow.session, order=order, numbers=iter(["ORD-20250115-CCCCCC"]))
        await uow.commit()
    assert order.number == "ORD-20250115-CCCCCC"
