"""Toss payments refused: paid and cancelled orders, another member's or tenant's order, a shop
without Toss or in another currency."""

from __future__ import annotations

import httpx

from tenantry.serving.services import Services
from tests.conftest import Factory
from tests.fake_toss import FakeToss
from tests.resolvers.payments.toss_support import (
    URLS,
    TossShop,
    configure_toss,
    confirm,
    ready,
    toss,
    toss_shop,
    toss_shop_buyer,
)

__all__ = ["toss"]


async def test_paid_and_cancelled_orders_are_refused(
    client: httpx.AsyncClient, services: Services, factory: Factory, toss: FakeToss
) -> None:
    # given: one order paid, one cancelled by its buyer
    shop = await toss_shop(services, factory)
    paid = await shop.order()
    await confirm(client, shop, toss.authorize(paid.number, 35000), paid.number, 35000)
    cancelled = await shop.order()
    await client.post(
        f"/api/{shop.slug}/orders/{cancelled.number}/cancel", headers=shop.buyer.headers
    )
    # when
    paid_ready = await ready(client, shop, paid.number)
    gone_ready = await ready(client, shop, cancelled.number)
    gone_confirm = await confirm(
        client, shop, toss.authorize(cancelled.number, 35000), cancelled.number, 35000
    )
    # then
    assert (paid_ready.status_code, paid_ready.json()["code"]) == (409, "already_paid")
    assert gone_ready.status_code == gone_confirm.status_code == 409
    assert (
        gone_ready.json()
        == gone_confirm.json()
        == {
            "message": "Only a pending order can be paid; this one is cancelled.",
            "code": "order_not_payable",
        }
    )
    assert len(toss.calls("/confirm")) == 1


async def test_another_members_or_tenants_order_is_not_found(
    client: httpx.AsyncClient, services: Services, factory: Factory, toss: FakeToss
) -> None:
    # given: an order of the buyer's; another member; another tenant with Toss and a member
    shop = await toss_shop(services, factory)
    order = await shop.order()
    stranger = await shop.new_buyer()
    elsewhere = await toss_shop(services, factory)
    key = toss.authorize(order.number, 35000)
    asks = [
        ("ready", {"order_number": order.number, **URLS}),
        ("confirm", {"payment_key": key, "order_id": order.number, "amount": 35000}),
        ("virtual-account", {"order_number": order.number, "bank": "20", "customer_name": "X"}),
    ]
    for path, body in asks:
        # when
        other_member = await client.post(
            f"/api/{shop.slug}/payments/toss/{path}", json=body, headers=stranger.headers
        )
        other_tenant = await client.post(
            f"/api/{elsewhere.slug}/payments/toss/{path}", json=body, headers=elsewhere.admin
        )
        # then
        assert other_member.status_code == other_tenant.status_code == 404, path
        assert other_member.json() == {"message": "Order not found.", "code": "resource_missing"}
    cancel = await client.post(
        f"/api/{elsewhere.slug}/payments/toss/cancel",
        json={"order_number": order.number, "cancel_reason": "x"},
        headers=elsewhere.admin,
    )
    assert cancel.status_code == 404
    assert toss.requests == []


async def test_a_shop_without_toss_or_in_another_currency_is_refused(
    client: httpx.AsyncClient, services: Services, factory: Factory, toss: FakeToss
) -> None:
    # given
    bare = await toss_shop(services, factory, configured=False)
    bare_order = await bare.order()
    dollars = await factory.tenant(currency="USD")
    await configure_toss(services, dollars)
    usd = TossShop(services, dollars, await toss_shop_buyer(services, dollars))
    usd_order = await usd.order()
    # when
    unconfigured = await ready(client, bare, bare_order.number)
    other_currency = await ready(client, usd, usd_order.number)
    # then
    assert unconfigured.status_code == 400
    assert unconfigured.json() == {
        "message": "This site does not take payments through Toss Payments.",
        "code": "provider_not_configured",
    }
    assert other_currency.status_code == 422
    assert other_currency.json() == {
        "message": "The given data was invalid.",
        "code": "currency_mismatch",
        "errors": {
            "order_number": ["Toss Payments takes payments in KRW only; this order is in USD."]
        },
    }
