"""Stripe PaymentIntents against the emulator: what is asked of Stripe, what is recorded."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tenantry.models.order import OrderStatus
from tenantry.models.payments import PaymentStatus, Processor
from tenantry.resolvers import payments
from tenantry.resolvers.idempotency import Once
from tenantry.resolvers.payments.errors import (
    AlreadyPaid,
    OrderNotPayable,
    ProviderNotConfigured,
    ProviderUnavailable,
)
from tenantry.serving.services import Services
from tests.conftest import Factory, TenantFixture
from tests.resolvers.orders.support import load_order, move
from tests.resolvers.payments.rows import payments_of
from tests.resolvers.payments.stripe_front import StripeFront, silent_server
from tests.resolvers.payments.stripe_support import (
    Buyer,
    buyer,
    buyer_ctx,
    pay_in_browser,
    shop_and_buyer,
    silent_settings,
    stripe_object,
    stripe_shop,
)
from tests.support import run

pytestmark = pytest.mark.usefixtures("app")


async def create_intent(
    services: Services, tenant: TenantFixture, who: Buyer
) -> Once[payments.StripeIntent]:
    """create_stripe_intent for the buyer's order, without a key, in one committed unit."""
    ctx = buyer_ctx(services, tenant, who)
    data = payments.StripeIntentIn(order_number=who.number)
    return await run(
        services, tenant, lambda s: payments.create_stripe_intent(s, ctx=ctx, data=data, key=None)
    )


async def confirm_paid(
    services: Services, front: StripeFront, tenant: TenantFixture, who: Buyer, *, card: str
) -> payments.Settled:
    """An intent for the buyer's order, paid in the browser with card, then confirmed."""
    once = await create_intent(services, tenant, who)
    intent_id = once.value.payment_intent_id or ""
    await pay_in_browser(front, intent_id, card=card)
    ctx = buyer_ctx(services, tenant, who)
    data = payments.StripeConfirmIn(order_number=who.number, payment_intent_id=intent_id)
    return await run(
        services, tenant, lambda s: payments.confirm_stripe_payment(s, ctx=ctx, data=data)
    )


async def test_an_intent_is_made_for_what_the_order_owes_with_our_metadata(
    stripe_services: Services, stripe_emulator: StripeFront, factory: Factory
) -> None:
    # given
    tenant, who = await shop_and_buyer(stripe_services, factory, price=1500, quantity=2)
    # when
    once = await create_intent(stripe_services, tenant, who)
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

    once = await create_intent(stripe_services, tenant, who)

    intent = await stripe_object(
        stripe_emulator, f"/v1/payment_intents/{once.value.payment_intent_id}"
    )
    assert (intent["amount"], intent["currency"]) == (who.order.total, currency.lower())
    assert who.order.total >= 15000


async def test_asking_again_answers_the_open_intent_instead_of_a_second(
    stripe_services: Services, factory: Factory
) -> None:
    tenant, who = await shop_and_buyer(stripe_services, factory)

    first = await create_intent(stripe_services, tenant, who)
    second = await create_intent(stripe_services, tenant, who)

    assert second.value.payment_intent_id == first.value.payment_intent_id
    assert second.value.client_secret == first.value.client_secret
    assert len(await payments_of(stripe_services, tenant, who.order.id or 0)) == 1


async def test_confirm_records_what_stripe_says_and_the_order_becomes_paid(
    stripe_services: Services, stripe_emulator: StripeFront, factory: Factory
) -> None:
    tenant, who = await shop_and_buyer(stripe_services, factory)

    settled = await confirm_paid(
        stripe_services, stripe_emulator, tenant, who, card="4242424242424242"
    )

    assert settled.payment.status is PaymentStatus.SUCCEEDED
    order = await load_order(stripe_services, tenant, who.number)
    assert order is not None
    assert order.status == OrderStatus.PAID


async def test_a_declined_card_is_recorded_failed_with_stripes_reason(
    stripe_services: Services, stripe_emulator: StripeFront, factory: Factory
) -> None:
    tenant, who = await shop_and_buyer(stripe_services, factory)

    # localstripe declines this card when it is charged
    settled = await confirm_paid(
        stripe_services, stripe_emulator, tenant, who, card="4000000000000341"
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
    tenant, who = await shop_and_buyer(stripe_services, factory)
    async with silent_server() as silent:
        settings = silent_settings(stripe_services, silent)
        ctx = replace(buyer_ctx(stripe_services, tenant, who), settings=settings)
        data = payments.StripeIntentIn(order_number=who.number)
        async with stripe_services.db.unit(tenant.id) as uow:
            with pytest.raises(ProviderUnavailable) as raised:
                await payments.create_stripe_intent(uow.session, ctx=ctx, data=data, key=None)
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

    with pytest.raises(ProviderNotConfigured):
        await create_intent(stripe_services, tenant, who)


@pytest.mark.parametrize(
    ("status", "error"),
    [(OrderStatus.PAID, AlreadyPaid), (OrderStatus.CANCELLED, OrderNotPayable)],
)
async def test_a_paid_or_cancelled_order_cannot_be_paid(
    stripe_services: Services, factory: Factory, status: OrderStatus, error: type[Exception]
) -> None:
    tenant, who = await shop_and_buyer(stripe_services, factory)
    await move(stripe_services, tenant, who.number, status)

    with pytest.raises(error):
        await create_intent(stripe_services, tenant, who)
