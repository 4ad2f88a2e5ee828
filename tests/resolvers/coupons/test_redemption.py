"""redeem_coupon: usage limits hold when many orders redeem one coupon at the same moment."""

from __future__ import annotations

import asyncio

import pytest

from tenantry.core.errors import Conflict
from tenantry.models.coupon import Coupon
from tenantry.resolvers.coupons import CouponExhausted, CouponQuote, CouponUsedUp, redeem_coupon
from tenantry.serving.services import Services
from tests.conftest import Factory, TenantFixture
from tests.resolvers.cart import rows
from tests.support import member_ctx, members


async def redeem(
    services: Services, tenant: TenantFixture, coupon_id: int | None, member_id: int, order_id: int
) -> str:
    """One order's transaction: load the coupon, redeem it, commit; the outcome's name."""
    async with services.db.unit(tenant.id) as uow:
        coupon = await uow.session.get(Coupon, coupon_id)
        assert coupon is not None
        try:
            await redeem_coupon(
                uow.session,
                ctx=member_ctx(services, tenant, member_id),
                quote=CouponQuote(coupon=coupon, discount=500),
                member_id=member_id,
                order_id=order_id,
            )
        except CouponExhausted:
            return "exhausted"
        except CouponUsedUp:
            return "used"
        await uow.commit()
    return "redeemed"


async def test_a_redemption_counts_one_use(services: Services, factory: Factory) -> None:
    # given
    tenant = await factory.tenant()
    [member_id] = await members(services, tenant)
    [order_id] = await rows.orders(services, tenant, [member_id])
    coupon = await rows.coupon(services, tenant, usage_limit=3)

    # when
    outcome = await redeem(services, tenant, coupon.id, member_id, order_id)

    # then
    assert outcome == "redeemed"
    assert (await rows.load_coupon(services, tenant, coupon.id)).usage_count == 1
    assert await rows.redemptions(services, tenant, coupon.id) == 1


async def test_an_exhausted_coupon_is_a_conflict(services: Services, factory: Factory) -> None:
    # given
    tenant = await factory.tenant()
    [member_id] = await members(services, tenant)
    [order_id] = await rows.orders(services, tenant, [member_id])
    coupon = await rows.coupon(services, tenant, usage_limit=2, usage_count=2)

    # when
    async with services.db.unit(tenant.id) as uow:
        loaded = await uow.session.get(Coupon, coupon.id)
        assert loaded is not None
        with pytest.raises(Conflict) as caught:
            await redeem_coupon(
                uow.session,
                ctx=member_ctx(services, tenant, member_id),
                quote=CouponQuote(coupon=loaded, discount=500),
                member_id=member_id,
                order_id=order_id,
            )

    # then
    assert caught.value.message == "This coupon has reached its usage limit."
    assert caught.value.code == "coupon_exhausted"


async def test_the_usage_limit_holds_under_concurrency(
    services: Services, factory: Factory
) -> None:
    # given
    tenant = await factory.tenant()
    member_ids = await members(services, tenant, 30)
    order_ids = await rows.orders(services, tenant, member_ids)
    coupon = await rows.coupon(services, tenant, usage_limit=10)

    # when
    outcomes = await asyncio.gather(
        *(
            redeem(services, tenant, coupon.id, member_id, order_id)
            for member_id, order_id in zip(member_ids, order_ids, strict=True)
        )
    )

    # then
    assert outcomes.count("redeemed") == 10
    assert outcomes.count("exhausted") == 20
    assert (await rows.load_coupon(services, tenant, coupon.id)).usage_count == 10
    assert await rows.redemptions(services, tenant, coupon.id) == 10


async def test_the_per_member_limit_holds_under_concurrency(
    services: Services, factory: Factory
) -> None:
    # given
    tenant = await factory.tenant()
    [member_id] = await members(services, tenant)
    order_ids = await rows.orders(services, tenant, [member_id] * 10)
    coupon = await rows.coupon(services, tenant, per_member_limit=1)

    # when
    outcomes = await asyncio.gather(
        *(redeem(services, tenant, coupon.id, member_id, order_id) for order_id in order_ids)
    )

    # then
    assert outcomes.count("redeemed") == 1
    assert outcomes.count("used") == 9
    assert await rows.redemptions(services, tenant, coupon.id) == 1
    assert (await rows.load_coupon(services, tenant, coupon.id)).usage_count == 1


async def test_the_per_member_limit_leaves_other_members_alone(
    services: Services, factory: Factory
) -> None:
    # given
    tenant = await factory.tenant()
    member_ids = await members(services, tenant, 5)
    order_ids = await rows.orders(services, tenant, member_ids)
    coupon = await rows.coupon(services, tenant, per_member_limit=1)

    # when
    outcomes = await asyncio.gather(
        *(
            redeem(services, tenant, coupon.id, member_id, order_id)
            for member_id, order_id in zip(member_ids, order_ids, strict=True)
        )
    )

    # then
    assert outcomes == ["redeemed"] * 5
