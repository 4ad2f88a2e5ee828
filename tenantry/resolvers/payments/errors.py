"""Why a payment or refund is refused, each with its stable reason."""

from __future__ import annotations

from tenantry.core.errors import (
    BadRequest,
    Conflict,
    PaymentFailed,
    Unavailable,
    ValidationFailed,
)
from tenantry.models.payments import Payment

# The reasons a card payment fails with (Stripe's codes); decline_code refines card_declined.
CARD_ERROR_CODES = frozenset({"card_declined", "expired_card", "incorrect_cvc", "incorrect_number"})


class AlreadyPaid(Conflict):
    default_code = "already_paid"
    default_message = "This order has already been paid."


class OrderNotPayable(Conflict):
    default_code = "order_not_payable"

    def __init__(self, status: str) -> None:
        super().__init__(f"Only a pending order can be paid; this one is {status}.")


class AmountMismatch(ValidationFailed):
    default_code = "amount_mismatch"

    def __init__(self, owed: int, *, field: str = "amount") -> None:
        super().__init__({field: [f"The amount must equal what the order owes ({owed})."]})


class CurrencyMismatch(ValidationFailed):
    default_code = "currency_mismatch"

    def __init__(self, currency: str, *, field: str = "currency") -> None:
        super().__init__({field: [f"The order is in {currency.lower()}."]})


class NotRefundable(Conflict):
    default_code = "payment_not_refundable"

    def __init__(self, status: str) -> None:
        super().__init__(f"Only a succeeded payment can be refunded; this one is {status}.")


class AlreadyRefunded(Conflict):
    default_code = "already_refunded"
    default_message = "This payment has already been refunded in full."


class RefundTooLarge(ValidationFailed):
    default_code = "amount_too_large"

    def __init__(self, remaining: int, *, field: str = "amount") -> None:
        super().__init__(
            {field: [f"The refund must not be greater than what is left to refund ({remaining})."]}
        )


class RestockNeedsFullRefund(ValidationFailed):
    default_code = "restock_needs_full_refund"

    def __init__(self) -> None:
        super().__init__(
            {"restock": ["Stock is given back only by the refund that refunds the order in full."]}
        )


class ProviderNotConfigured(BadRequest):
    default_code = "provider_not_configured"

    def __init__(self, provider: str) -> None:
        super().__init__(f"This site does not take payments through {provider}.")


class ProviderUnavailable(Unavailable):
    """The provider did not answer; what was recorded stays, marked to be checked again."""

    default_code = "provider_unavailable"

    def __init__(self, provider: str) -> None:
        super().__init__(
            f"{provider} did not answer in time; the payment will be checked again.",
            keep_changes=True,
        )


class ProviderRefused(PaymentFailed):
    """The provider answered with an error of its own (Toss's codes, a Stripe error)."""

    default_code = "provider_error"


class CardError(PaymentFailed):
    """A card payment that failed. Raised after the failed payment is recorded, which stays."""

    default_code = "card_declined"

    @classmethod
    def of(cls, payment: Payment) -> CardError:
        return cls(
            payment.failure_message or "Your card was declined.",
            code=payment.failure_code or cls.default_code,
            param=payment.details.get("_param") if payment.details else None,
            decline_code=payment.decline_code,
            payment_id=payment.id,
            keep_changes=True,
        )
