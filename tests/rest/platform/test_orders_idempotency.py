"""POST /orders with an Idempotency-Key: Stripe's semantics, keys per tenant and member, one key
space with GraphQL's createOrder(idempotencyKey:)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tenantry.models.order import Order
from tenantry.serving.services import Services
from tests.conftest import Factory, TenantFixture
from tests.resolvers.cart.rows import product
from tests.resolvers.orders.support import ADDRESS, fill_cart, shoppers, stock_of
from tests.schema.orders.test_orders import CREATE
from tests.support import bearer, count, error_of, graphql, member_token, members

pytestmark = pytest.mark.usefixtures("app")

REUSED = (
    "Keys for idempotent requests can only be used with the same parameters they were first "
    "used with."
)


async def post(
    client: httpx.AsyncClient, tenant: TenantFixture, token: str, key: str, body: Any
) -> httpx.Response:
    return await client.post(
        f"/api/{tenant.slug}/orders", json=body, headers=bearer(token, **{"Idempotency-Key": key})
    )


async def test_a_repeated_request_replays_the_first_answer(
    client: httpx.AsyncClient, services: Services, factory: Factory
) -> None:
    # given
    tenant = await factory.tenant()
    mug = await product(services, tenant, "Mug", stock=10)
    [token] = await shoppers(services, tenant, 1, mug)
    first = await post(client, tenant, token, "k-1", {"shipping_address": ADDRESS})
    # when
    again = await post(client, tenant, token, "k-1", {"shipping_address": ADDRESS})
    # then
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again.headers["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first.headers
    assert await count(services, tenant, Order) == 1
    assert await stock_of(services, tenant, mug) == 9


async def test_a_key_reused_with_another_body_is_422(
    client: httpx.AsyncClient, services: Services, factory: Factory
) -> None:
    tenant = await factory.tenant()
    mug = await product(services, tenant, "Mug")
    [token] = await shoppers(services, tenant, 1, mug)
    await post(client, tenant, token, "k-1", {"shipping_address": ADDRESS})
    response = await post(client, tenant, token, "k-1", {"shipping_address": ADDRESS, "note": "x"})
    assert response.status_code == 422
    assert response.json() == {
        "message": REUSED,
        "code": "idempotency_key_reused",
        "errors": {"idempotency_key": [REUSED]},
    }


async def test_keys_are_per_member(
    client: httpx.AsyncClient, services: Services, factory: Factory
) -> None:
    tenant = await factory.tenant()
    mug = await product(services, tenant, "Mug")
    one, two = await shoppers(services, tenant, 2, mug)
    first = await post(client, tenant, one, "shared", {"shipping_address": ADDRESS})
    second = await post(client, tenant, two, "shared", {"shipping_address": ADDRESS})
    assert first.status_code == second.status_code == 201
    assert first.json()["data"]["order_number"] != second.json()["data"]["order_number"]


async def test_a_failed_request_does_not_use_up_its_key(
    client: httpx.AsyncClient, services: Services, factory: Factory
) -> None:
    # given: the first attempt fails on an empty cart
    tenant = await factory.tenant()
    [member_id] = await members(services, tenant)
    token = await member_token(services, tenant, member_id)
    failed = await post(client, tenant, token, "retry", {"shipping_address": ADDRESS})
    assert failed.status_code == 422
    # when: the buyer fills the cart and retries with the same key
    mug = await product(services, tenant, "Mug")
    await fill_cart(services, tenant, member_id, (mug, None, 1))
    retried = await post(client, tenant, token, "retry", {"shipping_address": ADDRESS})
    # then
    assert retried.status_code == 201
    assert "Idempotent-Replayed" not in retried.headers


async def test_an_overlong_key_is_422(
    client: httpx.AsyncClient, services: Services, factory: Factory
) -> None:
    tenant = await factory.tenant()
    mug = await product(services, tenant, "Mug")
    [token] = await shoppers(services, tenant, 1, mug)
    response = await post(client, tenant, token, "k" * 256, {"shipping_address": ADDRESS})
    assert response.status_code == 422
    assert response.json()["errors"] == {
        "idempotency_key": ["The Idempotency-Key header must not be greater than 255 characters."]
    }
    assert await count(services, tenant, Order) == 0


async def test_one_key_space_serves_rest_and_graphql(
    client: httpx.AsyncClient, services: Services, factory: Factory
) -> None:
    # given: a key first used on POST /orders
    tenant = await factory.tenant()
    mug = await product(services, tenant, "Mug", stock=10)
    [token] = await shoppers(services, tenant, 1, mug)
    first = await post(client, tenant, token, "shared", {"shipping_address": ADDRESS})
    # when: the same key and input on createOrder
    again = await graphql(
        client,
        CREATE,
        {"input": {"shippingAddress": ADDRESS}, "key": "shared"},
        tenant=tenant.slug,
        bearer=token,
    )
    # then: the first order, not a second one
    assert again["data"]["createOrder"]["number"] == first.json()["data"]["order_number"]
    assert await count(services, tenant, Order) == 1
    assert await stock_of(services, tenant, mug) == 9


async def test_one_key_with_other_input_on_graphql_is_refused(
    client: httpx.AsyncClient, services: Services, factory: Factory
) -> None:
    # given
    tenant = await factory.tenant()
    mug = await product(services, tenant, "Mug", stock=10)
    [token] = await shoppers(services, tenant, 1, mug)
    await post(client, tenant, token, "shared", {"shipping_address": ADDRESS})
    # when
    again = await graphql(
        client,
        CREATE,
        {"input": {"shippingAddress": ADDRESS, "note": "other"}, "key": "shared"},
        tenant=tenant.slug,
        bearer=token,
    )
    # then
    assert error_of(again) == (
        REUSED,
        {
            "code": "BAD_USER_INPUT",
            "reason": "idempotency_key_reused",
            "fields": {"idempotency_key": [REUSED]},
        },
    )
    assert await count(services, tenant, Order) == 1
