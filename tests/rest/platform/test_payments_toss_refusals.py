"""Toss payments refused: paid and cancelled orders, another member's or tenant's order, a shop
without Toss or in another currency."""

from __future__ import annotations

import httpx

from tenantry.serving.services import Services
from tests.conftest import Factory
from tests.fake_toss import FakeToss
from tests.resolvers.payments.toss_support import (
    TOTAL,
    account_body,
    confirm,
    confirm_body,
    paid,
    ready,
    ready_body,
    toss_order,
    toss_path,
    toss_shop,
)


async def test_paid_and_cancelled_orders_are_refused(
    client: httpx.AsyncClient, services: Services, factory: Factory, toss: FakeToss
) -> None:
    # given: one order paid, one cancelled by its buyer
    shop = await toss_shop(services, factory)
    paid_order = await shop.order()
    await paid(client, shop, toss, paid_order)
    cancelled = await shop.order()
    await client.post(
        f"/api/{shop.slug}/orders/{cancelled.number}/cancel", headers=shop.buyer.headers
    )
    # when
    paid_ready = await ready(client, shop, paid_order.number)
    gone_ready = await ready(client, shop, cancelled.number)
    gone_confirm = await confirm(
        client, shop, toss.authorize(cancelled.number, TOTAL), cancelled.number
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
    shop, order = await toss_order(services, factory)
    stranger = await shop.new_buyer()
    elsewhere = await toss_shop(services, factory)
    key = toss.authorize(order.number, TOTAL)
    asks = [
        ("ready", ready_body(order.number)),
        ("confirm", confirm_body(key, order.number)),
        ("virtual-account", account_body(order.number, customer_name="X")),
    ]
    for path, body in asks:
        # when
        other_member = await client.post(toss_path(shop, path), json=body, headers=stranger.headers)
        other_tenant = await client.post(
            toss_path(elsewhere, path), json=body, headers=elsewhere.admin
        )
        # then
        assert other_member.status_code == other_tenant.status_code == 404, path
        assert other_member.json() == {"message": "Order not found.", "code": "resource_missing"}
    cancel = await client.post(
        toss_path(elsewhere, "cancel"),
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
    usd = await toss_shop(services, factory, currency="USD")
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
