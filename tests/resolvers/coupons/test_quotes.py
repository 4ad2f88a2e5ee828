"""quote_coupon: which coupons apply to an order's lines, and why the others do not."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from tenantry.core.context import Ctx
from tenantry.core.errors import ValidationFailed
from tenantry.models.coupon import CouponAssignment, CouponRedemption, CouponType
from tenantry.resolvers.coupons import quote_coupon
from tenantry.resolvers.pricing import PricedLine
from tenantry.serving.services import Services
from tests.conftest import Factory, TenantFixture
from tests.resolvers.cart import rows
from tests.support import FixedClock, add, make_ctx, member_principal, members

NOW = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)


def line(
    unit_price: int, quantity: int = 1, *, product_id: int = 1, category_id: int | None = None
) -> PricedLine:
    return PricedLine(
        product_id=product_id,
        variant_id=None,
        category_id=category_id,
        product_type="simple",
        name="Thing",
        sku=None,
        options={},
        unit_price=unit_price,
        quantity=quantity,
    )


def ctx_at(services: Services, tenant: TenantFixture, member_id: int | None = None) -> Ctx:
    principal = member_principal(member_id) if member_id else None
    return make_ctx(services, tenant, principal, FixedClock(NOW))


async def quote(
    services: Services,
    tenant: TenantFixture,
    code: str,
    lines: list[PricedLine],
    member_id: int | None = None,
) -> int:
    async with services.db.unit(tenant.id) as uow:
        found = await quote_coupon(
            uow.session,
            ctx=ctx_at(services, tenant, member_id),
            code=code,
            lines=lines,
            member_id=member_id,
        )
    return found.discount


async def refused(
    services: Services,
    tenant: TenantFixture,
    code: str,
    lines: list[PricedLine],
    member_id: int | None = None,
) -> list[str]:
    with pytest.raises(ValidationFailed) as caught:
        await quote(services, tenant, code, lines, member_id)
    return caught.value.fields["coupon_code"]


async def test_a_percent_coupon_quotes_its_share(services: Services, factory: Factory) -> None:
    # given
    tenant = await factory.tenant()
    await rows.coupon(services, tenant, "SAVE20", value=20, max_discount=5_000)

    # when / then
    assert await quote(services, tenant, "SAVE20", [line(10_000, 2)]) == 4_000
    assert await quote(services, tenant, "SAVE20", [line(50_000)]) == 5_000


async def test_codes_are_case_insensitive(services: Services, factory: Factory) -> None:
    tenant = await factory.tenant()
    await rows.coupon(services, tenant, "SAVE10", value=10)

    assert await quote(services, tenant, "  save10 ", [line(1_000)]) == 100


async def test_an_unknown_code_is_refused(services: Services, factory: Factory) -> None:
    tenant = await factory.tenant()

    assert await refused(services, tenant, "NOPE", [line(1_000)]) == ["The coupon code is invalid."]


async def test_another_tenants_code_is_unknown(services: Services, factory: Factory) -> None:
    tenant, other = await factory.tenant(), await factory.tenant()
    await rows.coupon(services, other, "THEIRS")

    assert await refused(services, tenant, "THEIRS", [line(1_000)]) == [
        "The coupon code is invalid."
    ]


async def test_an_inactive_coupon_is_refused(services: Services, factory: Factory) -> None:
    tenant = await factory.tenant()
    await rows.coupon(services, tenant, "OFF", is_active=False)

    assert await refused(services, tenant, "OFF", [line(1_000)]) == ["The coupon code is invalid."]


@pytest.mark.parametrize(
    ("window", "message"),
    [
        ({"starts_at": NOW + timedelta(seconds=1)}, "This coupon is not valid yet."),
        ({"ends_at": NOW}, "This coupon has expired."),
        ({"ends_at": NOW - timedelta(days=1)}, "This coupon has expired."),
    ],
)
async def test_a_coupon_outside_its_window_is_refused(
    services: Services, factory: Factory, window: dict[str, Any], message: str
) -> None:
    tenant = await factory.tenant()
    await rows.coupon(services, tenant, "WINDOW", **window)

    assert await refused(services, tenant, "WINDOW", [line(1_000)]) == [message]


async def test_a_coupon_inside_its_window_applies(services: Services, factory: Factory) -> None:
    tenant = await factory.tenant()
    await rows.coupon(
        services,
        tenant,
        "WINDOW",
        value=10,
        starts_at=NOW,
        ends_at=NOW + timedelta(seconds=1),
    )

    assert await quote(services, tenant, "WINDOW", [line(1_000)]) == 100


@pytest.mark.parametrize(("subtotal", "applies"), [(29_999, False), (30_000, True)])
async def test_the_minimum_order_counts_the_whole_order(
    services: Services, factory: Factory, subtotal: int, applies: bool
) -> None:
    tenant = await factory.tenant(currency="KRW")
    await rows.coupon(
        services, tenant, "MIN", type=CouponType.FIXED, value=3_000, min_order_amount=30_000
    )
    lines = [line(subtotal - 1_000), line(1_000, product_id=2)]

    if applies:
        assert await quote(services, tenant, "MIN", lines) == 3_000
    else:
        assert await refused(services, tenant, "MIN", lines) == [
            "This coupon requires a minimum order of ₩30,000."
        ]


async def test_a_product_restriction_discounts_only_those_lines(
    services: Services, factory: Factory
) -> None:
    tenant = await factory.tenant()
    await rows.coupon(services, tenant, "MUGS", value=50, product_ids=[7])
    lines = [line(1_000, 2, product_id=7), line(10_000, product_id=8)]

    assert await quote(services, tenant, "MUGS", lines) == 1_000


async def test_a_category_restriction_discounts_only_that_category(
    services: Services, factory: Factory
) -> None:
    tenant = await factory.tenant()
    await rows.coupon(
        services, tenant, "CUPS", type=CouponType.FIXED, value=5_000, category_ids=[3]
    )
    lines = [line(1_500, 2, category_id=3), line(10_000, category_id=4)]

    assert await quote(services, tenant, "CUPS", lines) == 3_000


async def test_a_coupon_for_no_line_in_the_order_is_refused(
    services: Services, factory: Factory
) -> None:
    tenant = await factory.tenant()
    await rows.coupon(services, tenant, "MUGS", product_ids=[7], category_ids=[3])

    assert await refused(services, tenant, "MUGS", [line(1_000, product_id=8, category_id=4)]) == [
        "This coupon does not apply to any item in your cart."
    ]


async def test_an_exhausted_coupon_is_refused(services: Services, factory: Factory) -> None:
    tenant = await factory.tenant()
    await rows.coupon(services, tenant, "GONE", usage_limit=5, usage_count=5)

    assert await refused(services, tenant, "GONE", [line(1_000)]) == [
        "This coupon has reached its usage limit."
    ]


async def test_a_coupon_under_its_usage_limit_applies(services: Services, factory: Factory) -> None:
    tenant = await factory.tenant()
    await rows.coupon(services, tenant, "LEFT", value=10, usage_limit=5, usage_count=4)

    assert await quote(services, tenant, "LEFT", [line(1_000)]) == 100


async def test_a_member_who_used_it_up_is_refused(services: Services, factory: Factory) -> None:
    # given
    tenant = await factory.tenant()
    [member_id, other_id] = await members(services, tenant, 2)
    coupon = await rows.coupon(services, tenant, "ONCE", per_member_limit=1)
    [order_id] = await rows.orders(services, tenant, [member_id])
    assert coupon.id is not None
    await add(
        services,
        tenant,
        CouponRedemption(coupon_id=coupon.id, member_id=member_id, order_id=order_id),
    )

    # when / then
    assert await refused(services, tenant, "ONCE", [line(1_000)], member_id) == [
        "You have already used this coupon the maximum number of times."
    ]
    assert await quote(services, tenant, "ONCE", [line(1_000)], other_id) == 100


async def test_a_per_member_coupon_needs_a_member(services: Services, factory: Factory) -> None:
    tenant = await factory.tenant()
    await rows.coupon(services, tenant, "ONCE", per_member_limit=1)

    assert await refused(services, tenant, "ONCE", [line(1_000)]) == ["Log in to use this coupon."]


async def test_an_assigned_private_coupon_is_only_for_its_members(
    services: Services, factory: Factory
) -> None:
    # given
    tenant = await factory.tenant()
    [mine, theirs] = await members(services, tenant, 2)
    coupon = await rows.coupon(services, tenant, "VIP", value=10)
    assert coupon.id is not None
    await add(services, tenant, CouponAssignment(coupon_id=coupon.id, member_id=mine))

    # when / then
    assert await quote(services, tenant, "VIP", [line(1_000)], mine) == 100
    assert await refused(services, tenant, "VIP", [line(1_000)], theirs) == [
        "The coupon code is invalid."
    ]
