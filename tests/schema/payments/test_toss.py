"""prepareTossPayment, confirmTossPayment, createTossVirtualAccount and recheckPayment, end to end
against the fake Toss server."""

from __future__ import annotations

import httpx

from tenantry.models.order import OrderStatus
from tenantry.models.tenant import StaffRole
from tenantry.serving.services import Services
from tests.conftest import Factory
from tests.fake_toss import CLIENT_KEY, FakeToss
from tests.resolvers.payments.rows import payments_of
from tests.resolvers.payments.toss_support import order_status, toss_order
from tests.support import error_of, graphql, staff_token

PREPARE = """
mutation($input: PrepareTossPaymentInput!) {
  prepareTossPayment(input: $input) {
    clientKey orderId amount currency orderName successUrl failUrl
    payment { processor status amount reference }
  }
}
"""
CONFIRM = """
mutation($input: ConfirmTossPaymentInput!, $key: String) {
  confirmTossPayment(input: $input, idempotencyKey: $key) {
    id status amount currency reference card { brand last4 } order { number status }
  }
}
"""
ACCOUNT = """
mutation($input: CreateTossVirtualAccountInput!) {
  createTossVirtualAccount(input: $input) {
    accountNumber bank customerName dueDate payment { method status details }
  }
}
"""
RECHECK = "mutation($id: ID!) { recheckPayment(paymentId: $id) { status order { status } } }"
URLS = {"successUrl": "https://shop.example/ok", "failUrl": "https://shop.example/no"}


async def test_a_member_prepares_and_confirms_a_toss_payment(
    client: httpx.AsyncClient, services: Services, factory: Factory, toss: FakeToss
) -> None:
    # given
    shop, order = await toss_order(services, factory)
    # when
    prepared = await graphql(
        client,
        PREPARE,
        {"input": {"orderNumber": order.number, **URLS}},
        tenant=shop.slug,
        bearer=shop.buyer.token,
    )
    key = toss.authorize(order.number, 35000)
    confirmed = await graphql(
        client,
        CONFIRM,
        {"input": {"paymentKey": key, "orderId": order.number, "amount": 35000}},
        tenant=shop.slug,
        bearer=shop.buyer.token,
    )
    # then
    assert prepared == {
        "data": {
            "prepareTossPayment": {
                "clientKey": CLIENT_KEY,
                "orderId": order.number,
                "amount": 35000,
                "currency": "KRW",
                "orderName": "Mug 외 1건",
                **URLS,
                "payment": {
                    "processor": "TOSS",
                    "status": "PENDING",
                    "amount": 35000,
                    "reference": None,
                },
            }
        }
    }
    [payment] = await payments_of(services, shop.tenant, order.id)
    assert confirmed == {
        "data": {
            "confirmTossPayment": {
                "id": str(payment.id),
                "status": "SUCCEEDED",
                "amount": 35000,
                "currency": "KRW",
                "reference": key,
                "card": {"brand": "현대", "last4": "1234"},
                "order": {"number": order.number, "status": "PAID"},
            }
        }
    }


async def test_a_confirm_of_another_amount_is_refused_with_its_reason(
    client: httpx.AsyncClient, services: Services, factory: Factory, toss: FakeToss
) -> None:
    shop, order = await toss_order(services, factory)

    body = await graphql(
        client,
        CONFIRM,
        {"input": {"paymentKey": "tgen_x", "orderId": order.number, "amount": 34999}},
        tenant=shop.slug,
        bearer=shop.buyer.token,
    )

    _, extensions = error_of(body)
    assert extensions == {
        "code": "BAD_USER_INPUT",
        "reason": "amount_mismatch",
        "fields": {"amount": ["The amount must equal what the order owes (35000)."]},
    }
    assert toss.requests == []


async def test_staff_recheck_settles_a_payment_toss_did_not_answer_about(
    client: httpx.AsyncClient, services: Services, factory: Factory, toss: FakeToss
) -> None:
    # given: a confirm Toss made, whose answer came too late
    shop, order = await toss_order(services, factory)
    key = toss.authorize(order.number, 35000)
    toss.hang()
    lost = await graphql(
        client,
        CONFIRM,
        {"input": {"paymentKey": key, "orderId": order.number, "amount": 35000}},
        tenant=shop.slug,
        bearer=shop.buyer.token,
    )
    [payment] = await payments_of(services, shop.tenant, order.id)
    staff_id, _ = await factory.staff(shop.tenant, role=StaffRole.ADMIN)
    admin = await staff_token(services, shop.tenant, staff_id)
    # when
    by_member = await graphql(
        client, RECHECK, {"id": str(payment.id)}, tenant=shop.slug, bearer=shop.buyer.token
    )
    by_staff = await graphql(
        client, RECHECK, {"id": str(payment.id)}, tenant=shop.slug, bearer=admin
    )
    # then
    assert error_of(lost)[1] == {"code": "SERVICE_UNAVAILABLE", "reason": "provider_unavailable"}
    assert payment.status == "unknown"
    assert error_of(by_member)[1]["code"] == "FORBIDDEN"
    assert by_staff == {
        "data": {"recheckPayment": {"status": "SUCCEEDED", "order": {"status": "PAID"}}}
    }
    assert await order_status(services, shop.tenant, order.number) is OrderStatus.PAID
    assert len(toss.calls("/confirm")) == 1


async def test_a_virtual_account_shows_its_number_and_hides_its_secret(
    client: httpx.AsyncClient, services: Services, factory: Factory, toss: FakeToss
) -> None:
    shop, order = await toss_order(services, factory)

    body = await graphql(
        client,
        ACCOUNT,
        {"input": {"orderNumber": order.number, "bank": "88", "customerName": "김토스"}},
        tenant=shop.slug,
        bearer=shop.buyer.token,
    )

    [payment] = await payments_of(services, shop.tenant, order.id)
    assert payment.reference is not None
    account = toss.payments[payment.reference]["virtualAccount"]
    expected = {
        "accountNumber": account["accountNumber"],
        "bank": "88",
        "customerName": "김토스",
        "dueDate": "2026-12-10T10:00:00+09:00",
    }
    assert body == {
        "data": {
            "createTossVirtualAccount": {
                **expected,
                "payment": {
                    "method": "virtual_account",
                    "status": "PENDING",
                    "details": {
                        "account_number": account["accountNumber"],
                        "bank": "88",
                        "customer_name": "김토스",
                        "due_date": "2026-12-10T10:00:00+09:00",
                    },
                },
            }
        }
    }
