"""Payments over GraphQL: createCardPayment, refundPayment, payment(s), order { payments }."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tenantry.models.order import Order
from tenantry.serving.services import Services
from tests.conftest import Factory, TenantFixture
from tests.resolvers.cart.rows import product
from tests.resolvers.orders.support import checkout, fill_cart
from tests.support import error_of, graphql, member_token, members

pytestmark = pytest.mark.usefixtures("app")

GOOD = {"number": "4242424242424242", "expMonth": 12, "expYear": 2099, "cvc": "123"}
PAY = """
mutation($input: CardPaymentInput!, $key: String) {
  createCardPayment(input: $input, idempotencyKey: $key) {
    id status amount amountRefunded currency processor method
    card { brand last4 expMonth expYear }
    order { number status payments { status } }
  }
}
"""
REFUND = """
mutation($input: RefundPaymentInput!) {
  refundPayment(input: $input) { paymentId amount reason restocked status processor }
}
"""
MY_ORDER = """
query($number: String!) {
  order(number: $number) {
    status
    payments { status amount failureCode declineCode card { last4 } }
    refunds { amount }
  }
}
"""


async def member_order(services: Services, tenant: TenantFixture) -> tuple[Order, str]:
    [member_id] = await members(services, tenant)
    mug = await product(services, tenant, "Mug", price=1500, stock=5)
    await fill_cart(services, tenant, member_id, (mug, None, 2))
    order = await checkout(services, tenant, member_id)
    return order, await member_token(services, tenant, member_id)


def pay_input(order: Order, card: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"input": {"orderId": str(order.id), "card": card or GOOD}}


async def test_staff_pay_a_member_s_order_and_the_member_sees_it_paid(
    client: httpx.AsyncClient, services: Services, factory: Factory
) -> None:
    # given
    tenant = await factory.tenant()
    order, token = await member_order(services, tenant)
    # when
    body = await graphql(client, PAY, pay_input(order), bearer=tenant.secret_key)
    # then
    assert "errors" not in body, body
    payment = body["data"]["createCardPayment"]
    assert payment == {
        "id": payment["id"],
        "status": "SUCCEEDED",
        "amount": 3000,
        "amountRefunded": 0,
        "currency": "USD",
        "processor": "TEST_CARD",
        "method": "card",
        "card": {"brand": "visa", "last4": "4242", "expMonth": 12, "expYear": 2099},
        "order": {"number": order.number, "status": "PAID", "payments": [{"status": "SUCCEEDED"}]},
    }
    mine = await graphql(client, MY_ORDER, {"number": order.number}, bearer=token)
    assert mine["data"]["order"] == {
        "status": "PAID",
        "payments": [
            {
                "status": "SUCCEEDED",
                "amount": 3000,
                "failureCode": None,
                "declineCode": None,
                "card": {"last4": "4242"},
            }
        ],
        "refunds": [],
    }


async def test_a_decline_is_a_payment_failed_error_and_the_attempt_is_kept(
    client: httpx.AsyncClient, services: Services, factory: Factory
) -> None:
    tenant = await factory.tenant()
    order, token = await member_order(services, tenant)

    declined = {**GOOD, "number": "4000000000009995"}
    body = await graphql(client, PAY, pay_input(order, declined), bearer=tenant.secret_key)

    message, extensions = error_of(body)
    assert message == "Your card has insufficient funds."
    assert extensions == {
        "code": "PAYMENT_FAILED",
        "reason": "card_declined",
        "declineCode": "insufficient_funds",
        "paymentId": extensions["paymentId"],
    }
    mine = await graphql(client, MY_ORDER, {"number": order.number}, bearer=token)
    assert mine["data"]["order"]["status"] == "PENDING"
    [attempt] = mine["data"]["order"]["payments"]
    assert (attempt["status"], attempt["failureCode"], attempt["declineCode"]) == (
        "FAILED",
        "card_declined",
        "insufficient_funds",
    )
    staff = await graphql(
        client,
        "query($id: ID!) { payment(id: $id) { status order { status } } }",
        {"id": extensions["paymentId"]},
        bearer=tenant.secret_key,
    )
    assert staff["data"]["payment"] == {"status": "FAILED", "order": {"status": "PENDING"}}


async def test_members_cannot_charge_cards_or_refund(
    client: httpx.AsyncClient, services: Services, factory: Factory
) -> None:
    tenant = await factory.tenant()
    order, token = await member_order(services, tenant)

    paid = await graphql(client, PAY, pay_input(order), bearer=token)
    refund = await graphql(
        client, REFUND, {"input": {"paymentId": "1"}}, bearer=token, tenant=tenant.slug
    )

    assert error_of(paid)[1]["code"] == "FORBIDDEN"
    assert error_of(refund)[1]["code"] == "FORBIDDEN"


async def test_refund_payment_refunds_the_order_in_full(
    client: httpx.AsyncClient, services: Services, factory: Factory
) -> None:
    tenant = await factory.tenant()
    order, token = await member_order(services, tenant)
    payment = await graphql(client, PAY, pay_input(order), bearer=tenant.secret_key)
    payment_id = payment["data"]["createCardPayment"]["id"]

    partial = await graphql(
        client,
        REFUND,
        {"input": {"paymentId": payment_id, "amount": 500, "reason": "Late"}},
        bearer=tenant.secret_key,
    )
    rest = await graphql(
        client,
        REFUND,
        {"input": {"paymentId": payment_id, "restock": True}},
        bearer=tenant.secret_key,
    )

    assert partial["data"]["refundPayment"] == {
        "paymentId": payment_id,
        "amount": 500,
        "reason": "Late",
        "restocked": False,
        "status": "SUCCEEDED",
        "processor": "TEST_CARD",
    }
    assert (
        rest["data"]["refundPayment"]["amount"],
        rest["data"]["refundPayment"]["restocked"],
    ) == (
        2500,
        True,
    )
    mine = await graphql(client, MY_ORDER, {"number": order.number}, bearer=token)
    assert mine["data"]["order"]["status"] == "REFUNDED"
    assert mine["data"]["order"]["refunds"] == [{"amount": 500}, {"amount": 2500}]


async def test_a_refund_over_what_is_left_names_the_amount(
    client: httpx.AsyncClient, services: Services, factory: Factory
) -> None:
    tenant = await factory.tenant()
    order, _ = await member_order(services, tenant)
    payment = await graphql(client, PAY, pay_input(order), bearer=tenant.secret_key)
    payment_id = payment["data"]["createCardPayment"]["id"]

    body = await graphql(
        client,
        REFUND,
        {"input": {"paymentId": payment_id, "amount": 3001}},
        bearer=tenant.secret_key,
    )

    _, extensions = error_of(body)
    assert (extensions["code"], extensions["reason"]) == ("BAD_USER_INPUT", "amount_too_large")
    assert list(extensions["fields"]) == ["amount"]


@pytest.mark.parametrize("payment_id", ["999999", "x", "0"])
async def test_an_unknown_payment_is_not_found(
    client: httpx.AsyncClient, factory: Factory, payment_id: str
) -> None:
    tenant = await factory.tenant()

    body = await graphql(
        client,
        "query($id: ID!) { payment(id: $id) { id } }",
        {"id": payment_id},
        bearer=tenant.secret_key,
    )

    assert error_of(body)[1]["code"] == "NOT_FOUND"


async def test_another_tenant_s_order_is_not_found(
    client: httpx.AsyncClient, services: Services, factory: Factory
) -> None:
    tenant, other = await factory.tenant(), await factory.tenant()
    theirs, _ = await member_order(services, other)

    body = await graphql(client, PAY, pay_input(theirs), bearer=tenant.secret_key)

    assert error_of(body)[1]["code"] == "NOT_FOUND"


async def test_payments_lists_an_order_s_attempts_newest_first(
    client: httpx.AsyncClient, services: Services, factory: Factory
) -> None:
    tenant = await factory.tenant()
    order, _ = await member_order(services, tenant)
    await graphql(
        client,
        PAY,
        pay_input(order, {**GOOD, "number": "4000000000000002"}),
        bearer=tenant.secret_key,
    )
    await graphql(client, PAY, pay_input(order), bearer=tenant.secret_key)

    body = await graphql(
        client,
        "query($order: ID) { payments(orderId: $order) { items { status } pageInfo { total } } }",
        {"order": str(order.id)},
        bearer=tenant.secret_key,
    )

    assert body["data"]["payments"] == {
        "items": [{"status": "SUCCEEDED"}, {"status": "FAILED"}],
        "pageInfo": {"total": 2},
    }


async def test_an_idempotency_key_returns_the_first_payment(
    client: httpx.AsyncClient, services: Services, factory: Factory
) -> None:
    tenant = await factory.tenant()
    order, _ = await member_order(services, tenant)
    variables = {**pay_input(order), "key": "pay-once"}

    first = await graphql(client, PAY, variables, bearer=tenant.secret_key)
    again = await graphql(client, PAY, variables, bearer=tenant.secret_key)

    assert again["data"]["createCardPayment"]["id"] == first["data"]["createCardPayment"]["id"]
