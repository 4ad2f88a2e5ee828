"""Payments: `paymentMethods` (public); `paymentProviders`, `configurePaymentProvider` (staff)."""

from __future__ import annotations

import strawberry

from tenantry.resolvers import payments
from tenantry.schema.inputs import input_data
from tenantry.schema.payments.types import (
    ConfigurePaymentProviderInput,
    GQLInfo,
    PaymentMethods,
    PaymentProviderConfig,
)


@strawberry.type
class Query:
    @strawberry.field(description="The payment methods the site takes, with their public keys.")
    async def payment_methods(self, info: GQLInfo) -> PaymentMethods:
        context = info.context
        found = await payments.get_payment_methods(context.session, ctx=context.ctx)
        return PaymentMethods.from_methods(found)

    @strawberry.field(description="Staff: every configured provider, secret keys masked.")
    async def payment_providers(self, info: GQLInfo) -> list[PaymentProviderConfig]:
        context = info.context
        found = await payments.list_payment_providers(context.session, ctx=context.ctx)
        return [PaymentProviderConfig.from_view(view) for view in found]


@strawberry.type
class Mutation:
    @strawberry.mutation(description="Staff: sets a provider's keys (secret keys are sealed).")
    async def configure_payment_provider(
        self, info: GQLInfo, input: ConfigurePaymentProviderInput
    ) -> PaymentProviderConfig:
        context = info.context
        keys = input_data(input)
        provider, enabled = keys.pop("provider"), keys.pop("enabled", True)
        view = await payments.configure_payment_provider(
            context.session, ctx=context.ctx, provider=provider, keys=keys, enabled=enabled
        )
        return PaymentProviderConfig.from_view(view)
