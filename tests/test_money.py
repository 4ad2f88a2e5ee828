from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tenantry.money import CURRENCIES, currency_for, format_price

amounts = st.integers(min_value=-(10**15), max_value=10**15)
known_codes = st.sampled_from(sorted(CURRENCIES))
unknown_codes = st.text(alphabet="ABDFHMPQRWXZ", min_size=3, max_size=3).filter(
    lambda code: code not in CURRENCIES
)


@pytest.mark.parametrize(
    ("amount", "currency", "expected"),
    [
        (50000, "KRW", "₩50,000"),
        (2999, "USD", "$29.99"),
        (0, "USD", "$0.00"),
        (5, "USD", "$0.05"),
        (-2999, "USD", "-$29.99"),
        (-50000, "KRW", "-₩50,000"),
        (123456789, "EUR", "€1,234,567.89"),
        (1000, "JPY", "¥1,000"),
        (1999, "GBP", "£19.99"),
        (880, "CNY", "¥8.80"),
        (123456, "SEK", "1 234,56 kr"),
        (1234, "XYZ", "XYZ 12.34"),
        (-1234, "XYZ", "-XYZ 12.34"),
        (2999, "usd", "$29.99"),
    ],
)
def test_format_price_examples(amount: int, currency: str, expected: str) -> None:
    assert format_price(amount, currency) == expected


def _digits_back(text: str, code: str) -> int:
    currency = currency_for(code)
    number = text.removeprefix("-").replace(currency.symbol, "").strip()
    for separator in (currency.thousands_separator, currency.decimal_separator):
        number = number.replace(separator, "")
    value = int(number)
    return -value if text.startswith("-") else value


@given(amount=amounts, code=known_codes)
def test_formatted_known_currency_reads_back_as_the_same_amount(amount: int, code: str) -> None:
    assert _digits_back(format_price(amount, code), code) == amount


@given(amount=amounts, code=known_codes)
def test_minor_digits_always_match_the_currency_decimals(amount: int, code: str) -> None:
    currency = CURRENCIES[code]
    text = format_price(amount, code)
    if currency.decimals:
        number = text.replace(currency.symbol, "").strip()
        assert len(number.rsplit(currency.decimal_separator, 1)[1]) == currency.decimals
    else:
        assert currency.decimal_separator not in text.replace(currency.thousands_separator, "")


@given(amount=st.integers(min_value=1, max_value=10**15), code=known_codes)
def test_negative_amount_is_the_positive_one_with_a_minus(amount: int, code: str) -> None:
    assert format_price(-amount, code) == "-" + format_price(amount, code)


@given(amount=st.integers(min_value=0, max_value=10**15), code=known_codes)
def test_thousands_are_grouped_by_three(amount: int, code: str) -> None:
    currency = CURRENCIES[code]
    text = format_price(amount, code).replace(currency.symbol, "").strip()
    whole = text.split(currency.decimal_separator)[0] if currency.decimals else text
    groups = whole.split(currency.thousands_separator)
    assert 1 <= len(groups[0]) <= 3
    assert all(len(group) == 3 for group in groups[1:])


@given(amount=amounts, code=unknown_codes)
def test_unknown_currency_is_written_with_its_code_and_two_decimals(amount: int, code: str) -> None:
    text = format_price(amount, code)
    assert text.removeprefix("-").startswith(f"{code} ")
    assert _digits_back(text, code) == amount
    cents = text.rsplit(".", 1)[1]
    assert cents.isdigit()
    assert len(cents) == 2
