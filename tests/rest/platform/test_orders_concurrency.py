"""Checkouts racing for the same stock, and one Idempotency-Key sent many times at once.

Every member checks out over the ASGI app at the same time (asyncio.gather); the database's
guard, not luck, decides who gets the last units.
"""

from __future__ import annotations

import asyncio
from collections import Counter

import httpx
import pytest

from tenantry.models.order import Order
from tenantry.serving.services import Services
from tests.conftest import Factory, TenantFixture
from tests.resolvers.cart.rows import bundle, product, variant
from tests.resolvers.orders.support import ADDRESS, shoppers, stock_of
from tests.support import bearer, count

pytestmark = pytest.mark.usefixtures("app")


async def checkout_all(
    client: httpx.AsyncClient, tenant: TenantFixture, tokens: list[str]
) -> list[httpx.Response]:
    async with asyncio.timeout(120):
        return await asyncio.gather(
            *[
                client.post(
                    f"/api/{tenant.slug}/orders",
                    json={"shipping_address": ADDRESS},
                    headers=bearer(token),
                )
                for token in tokens
            ]
        )


async def test_200_checkouts_for_50_units_sell_exactly_50(
    client: httpx.AsyncClient, services: Services, factory: Factory
) -> None:
    # given
    tenant = await factory.tenant()
    mug = await product(services, tenant, "Mug", price=1000, stock=50)
    tokens = await shoppers(services, tenant, 200, mug)
    # when
    responses = await checkout_all(client, tenant, tokens)
    # then
    statuses = Counter(response.status_code for response in responses)
    assert statuses == {201: 50, 409: 150}
    refused = [r.json() for r in responses if r.status_code == 409]
    assert all(
        body == {"message": "Mug is out of stock.", "code": "out_of_stock"} for body in refused
    )
    assert await stock_of(services, tenant, mug) == 0
    assert await count(services, tenant, Order) == 50
    numbers = {r.json()["data"]["order_number"] for r in responses if r.status_code == 201}
    assert len(numbers) == 50


async def test_bundles_racing_for_their_components_never_oversell(
    client: httpx.AsyncClient, services: Services, factory: Factory
) -> None:
    # given: 40 buyers of a bundle of 2 cups and 1 saucer; 21 cups make 10 bundles
    tenant = await factory.tenant()
    cup = await product(services, tenant, "Cup", stock=21)
    saucer = await product(services, tenant, "Saucer", stock=30)
    set_ = await bundle(services, tenant, [(cup, 2), (saucer, 1)])
    tokens = await shoppers(services, tenant, 40, set_)
    # when
    responses = await checkout_all(client, tenant, tokens)
    # then
    assert Counter(r.status_code for r in responses) == {201: 10, 409: 30}
    assert {r.json()["message"] for r in responses if r.status_code == 409} == {
        "Bundle is out of stock."
    }
    assert await stock_of(services, tenant, cup) == 1
    assert await stock_of(services, tenant, saucer) == 20


async def test_variants_racing_for_their_own_stock_never_oversell(
    client: httpx.AsyncClient, services: Services, factory: Factory
) -> None:
    # given
    tenant = await factory.tenant()
    shirt = await product(services, tenant, "Shirt", stock=100)
    large = await variant(services, tenant, shirt, "Large", stock=12)
    tokens = await shoppers(services, tenant, 40, shirt, large, quantity=2)
    # when
    responses = await checkout_all(client, tenant, tokens)
    # then
    assert Counter(r.status_code for r in responses) == {201: 6, 409: 34}
    assert await stock_of(services, tenant, large) == 0
    assert await stock_of(services, tenant, shirt) == 100


async def test_one_idempotency_key_sent_10_times_at_once_creates_one_order(
    client: httpx.AsyncClient, services: Services, factory: Factory
) -> None:
    # given
    tenant = await factory.tenant()
    mug = await product(services, tenant, "Mug", stock=100)
    [token] = await shoppers(services, tenant, 1, mug)
    headers = bearer(token, **{"Idempotency-Key": "checkout-once"})
    # when
    async with asyncio.timeout(60):
        responses = await asyncio.gather(
            *[
                client.post(
                    f"/api/{tenant.slug}/orders",
                    json={"shipping_address": ADDRESS},
                    headers=headers,
                )
                for _ in range(10)
            ]
        )
    # then: one order; every answer is that order's, replayed, or "in progress"
    assert await count(services, tenant, Order) == 1
    assert await stock_of(services, tenant, mug) == 99
    created = [r for r in responses if r.status_code == 201]
    assert len(created) >= 1
    assert all(r.json() == created[0].json() for r in created)
    assert sum(r.headers.get("Idempotent-Replayed") != "true" for r in created) == 1
    for other in (r for r in responses if r.status_code != 201):
        assert other.status_code == 409
        assert other.json() == {
            "message": "A request with the same Idempotency-Key is in progress."
        }
