"""Many members checking out at once with one coupon: no deadlock, the coupon's limit holds."""

from __future__ import annotations

import asyncio

import pytest

from tenantry.core.errors import Conflict, ValidationFailed
from tenantry.serving.services import Services
from tests.conftest import Factory
from tests.resolvers.cart.rows import coupon, load_coupon, product
from tests.resolvers.orders.support import checkout, fill_cart
from tests.support import members

pytestmark = pytest.mark.usefixtures("app")

BUYERS = 30
EXHAUSTED = "This coupon has reached its usage limit."


@pytest.mark.parametrize("usage_limit", [None, 10])
async def test_thirty_checkouts_with_one_coupon_at_once(
    services: Services, factory: Factory, usage_limit: int | None
) -> None:
    # given: thirty members with the same coupon in their carts
    tenant = await factory.tenant()
    mug = await product(services, tenant, "Mug", price=1000, stock=100)
    shared = await coupon(services, tenant, value=10, usage_limit=usage_limit)
    buyers = await members(services, tenant, BUYERS)
    for member_id in buyers:
        await fill_cart(services, tenant, member_id, (mug, None, 1), coupon=shared.code)

    # when
    async def place(member_id: int) -> str:
        try:
            await checkout(services, tenant, member_id)
        except (Conflict, ValidationFailed) as exc:
            # Refused in the race (Conflict) or, once used up, when the cart's coupon is quoted.
            return exc.message
        return "placed"

    outcomes = await asyncio.gather(*(place(member_id) for member_id in buyers))

    # then: every checkout either placed or was told the coupon ran out; none failed otherwise
    expected = usage_limit or BUYERS
    assert outcomes.count("placed") == expected
    assert outcomes.count(EXHAUSTED) == BUYERS - expected
    assert (await load_coupon(services, tenant, shared.id)).usage_count == expected
