"""Stripe PaymentIntents against the emulator: what is asked of Stripe, what is recorded."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tenantry.models.order import OrderStatus
from tenantry.models.payments import PaymentStatus, Processor
from tenantry.resolvers import payments
from tenantry.resolvers.payments.errors import (
    AlreadyPaid,
    OrderNotPayable,
    ProviderNotConfigured,
    ProviderUnavailable,
)
from tenantry.serving.services import Services
from tests.conftest import Factory
from tests.resolvers.orders.support import load_order, move
from tests.resolvers.payments.stripe_front import StripeFront, silent_server
from tests.resolvers.payments.stripe_support import (
    buyer,
    buyer_ctx,
    pay_in_browser,
    payments_of,
    stripe_object,
    stripe_shop,
)
from tests.support import run

pytestmark = pytest.mark.usefixtures("app")


def intent_in(number: str) -> payments.StripeIntentIn:
    return payments.StripeIntentIn(order_number=number)


async def test_an_intent_is_made_for_what_the_order_owes_with_our_metadata(
    stripe_services: Services, stripe_emulator: StripeFront, factory: Factory
) -> None:
    # given
    tenant = await stripe_shop(stripe_services, factory)
    who = await buyer(stripe_services, tenant, price=1500, quantity=2)
    ctx = buyer_ctx(stripe_services, tenant, who)
    # when
    once = await run(
        stripe_services,
        tenant,
        lambda s: payments.create_stripe_intent(s, ctx=ctx, data=intent_in(who.number), key=None),
    )
    # then
    made = once.value
    assert made.payment_intent_id is not None
    intent = await stripe_object(stripe_emulator, f"/v1/payment_intents/{made.payment_intent_id}")
    assert (intent["amount"], intent["currency"]) == (who.order.total, "usd")
    assert intent["metadata"] == {
        "tenant_id": str(tenant.id),
        "order_number": who.number,
        "payment_id": str(made.payment.id),
    }
    assert made.client_secret == intent["client_secret"]
    assert made.publishable_key.startswith("pk_test_")
    [payment] = await payments_of(stripe_services, tenant, who.order.id or 0)
    assert (payment.processor, payment.status, payment.reference, payment.amount) == (
        Processor.STRIPE,
        PaymentStatus.PENDING,
        made.payment_intent_id,
        who.order.total,
    )


@pytest.mark.parametrize("currency", ["KRW", "JPY"])
async def test_a_zero_decimal_currency_is_sent_as_the_order_total_unchanged(
    stripe_services: Services, stripe_emulator: StripeFront, factory: Factory, currency: str
) -> None:
    tenant = await stripe_shop(stripe_services, factory, currency=currency)
    who = await buyer(stripe_services, tenant, price=15000, quantity=1)
    ctx = buyer_ctx(stripe_services, tenant, who)

    once = await run(
        stripe_services,
        tenant,
        lambda s: payments.create_stripe_intent(s, ctx=ctx, data=intent_in(who.number), key=None),
    )

    intent = await stripe_object(
        stripe_emulator, f"/v1/payment_intents/{once.value.payment_intent_id}"
    )
    assert (intent["amount"], intent["currency"]) == (who.order.total, currency.lower())
    assert who.order.total >= 15000


async def test_asking_again_answers_the_open_intent_instead_of_a_second(
    stripe_services: Services, factory: Factory
) -> None:
    tenant = await stripe_shop(stripe_services, factory)
    who = await buyer(stripe_services, tenant)
    ctx = buyer_ctx(stripe_services, tenant, who)

    first = await run(
        stripe_services,
        tenant,
        lambda s: payments.create_stripe_intent(s, ctx=ctx, data=intent_in(who.number), key=None),
    )
    second = await run(
        stripe_services,
        tenant,
        lambda s: payments.create_stripe_intent(s, ctx=ctx, data=intent_in(who.number), key=None),
    )

    assert second.value.payment_intent_id == first.value.payment_intent_id
    assert second.value.client_secret == first.value.client_secret
    assert len(await payments_of(stripe_services, tenant, who.order.id or 0)) == 1


async def test_confirm_records_what_stripe_says_and_the_order_becomes_paid(
    stripe_services: Services, stripe_emulator: StripeFront, factory: Factory
) -> None:
    tenant = await stripe_shop(stripe_services, factory)
    who = await buyer(stripe_services, tenant)
    ctx = buyer_ctx(stripe_services, tenant, who)
    once = await run(
        stripe_services,
        tenant,
        lambda s: payments.create_stripe_intent(s, ctx=ctx, data=intent_in(who.number), key=None),
    )
    intent_id = once.value.payment_intent_id or ""
    await pay_in_browser(stripe_emulator, intent_id)

    confirm = payments.StripeConfirmIn(order_number=who.number, payment_intent_id=intent_id)
    settled = await run(
        stripe_services,
        tenant,
        lambda s: payments.confirm_stripe_payment(s, ctx=ctx, data=confirm),
    )

    assert settled.payment.status is PaymentStatus.SUCCEEDED
    order = await load_order(stripe_services, tenant, who.number)
    assert order is not None
    assert order.status == OrderStatus.PAID


async def test_a_declined_card_is_recorded_failed_with_stripes_reason(
    stripe_services: Services, stripe_emulator: StripeFront, factory: Factory
) -> None:
    tenant = await stripe_shop(stripe_services, factory)
    who = await buyer(stripe_services, tenant)
    ctx = buyer_ctx(stripe_services, tenant, who)
    once = await run(
        stripe_services,
        tenant,
        lambda s: payments.create_stripe_intent(s, ctx=ctx, data=intent_in(who.number), key=None),
    )
    intent_id = once.value.payment_intent_id or ""
    # localstripe declines this card when it is charged
    await pay_in_browser(stripe_emulator, intent_id, card="4000000000000341")

    confirm = payments.StripeConfirmIn(order_number=who.number, payment_intent_id=intent_id)
    settled = await run(
        stripe_services,
        tenant,
        lambda s: payments.confirm_stripe_payment(s, ctx=ctx, data=confirm),
    )

    assert (settled.payment.status, settled.payment.failure_code) == (
        PaymentStatus.FAILED,
        "card_declined",
    )
    order = await load_order(stripe_services, tenant, who.number)
    assert order is not None
    assert order.status == OrderStatus.PENDING


async def test_stripe_not_answering_leaves_the_payment_unknown_and_the_order_pending(
    stripe_services: Services, factory: Factory
) -> None:
    tenant = await stripe_shop(stripe_services, factory)
    who = await buyer(stripe_services, tenant)
    async with silent_server() as silent:
        settings = stripe_services.settings.model_copy(
            update={"stripe_api_base": silent, "payment_timeout_seconds": 0.3}
        )
        ctx = replace(buyer_ctx(stripe_services, tenant, who), settings=settings)
        async with stripe_services.db.unit(tenant.id) as uow:
            with pytest.raises(ProviderUnavailable) as raised:
                await payments.create_stripe_intent(
                    uow.session, ctx=ctx, data=intent_in(who.number), key=None
                )
            await uow.commit()  # as the edges do with an error that keeps its changes

    assert raised.value.keep_changes
    [payment] = await payments_of(stripe_services, tenant, who.order.id or 0)
    assert (payment.status, payment.reference) == (PaymentStatus.UNKNOWN, None)
    order = await load_order(stripe_services, tenant, who.number)
    assert order is not None
    assert order.status == OrderStatus.PENDING


async def test_a_tenant_without_stripe_is_told_so(
    stripe_services: Services, factory: Factory
) -> None:
    tenant = await factory.tenant()
    who = await buyer(stripe_services, tenant)
    ctx = buyer_ctx(stripe_services, tenant, who)

    with pytest.raises(ProviderNotConfigured):
        await run(
            stripe_services,
            tenant,
            lambda s: payments.create_stripe_intent(
                s, ctx=ctx, data=intent_in(who.number), key=None
            ),
        )


@pytest.mark.parametrize(
    ("status", "error"),
    [(OrderStatus.PAID, AlreadyPaid), (OrderStatus.CANCELLED, OrderNotPayable)],
)
async def test_a_paid_or_cancelled_order_cannot_be_paid(
    stripe_services: Services, factory: Factory, status: OrderStatus, error: type[Exception]
) -> None:
    tenant = await stripe_shop(stripe_services, factory)
    who = await buyer(stripe_services, tenant)
    await move(stripe_services, tenant, who.number, status)
    ctx = buyer_ctx(stripe_services, tenant, who)

    with pytest.raises(error):
        await run(
            stripe_services,
            tenant,
            lambda s: payments.create_stripe_intent(
                s, ctx=ctx, data=intent_in(who.number), key=None
            ),
        )
