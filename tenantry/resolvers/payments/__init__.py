"""Payments: the providers a tenant takes payments through."""

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

__all__ = [
    "KEYS_IN",
    "PaymentMethods",
    "ProviderView",
    "StripeKeysIn",
    "TossKeysIn",
    "configure_payment_provider",
    "get_payment_methods",
    "list_payment_providers",
    "set_provider_keys",
]
