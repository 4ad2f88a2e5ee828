"""Payment providers as GraphQL sees them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import strawberry
from strawberry.scalars import JSON
from strawberry.types import Info

from tenantry.models import payments as rows
from tenantry.models.payments import ProviderKind
from tenantry.resolvers import payments
from tenantry.schema.context import GraphQLContext
from tenantry.schema.ids import graphql_id

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


strawberry.enum(rows.PaymentStatus, name="PaymentStatus")
strawberry.enum(rows.Processor, name="PaymentProcessor")
strawberry.enum(rows.RefundStatus, name="RefundStatus")


@strawberry.type(description="What is kept of a card: never its number or security code.")
class PaymentCard:
    brand: str | None
    last4: str
    exp_month: int | None
    exp_year: int | None


@strawberry.type(description="One attempt to pay an order. Amounts are in minor units.")
class Payment:
    id: strawberry.ID
    order_id: strawberry.ID
    processor: rows.Processor
    method: str
    status: rows.PaymentStatus
    amount: int
    amount_refunded: int
    currency: str
    reference: str | None = strawberry.field(
        description="The provider's id: Stripe's PaymentIntent, Toss's paymentKey."
    )
    card: PaymentCard | None
    failure_code: str | None
    decline_code: str | None
    failure_message: str | None
    details: JSON = strawberry.field(
        description="What the provider gave for this method (a virtual account's number, bank "
        "and due date, a receipt URL)."
    )
    succeeded_at: datetime | None
    created_at: datetime

    @classmethod
    def from_model(cls, payment: rows.Payment) -> Payment:
        card = None
        if payment.card_last4 is not None:
            card = PaymentCard(
                brand=payment.card_brand,
                last4=payment.card_last4,
                exp_month=payment.card_exp_month,
                exp_year=payment.card_exp_year,
            )
        public: Any = {k: v for k, v in (payment.details or {}).items() if not k.startswith("_")}
        return cls(
            id=graphql_id(payment.id),
            order_id=graphql_id(payment.order_id),
            processor=rows.Processor(payment.processor),
            method=payment.method,
            status=rows.PaymentStatus(payment.status),
            amount=payment.amount,
            amount_refunded=payment.amount_refunded,
            currency=payment.currency,
            reference=payment.reference,
            card=card,
            failure_code=payment.failure_code,
            decline_code=payment.decline_code,
            failure_message=payment.failure_message,
            details=public,
            succeeded_at=payment.succeeded_at,
            created_at=payment.created_at,
        )


@strawberry.type(description="Money given back from a payment. Amounts are in minor units.")
class Refund:
    id: strawberry.ID
    payment_id: strawberry.ID
    order_id: strawberry.ID
    processor: rows.Processor
    status: rows.RefundStatus
    amount: int
    currency: str
    reason: str
    reference: str | None
    restocked: bool
    created_at: datetime

    @classmethod
    def from_model(cls, refund: rows.Refund) -> Refund:
        return cls(
            id=graphql_id(refund.id),
            payment_id=graphql_id(refund.payment_id),
            order_id=graphql_id(refund.order_id),
            processor=rows.Processor(refund.processor),
            status=rows.RefundStatus(refund.status),
            amount=refund.amount,
            currency=refund.currency,
            reason=refund.reason,
            reference=refund.reference,
            restocked=refund.restocked,
            created_at=refund.created_at,
        )
