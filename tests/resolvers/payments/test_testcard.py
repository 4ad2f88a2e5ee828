"""The commerce API's built-in card processor: Stripe's test numbers and what it keeps."""

from __future__ import annotations

from dataclasses import asdict
from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tenantry.resolvers.payments.testcard import CardIn, luhn_valid, process_card

NOW = datetime(2026, 12, 7, tzinfo=UTC)
FULLWIDTH = "\uff14\uff12" * 8  # digits, but not ASCII ones


def card(number: str, *, month: int = 12, year: int = 2030, cvc: str = "123") -> CardIn:
    return CardIn(number=number, exp_month=month, exp_year=year, cvc=cvc)


def test_the_success_card_succeeds_and_keeps_only_brand_last4_and_expiry() -> None:
    outcome = process_card(card("4242 4242 4242 4242"), now=NOW)

    assert outcome.succeeded
    assert asdict(outcome) == {
        "brand": "visa",
        "last4": "4242",
        "exp_month": 12,
        "exp_year": 2030,
        "error_code": None,
        "decline_code": None,
        "param": None,
    }
    assert "4242424242424242" not in repr(outcome)
    assert "123" not in repr(outcome)


@pytest.mark.parametrize(
    ("number", "error_code", "decline_code"),
    [
        ("4000000000000002", "card_declined", "generic_decline"),
        ("4000000000009995", "card_declined", "insufficient_funds"),
        ("4000000000000069", "expired_card", "expired_card"),
        ("4000000000000127", "incorrect_cvc", "incorrect_cvc"),
    ],
)
def test_stripes_decline_numbers_fail_as_stripes_do(
    number: str, error_code: str, decline_code: str
) -> None:
    outcome = process_card(card(number), now=NOW)

    assert (outcome.succeeded, outcome.error_code, outcome.decline_code) == (
        False,
        error_code,
        decline_code,
    )
    assert outcome.message


def test_a_past_expiry_is_expired_card() -> None:
    outcome = process_card(card("4242424242424242", month=11, year=2026), now=NOW)
    assert (outcome.error_code, outcome.param) == ("expired_card", "card[exp_year]")


def test_this_month_is_not_yet_expired() -> None:
    assert process_card(card("4242424242424242", month=12, year=2026), now=NOW).succeeded


@pytest.mark.parametrize("number", ["4242424242424241", "1234", "", FULLWIDTH])
def test_a_number_failing_luhn_or_length_is_incorrect_number(number: str) -> None:
    outcome = process_card(card(number), now=NOW)
    assert (outcome.error_code, outcome.param) == ("incorrect_number", "card[number]")


@pytest.mark.parametrize(
    ("number", "brand"),
    [
        ("5555555555554444", "mastercard"),
        ("2223003122003222", "mastercard"),
        ("378282246310005", "amex"),
        ("6011111111111117", "discover"),
        ("3566002020360505", "jcb"),
    ],
)
def test_stripes_other_test_cards_succeed_with_their_brand(number: str, brand: str) -> None:
    outcome = process_card(card(number), now=NOW)
    assert (outcome.succeeded, outcome.brand, outcome.last4) == (True, brand, number[-4:])


@given(st.text(alphabet="0123456789", min_size=12, max_size=19))
def test_luhn_accepts_exactly_one_check_digit(digits: str) -> None:
    body = digits[:-1]
    valid = [d for d in "0123456789" if luhn_valid(body + d)]
    assert len(valid) == 1
