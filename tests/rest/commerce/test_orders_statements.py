"""POST /v1/orders takes the stock last and answers from the rows it wrote: nothing follows the
stock UPDATE before the commit, yet the answer is what a later GET returns."""

from __future__ import annotations

import httpx
import pytest

from tenantry.serving.services import Services
from tests.conftest import Factory, StatementCounter
from tests.resolvers.cart.rows import product
from tests.resolvers.orders.support import after_stock, stock_of
from tests.support import bearer

pytestmark = pytest.mark.usefixtures("app")

STREET = {"street": "1 Main St", "city": "San Francisco", "zip": "94102", "country": "US"}


async def test_the_stock_update_is_the_order_s_last_statement(
    client: httpx.AsyncClient,
    services: Services,
    factory: Factory,
    count_queries: StatementCounter,
) -> None:
    # given
    tenant = await factory.tenant()
    shirt = await product(services, tenant, "Shirt", price=2999, stock=10)
    mug = await product(services, tenant, "Mug", price=1500, stock=10)
    body = {
        "items": [
            {"product_id": f"prod_{shirt.id}", "quantity": 2},
            {"product_id": f"prod_{mug.id}", "quantity": 1},
        ],
        "shipping_address": STREET,
    }
    headers = bearer(tenant.secret_key)
    count_queries.reset()
    # when
    created = await client.post("/v1/orders", json=body, headers=headers)
    # then
    assert created.status_code == 200, created.text
    assert after_stock(count_queries.statements) == []
    assert (await stock_of(services, tenant, shirt), await stock_of(services, tenant, mug)) == (
        8,
        9,
    )
    read = await client.get(f"/v1/orders/{created.json()['id']}", headers=headers)
    assert read.status_code == 200
    assert created.json() == read.json()
