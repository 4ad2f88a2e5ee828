"""Totals: subtotal, discount, shipping from the tenant's settings, tax, rounding."""

from __future__ import annotations

from typing import Any

import pytest

from tenantry.config import Settings
from tenantry.core.context import Ctx, TenantInfo
from tenantry.models.tenant import Plan, TenantStatus
from tenantry.resolvers.pricing import PricedLine, Totals, compute_totals, divide_half_up

SETTINGS = Settings()


def ctx_with(currency: str = "USD", **settings: Any) -> Ctx:
    tenant = TenantInfo(
        id=1,
        slug="shop",
        name="Shop",
        description="",
        status=TenantStatus.ACTIVE,
        plan=Plan.STARTER,
        currency=currency,
        locale="en",
        timezone="UTC",
        settings=settings,
    )
    return Ctx(tenant=tenant, settings=SETTINGS)


def line(unit_price: int, quantity: int = 1, product_type: str = "simple") -> PricedLine:
    return PricedLine(
        product_id=1,
        variant_id=None,
        category_id=None,
        product_type=product_type,
        name="Thing",
        sku=None,
        options={},
        unit_price=unit_price,
        quantity=quantity,
    )


def test_line_total_is_price_times_quantity() -> None:
    assert line(1250, 3).total == 3750


@pytest.mark.parametrize(
    ("numerator", "denominator", "expected"),
    [(5, 10, 1), (4, 10, 0), (15, 10, 2), (25, 10, 3), (-5, 10, -1), (1, 3, 0), (2, 3, 1)],
)
def test_division_rounds_half_up(numerator: int, denominator: int, expected: int) -> None:
    assert divide_half_up(numerator, denominator) == expected


def test_no_settings_means_no_shipping_and_no_tax() -> None:
    # when
    totals = compute_totals(ctx_with("KRW"), [line(10_000, 2), line(5_000)], discount=0)

    # then
    assert totals == Totals(
        subtotal=25_000,
        discount_total=0,
        shipping_total=0,
        tax_total=0,
        total=25_000,
        currency="KRW",
    )


@pytest.mark.parametrize(
    ("subtotal", "discount", "expected_shipping"),
    [
        (10_000, 0, 3_000),  # below free_over
        (50_000, 0, 0),  # exactly free_over
        (60_000, 0, 0),
        (55_000, 10_000, 3_000),  # the discount takes the goods below free_over
    ],
)
def test_flat_rate_shipping_is_waived_from_free_over(
    subtotal: int, discount: int, expected_shipping: int
) -> None:
    ctx = ctx_with(shipping={"flat_rate": 3_000, "free_over": 50_000})

    totals = compute_totals(ctx, [line(subtotal)], discount=discount)

    assert totals.shipping_total == expected_shipping
    assert totals.total == subtotal - discount + expected_shipping


def test_flat_rate_without_free_over_always_applies() -> None:
    ctx = ctx_with(shipping={"flat_rate": 2_500})

    totals = compute_totals(ctx, [line(1_000_000)], discount=0)

    assert totals.shipping_total == 2_500


@pytest.mark.parametrize(
    ("types", "expected_shipping"),
    [
        (["digital"], 0),
        (["subscription"], 0),
        (["digital", "subscription"], 0),
        (["digital", "simple"], 3_000),
        (["bundle"], 3_000),
    ],
)
def test_only_digital_and_subscription_carts_ship_free(
    types: list[str], expected_shipping: int
) -> None:
    ctx = ctx_with(shipping={"flat_rate": 3_000})

    totals = compute_totals(ctx, [line(1_000, product_type=t) for t in types], discount=0)

    assert totals.shipping_total == expected_shipping


@pytest.mark.parametrize(
    ("subtotal", "shipping", "rate_bps", "expected_tax"),
    [
        (10_000, 0, 1_000, 1_000),  # 10 %
        (10_000, 3_000, 1_000, 1_300),  # shipping is taxed too
        (999, 0, 825, 82),  # 82.4175 -> 82
        (1_000, 0, 825, 83),  # 82.5 -> 83 (half up)
        (1_234, 0, 700, 86),  # 86.38 -> 86
    ],
)
def test_exclusive_tax_is_added(
    subtotal: int, shipping: int, rate_bps: int, expected_tax: int
) -> None:
    ctx = ctx_with(shipping={"flat_rate": shipping}, tax={"rate_bps": rate_bps})

    totals = compute_totals(ctx, [line(subtotal)], discount=0)

    assert totals.tax_total == expected_tax
    assert totals.total == subtotal + shipping + expected_tax


@pytest.mark.parametrize(
    ("subtotal", "rate_bps", "expected_tax"),
    [
        (11_000, 1_000, 1_000),  # 11,000 includes 10 % VAT of 1,000
        (10_000, 1_000, 909),  # 909.09
        (1_155, 1_000, 105),  # exactly 105
        (1_210, 2_100, 210),  # 21 %
        (33, 1_000, 3),  # 3.0
    ],
)
def test_inclusive_tax_is_extracted_not_added(
    subtotal: int, rate_bps: int, expected_tax: int
) -> None:
    ctx = ctx_with(tax={"rate_bps": rate_bps, "inclusive": True})

    totals = compute_totals(ctx, [line(subtotal)], discount=0)

    assert totals.tax_total == expected_tax
    assert totals.total == subtotal


def test_tax_is_charged_on_the_discounted_amount() -> None:
    ctx = ctx_with(tax={"rate_bps": 1_000})

    totals = compute_totals(ctx, [line(10_000)], discount=2_000)

    assert (totals.discount_total, totals.tax_total, totals.total) == (2_000, 800, 8_800)


@pytest.mark.parametrize("discount", [10_000, 15_000, 1_000_000])
def test_a_discount_never_takes_the_total_below_zero(discount: int) -> None:
    ctx = ctx_with(tax={"rate_bps": 1_000})

    totals = compute_totals(ctx, [line(10_000)], discount=discount)

    assert totals.discount_total == 10_000
    assert totals.tax_total == 0
    assert totals.total == 0


def test_a_negative_discount_counts_as_none() -> None:
    totals = compute_totals(ctx_with(), [line(10_000)], discount=-500)

    assert (totals.discount_total, totals.total) == (0, 10_000)


def test_an_empty_cart_costs_nothing_even_with_a_flat_rate() -> None:
    ctx = ctx_with(shipping={"flat_rate": 3_000}, tax={"rate_bps": 1_000})

    totals = compute_totals(ctx, [], discount=0)

    assert totals.total == 0
    assert totals.shipping_total == 0
