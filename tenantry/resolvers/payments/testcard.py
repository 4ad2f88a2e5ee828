"""The built-in card processor of the commerce API: Stripe's test card numbers and their outcomes.

Only what may be kept leaves this module (brand, last four digits, expiry); the number and the
cvc are never returned, stored or logged.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

# Stripe's documented test numbers that fail, and how.
DECLINES: dict[str, tuple[str, str]] = {
    "4000000000000002": ("card_declined", "generic_decline"),
    "4000000000009995": ("card_declined", "insufficient_funds"),
    "4000000000000069": ("expired_card", "expired_card"),
    "4000000000000127": ("incorrect_cvc", "incorrect_cvc"),
}
MESSAGES = {
    "card_declined": "Your card was declined.",
    "insufficient_funds": "Your card has insufficient funds.",
    "expired_card": "Your card has expired.",
    "incorrect_cvc": "Your card's security code is incorrect.",
    "incorrect_number": "Your card number is incorrect.",
}


@dataclass(frozen=True)
class CardIn:
    number: str
    exp_month: int
    exp_year: int
    cvc: str


@dataclass(frozen=True)
class CardOutcome:
    """What the processor decided, with only what may be kept of the card."""

    brand: str
    last4: str
    exp_month: int
    exp_year: int
    error_code: str | None = None
    decline_code: str | None = None
    param: str | None = None

    @property
    def succeeded(self) -> bool:
        return self.error_code is None

    @property
    def message(self) -> str:
        return MESSAGES.get(self.decline_code or "") or MESSAGES.get(self.error_code or "", "")


def luhn_valid(digits: str) -> bool:
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


def brand_of(digits: str) -> str:
    if digits.startswith("4"):
        return "visa"
    if digits[:2] in {"34", "37"}:
        return "amex"
    if 51 <= int(digits[:2] or 0) <= 55 or 2221 <= int(digits[:4] or 0) <= 2720:
        return "mastercard"
    if digits.startswith(("6011", "65")):
        return "discover"
    if digits.startswith("35"):
        return "jcb"
    return "unknown"


def process_card(card: CardIn, *, now: datetime) -> CardOutcome:
    """Charges a test card: 4242 4242 4242 4242 succeeds, Stripe's decline numbers fail as
    Stripe's do, a past expiry is expired_card and a number that fails Luhn incorrect_number."""
    digits = "".join(char for char in card.number if char.isascii() and char.isdigit())
    kept = CardOutcome(
        brand=brand_of(digits),
        last4=digits[-4:],
        exp_month=card.exp_month,
        exp_year=card.exp_year,
    )
    if not 12 <= len(digits) <= 19 or not luhn_valid(digits):
        return replace(kept, error_code="incorrect_number", param="card[number]")
    if (card.exp_year, card.exp_month) < (now.year, now.month):
        return replace(
            kept, error_code="expired_card", decline_code="expired_card", param="card[exp_year]"
        )
    if digits in DECLINES:
        error_code, decline_code = DECLINES[digits]
        param = "card[cvc]" if error_code == "incorrect_cvc" else None
        return replace(kept, error_code=error_code, decline_code=decline_code, param=param)
    return kept
