"""What a coupon takes off: plain arithmetic on priced lines, no database."""

from __future__ import annotations

import pytest

from tenantry.models.coupon import Coupon, CouponType
from tenantry.resolvers.coupons import applies_to, discount_for
from tenantry.resolvers.pricing import PricedLine


def line(
    product_id: int, category_id: int | None, unit_price: int, quantity: int = 1
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


def percent(value: int, max_discount: int | None = None, **fields: object) -> Coupon:
    return Coupon(
        code="P", type=CouponType.PERCENT, value=value, max_discount=max_discount, **fields
    )


def fixed(value: int, **fields: object) -> Coupon:
    return Coupon(code="F", type=CouponType.FIXED, value=value, **fields)


@pytest.mark.parametrize(
    ("value", "amount", "expected"),
    [(10, 50_000, 5_000), (20, 50_000, 10_000), (15, 999, 150), (33, 100, 33), (100, 4_321, 4_321)],
)
def test_percent_takes_that_share_rounded_half_up(value: int, amount: int, expected: int) -> None:
    assert discount_for(percent(value), amount) == expected


@pytest.mark.parametrize(
    ("value", "cap", "amount", "expected"),
    [(20, 5_000, 50_000, 5_000), (20, 5_000, 20_000, 4_000), (50, 1, 10_000, 1)],
)
def test_percent_is_capped_by_max_discount(
    value: int, cap: int, amount: int, expected: int
) -> None:
    assert discount_for(percent(value, cap), amount) == expected


@pytest.mark.parametrize(
    ("value", "amount", "expected"),
    [(3_000, 50_000, 3_000), (3_000, 3_000, 3_000), (3_000, 1_200, 1_200), (1, 1, 1)],
)
def test_fixed_never_exceeds_what_it_applies_to(value: int, amount: int, expected: int) -> None:
    assert discount_for(fixed(value), amount) == expected


def test_nothing_to_discount_means_no_discount() -> None:
    assert discount_for(fixed(3_000), 0) == 0
    assert discount_for(percent(10), 0) == 0


def test_an_unrestricted_coupon_applies_to_every_line() -> None:
    coupon = percent(10, product_ids=[], category_ids=[])

    assert applies_to(coupon, line(1, None, 100))
    assert applies_to(coupon, line(2, 7, 100))


def test_a_product_restriction_counts_only_those_products() -> None:
    coupon = percent(10, product_ids=[1, 3], category_ids=[])

    assert applies_to(coupon, line(1, None, 100))
    assert not applies_to(coupon, line(2, None, 100))


def test_a_category_restriction_counts_only_that_category() -> None:
    coupon = percent(10, product_ids=[], category_ids=[7])

    assert applies_to(coupon, line(2, 7, 100))
    assert not applies_to(coupon, line(2, 8, 100))
    assert not applies_to(coupon, line(2, None, 100))


def test_products_and_categories_together_count_either() -> None:
    coupon = percent(10, product_ids=[1], category_ids=[7])

    assert applies_to(coupon, line(1, 9, 100))
    assert applies_to(coupon, line(5, 7, 100))
    assert not applies_to(coupon, line(5, 9, 100))
