"""Payment providers as GraphQL sees them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import strawberry
from strawberry.scalars import JSON
from strawberry.types import Info

from tenantry.models.payments import ProviderKind
from tenantry.resolvers import payments
from tenantry.schema.context import GraphQLContext

# An order's payments and refunds are types of the orders' schema (Order.payments, Payment.order
# refer to each other); they are named here too, for the payment mutations.
from tenantry.schema.orders.types import Payment, PaymentCard, Refund

GQLInfo = Info[GraphQLContext, None]

# Registered in place: the Python enum itself is the GraphQL enum, so fields annotate with it.
strawberry.enum(ProviderKind, name="PaymentProviderKind")


@strawberry.type(description="What a checkout page needs: enabled providers and public keys.")
class PaymentMethods:
    methods: list[ProviderKind]
    stripe_publishable_key: str | None
    toss_client_key: str | None

    @classmethod
    def from_methods(cls, found: payments.PaymentMethods) -> PaymentMethods:
        return cls(
            methods=found.methods,
            stripe_publishable_key=found.public_keys.get(ProviderKind.STRIPE),
            toss_client_key=found.public_keys.get(ProviderKind.TOSS),
        )


@strawberry.type(description="A provider's configuration for staff: secret keys masked.")
class PaymentProviderConfig:
    provider: ProviderKind
    enabled: bool
    keys: JSON
    updated_at: datetime

    @classmethod
    def from_view(cls, view: payments.ProviderView) -> PaymentProviderConfig:
        keys: Any = view.keys
        return cls(
            provider=view.provider,
            enabled=view.enabled,
            keys=keys,
            updated_at=view.updated_at,
        )


@strawberry.input(
    description="Stripe: secretKey, publishableKey, webhookSecret. Toss: clientKey, secretKey."
)
class ConfigurePaymentProviderInput:
    provider: ProviderKind
    enabled: bool = True
    secret_key: str | None = strawberry.UNSET
    publishable_key: str | None = strawberry.UNSET
    webhook_secret: str | None = strawberry.UNSET
    client_key: str | None = strawberry.UNSET


__all__ = [
    "ConfigurePaymentProviderInput",
    "GQLInfo",
    "Payment",
    "PaymentCard",
    "PaymentMethods",
    "PaymentProviderConfig",
    "Refund",
]
