"""Dialect B /v1/refunds: partial and full refunds of test card payments, merchant only."""

from __future__ import annotations

import asyncio
import re
from typing import Any

import httpx
import pytest

from tenantry.models.catalog import Product
from tenantry.serving.services import Services
from tests.conftest import Factory, TenantFixture
from tests.resolvers.orders.support import stock_of
from tests.rest.commerce.payment_support import GOOD_CARD, b_order, key, pay
from tests.support import events_of

pytestmark = pytest.mark.usefixtures("app")

TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")


async def paid_order(
    client: httpx.AsyncClient, services: Services, tenant: TenantFixture
) -> tuple[dict[str, Any], dict[str, Any]]:
    order = await b_order(client, services, tenant, stock=10)
    payment = (await pay(client, tenant, order)).json()
    assert payment["status"] == "succeeded"
    return order, payment


async def refund(
    client: httpx.AsyncClient, tenant: TenantFixture, body: dict[str, Any], **headers: str
) -> httpx.Response:
    return await client.post("/v1/refunds", json=body, headers=key(tenant, **headers))


async def order_status(client: httpx.AsyncClient, tenant: TenantFixture, order_id: str) -> str:
    status: str = (await client.get(f"/v1/orders/{order_id}", headers=key(tenant))).json()["status"]
    return status


async def test_a_partial_refund_answers_the_refund_object_and_keeps_the_order_paid(
    client: httpx.AsyncClient, services: Services, factory: Factory
) -> None:
    # given
    tenant = await factory.tenant()
    order, payment = await paid_order(client, services, tenant)
    # when
    response = await refund(
        client, tenant, {"payment": payment["id"], "amount": 1000, "reason": "Scratched"}
    )
    # then
    assert response.status_code == 200, response.text
    body = response.json()
    assert re.fullmatch(r"re_\d+", body["id"])
    assert TIME.fullmatch(body["created_at"])
    assert body == {
        "id": body["id"],
        "object": "refund",
        "payment": payment["id"],
        "order_id": order["id"],
        "amount": 1000,
        "currency": "usd",
        "status": "succeeded",
        "reason": "Scratched",
        "restocked": False,
        "created_at": body["created_at"],
    }
    assert await order_status(client, tenant, order["id"]) == "paid"
    now = (await client.get(f"/v1/payments/{payment['id']}", headers=key(tenant))).json()
    assert now["amount_refunded"] == 1000
    [event] = await events_of(services, tenant, "refund", int(body["id"][3:]))
    assert (event.type, event.data) == ("refund.processed", body)
    fetched = await client.get(f"/v1/refunds/{body['id']}", headers=key(tenant))
    assert fetched.json() == body


async def test_refunding_what_is_left_with_restock_refunds_the_order_and_restocks(
    client: httpx.AsyncClient, services: Services, factory: Factory
) -> None:
    tenant = await factory.tenant()
    order, payment = await paid_order(client, services, tenant)
    product_id = int(order["items"][0]["product_id"][5:])
    shirt = Product(id=product_id, name="", slug="", price=0, currency="USD")
    await refund(client, tenant, {"payment": payment["id"], "amount": 998})

    response = await refund(client, tenant, {"payment": payment["id"], "restock": True})

    assert response.status_code == 200, response.text
    assert (response.json()["amount"], response.json()["restocked"]) == (5000, True)
    assert await order_status(client, tenant, order["id"]) == "refunded"
    assert await stock_of(services, tenant, shirt) == 10
    listed = (await client.get(f"/v1/refunds?payment={payment['id']}", headers=key(tenant))).json()
    assert [r["amount"] for r in listed["data"]] == [5000, 998]
    assert (listed["total"], listed["has_more"]) == (2, False)


async def test_a_partial_refund_cannot_restock(
    client: httpx.AsyncClient, services: Services, factory: Factory
) -> None:
    tenant = await factory.tenant()
    _, payment = await paid_order(client, services, tenant)

    response = await refund(
        client, tenant, {"payment": payment["id"], "amount": 10, "restock": True}
    )

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "restock_needs_full_refund"


async def test_a_refund_over_what_is_left_is_refused_and_changes_nothing(
    client: httpx.AsyncClient, services: Services, factory: Factory
) -> None:
    tenant = await factory.tenant()
    order, payment = await paid_order(client, services, tenant)
    await refund(client, tenant, {"payment": payment["id"], "amount": 5000})

    too_much = await refund(client, tenant, {"payment": payment["id"], "amount": 999})
    await refund(client, tenant, {"payment": payment["id"]})
    nothing_left = await refund(client, tenant, {"payment": payment["id"]})

    assert too_much.status_code == 400
    assert too_much.json()["error"] == {
        "type": "invalid_request_error",
        "message": "The refund must not be greater than what is left to refund (998).",
        "param": "amount",
        "code": "amount_too_large",
    }
    assert (nothing_left.status_code, nothing_left.json()["error"]["code"]) == (
        409,
        "already_refunded",
    )
    assert await order_status(client, tenant, order["id"]) == "refunded"


async def test_a_failed_payment_cannot_be_refunded(
    client: httpx.AsyncClient, services: Services, factory: Factory
) -> None:
    tenant = await factory.tenant()
    order = await b_order(client, services, tenant)
    declined = await pay(client, tenant, order, {**GOOD_CARD, "number": "4000000000000002"})

    response = await refund(client, tenant, {"payment": declined.json()["error"]["payment"]})

    assert (response.status_code, response.json()["error"]["code"]) == (
        409,
        "payment_not_refundable",
    )


@pytest.mark.parametrize("amount", [0, -5, "ten"])
async def test_an_invalid_amount_is_named(
    client: httpx.AsyncClient, services: Services, factory: Factory, amount: object
) -> None:
    tenant = await factory.tenant()
    _, payment = await paid_order(client, services, tenant)

    response = await refund(client, tenant, {"payment": payment["id"], "amount": amount})

    assert (response.status_code, response.json()["error"]["param"]) == (400, "amount")


async def test_another_tenant_s_payment_is_a_missing_payment(
    client: httpx.AsyncClient, services: Services, factory: Factory
) -> None:
    tenant, other = await factory.tenant(), await factory.tenant()
    _, theirs = await paid_order(client, services, other)

    response = await refund(client, tenant, {"payment": theirs["id"]})

    assert response.status_code == 400
    assert response.json()["error"] == {
        "type": "invalid_request_error",
        "message": f"No such payment: '{theirs['id']}'",
        "param": "payment",
        "code": "resource_missing",
    }
    still = (await client.get(f"/v1/payments/{theirs['id']}", headers=key(other))).json()
    assert still["amount_refunded"] == 0


@pytest.mark.parametrize("raw", ["re_999999", "re_", "pay_1"])
async def test_an_unknown_refund_is_404(
    client: httpx.AsyncClient, factory: Factory, raw: str
) -> None:
    tenant = await factory.tenant()

    response = await client.get(f"/v1/refunds/{raw}", headers=key(tenant))

    assert response.status_code == 404
    assert response.json()["error"]["message"] == f"No such refund: '{raw}'"


async def test_concurrent_full_refunds_refund_once(
    client: httpx.AsyncClient, services: Services, factory: Factory
) -> None:
    tenant = await factory.tenant()
    order, payment = await paid_order(client, services, tenant)

    responses = await asyncio.gather(
        *(refund(client, tenant, {"payment": payment["id"]}) for _ in range(10))
    )

    assert sorted(r.status_code for r in responses) == [200] + [409] * 9
    now = (await client.get(f"/v1/payments/{payment['id']}", headers=key(tenant))).json()
    assert now["amount_refunded"] == payment["amount"]
    refunds = await events_of(services, tenant, "order", int(order["id"][4:]))
    assert [e.data["status"] for e in refunds if e.type == "order.updated"] == [
        "paid",
        "refunded",
    ]


async def test_a_refund_key_replays_the_refund(
    client: httpx.AsyncClient, services: Services, factory: Factory
) -> None:
    tenant = await factory.tenant()
    _, payment = await paid_order(client, services, tenant)
    body = {"payment": payment["id"], "amount": 100}

    first = await refund(client, tenant, body, **{"Idempotency-Key": "r1"})
    again = await refund(client, tenant, body, **{"Idempotency-Key": "r1"})

    assert again.json() == first.json()
    assert again.headers["Idempotent-Replayed"] == "true"
    now = (await client.get(f"/v1/payments/{payment['id']}", headers=key(tenant))).json()
    assert now["amount_refunded"] == 100
