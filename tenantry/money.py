"""Currencies and price formatting. Amounts are integers in the currency's minor unit."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

SymbolPosition = Literal["before", "after"]

EXAMPLE_AMOUNT_MINOR = 1234567


@dataclass(frozen=True)
class Currency:
    code: str
    symbol: str
    decimals: int
    symbol_position: SymbolPosition = "before"
    thousands_separator: str = ","
    decimal_separator: str = "."
    spaced: bool = False  # a space between symbol and number: "12,34 kr", "XYZ 12.34"

    def format(self, amount_minor: int) -> str:
        sign = "-" if amount_minor < 0 else ""
        units, minor = divmod(abs(amount_minor), 10**self.decimals)
        number = f"{units:,}".replace(",", self.thousands_separator)
        if self.decimals:
            number += f"{self.decimal_separator}{minor:0{self.decimals}d}"
        gap = " " if self.spaced else ""
        if self.symbol_position == "after":
            return f"{sign}{number}{gap}{self.symbol}"
        return f"{sign}{self.symbol}{gap}{number}"

    @property
    def example(self) -> str:
        return self.format(EXAMPLE_AMOUNT_MINOR)


CURRENCIES: dict[str, Currency] = {
    c.code: c
    for c in (
        Currency("KRW", "₩", 0),
        Currency("USD", "$", 2),
        Currency("EUR", "€", 2),
        Currency("JPY", "¥", 0),
        Currency("GBP", "£", 2),
        Currency("CNY", "¥", 2),
        Currency("CAD", "CA$", 2),
        Currency("AUD", "A$", 2),
        Currency("HKD", "HK$", 2),
        Currency("SGD", "S$", 2),
        Currency("TWD", "NT$", 0),
        Currency("INR", "₹", 2),
        Currency("VND", "₫", 0, "after", ".", ",", spaced=True),
        Currency("CHF", "CHF", 2, spaced=True),
        Currency("SEK", "kr", 2, "after", " ", ",", spaced=True),
    )
}


def currency_for(code: str) -> Currency:
    """The known currency, or a generic one written "CODE 12.34"."""
    code = code.strip().upper()
    return CURRENCIES.get(code) or Currency(code, code, 2, spaced=True)


def format_price(amount_minor: int, currency: str) -> str:
    return currency_for(currency).format(amount_minor)
