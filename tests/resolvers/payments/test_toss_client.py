"""Toss's error codes as our reasons, and the order name Toss's window shows."""

from __future__ import annotations

import pytest

from tenantry.models.order import Order, OrderItem
from tenantry.resolvers.payments.toss_checkout import order_name
from tenantry.resolvers.payments.toss_client import reason_for


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        ("REJECT_CARD_COMPANY", "card_declined"),
        ("EXCEED_MAX_AMOUNT", "card_declined"),
        ("INVALID_CARD_NUMBER", "incorrect_number"),
        ("INVALID_CARD_EXPIRATION", "expired_card"),
        ("PROVIDER_ERROR", "provider_error"),
        ("NOT_FOUND_PAYMENT", "provider_error"),
        ("UNAUTHORIZED_KEY", "provider_error"),
        ("SOMETHING_NEW", "provider_error"),
    ],
)
def test_tosss_codes_become_a_handful_of_reasons(code: str, reason: str) -> None:
    assert reason_for(code) == reason


def item(name: str) -> OrderItem:
    return OrderItem(order_id=1, name=name, unit_price=1000, quantity=1, total=1000)


def test_the_order_name_is_the_first_item_and_how_many_more() -> None:
    order = Order(number="ORD-1", currency="KRW")

    assert order_name(order, [item("Mug")]) == "Mug"
    assert order_name(order, [item("Mug"), item("Cup"), item("Tea")]) == "Mug 외 2건"
    assert order_name(order, []) == "Order ORD-1"


def test_the_order_name_fits_tosss_hundred_characters() -> None:
    order = Order(number="ORD-1", currency="KRW")

    name = order_name(order, [item("가" * 300), item("Cup")])

    assert len(name) == 100
    assert name.endswith(" 외 1건")
