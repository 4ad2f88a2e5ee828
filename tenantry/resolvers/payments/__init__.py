"""Payments: each tenant's providers, payments of orders (the test card processor, Stripe,
Toss), refunds, and the ledger that records their outcomes once."""

from tenantry.resolvers.payments.cards import (
    CardDetailsIn,
    CardPaymentIn,
    get_payment,
    list_payments,
    pay_with_card,
)
from tenantry.resolvers.payments.errors import CardError
from tenantry.resolvers.payments.ledger import payments_by_order_ids, refunds_by_order_ids
from tenantry.resolvers.payments.objects import payment_object, refund_object
from tenantry.resolvers.payments.providers import (
    KEYS_IN,
    PaymentMethods,
    ProviderView,
    StripeKeysIn,
    TossKeysIn,
    configure_payment_provider,
    get_payment_methods,
    list_payment_providers,
    set_provider_keys,
)
from tenantry.resolvers.payments.refunds import (
    RefundIn,
    create_refund,
    get_refund,
    list_refunds,
    refund_payment,
)
from tenantry.resolvers.payments.stripe_checkout import (
    StripeCheckout,
    StripeCheckoutIn,
    StripeVerifyIn,
    create_stripe_checkout,
    verify_stripe_checkout,
)
from tenantry.resolvers.payments.stripe_intents import (
    StripeConfirmIn,
    StripeIntent,
    StripeIntentIn,
    confirm_stripe_payment,
    create_stripe_intent,
)
from tenantry.resolvers.payments.stripe_refunds import StripeRefundIn, refund_stripe_payment
from tenantry.resolvers.payments.stripe_settle import Settled
from tenantry.resolvers.payments.stripe_webhooks import EventHandler, handle_stripe_webhook
from tenantry.resolvers.payments.toss_accounts import (
    TossDepositIn,
    TossVirtualAccountIn,
    create_toss_virtual_account,
    handle_toss_deposit,
)
from tenantry.resolvers.payments.toss_cancel import TossCancel, TossCancelIn, cancel_toss_payment
from tenantry.resolvers.payments.toss_checkout import (
    TossConfirmIn,
    TossReady,
    TossReadyIn,
    confirm_toss_payment,
    prepare_toss_payment,
    recheck_payment,
)

__all__ = [
    "KEYS_IN",
    "CardDetailsIn",
    "CardError",
    "CardPaymentIn",
    "EventHandler",
    "PaymentMethods",
    "ProviderView",
    "RefundIn",
    "Settled",
    "StripeCheckout",
    "StripeCheckoutIn",
    "StripeConfirmIn",
    "StripeIntent",
    "StripeIntentIn",
    "StripeKeysIn",
    "StripeRefundIn",
    "StripeVerifyIn",
    "TossCancel",
    "TossCancelIn",
    "TossConfirmIn",
    "TossDepositIn",
    "TossKeysIn",
    "TossReady",
    "TossReadyIn",
    "TossVirtualAccountIn",
    "cancel_toss_payment",
    "configure_payment_provider",
    "confirm_stripe_payment",
    "confirm_toss_payment",
    "create_refund",
    "create_stripe_checkout",
    "create_stripe_intent",
    "create_toss_virtual_account",
    "get_payment",
    "get_payment_methods",
    "get_refund",
    "handle_stripe_webhook",
    "handle_toss_deposit",
    "list_payment_providers",
    "list_payments",
    "list_refunds",
    "pay_with_card",
    "payment_object",
    "payments_by_order_ids",
    "prepare_toss_payment",
    "recheck_payment",
    "refund_object",
    "refund_payment",
    "refund_stripe_payment",
    "refunds_by_order_ids",
    "set_provider_keys",
    "verify_stripe_checkout",
]
