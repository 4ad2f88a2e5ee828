"""Who may review: members who bought the product in an order that was paid, once."""

from __future__ import annotations

import pytest

from tenantry.core.errors import NotFound
from tenantry.models.order import OrderStatus
from tenantry.resolvers import reviews
from tenantry.serving.services import Services
from tests.conftest import Factory
from tests.resolvers.cart import rows
from tests.resolvers.reviews.support import purchase, review
from tests.support import guest_ctx, member_ctx, members, run


async def test_a_guest_is_not_authenticated(services: Services, factory: Factory) -> None:
    tenant = await factory.tenant()
    mug = await rows.product(services, tenant, "Mug")

    found = await run(
        services,
        tenant,
        lambda s: reviews.check_eligibility(s, ctx=guest_ctx(services, tenant), slug=mug.slug),
    )

    assert (found.can_review, found.reason) == (False, reviews.Ineligible.NOT_AUTHENTICATED)


async def test_a_member_who_did_not_buy_has_not_purchased(
    services: Services, factory: Factory
) -> None:
    tenant = await factory.tenant()
    [member_id] = await members(services, tenant)
    mug = await rows.product(services, tenant, "Mug")

    found = await run(
        services,
        tenant,
        lambda s: reviews.check_eligibility(
            s, ctx=member_ctx(services, tenant, member_id), slug=mug.slug
        ),
    )

    assert (found.can_review, found.reason) == (False, reviews.Ineligible.NOT_PURCHASED)


@pytest.mark.parametrize(
    "status",
    [OrderStatus.PAID, OrderStatus.PROCESSING, OrderStatus.SHIPPED, OrderStatus.COMPLETED],
)
async def test_a_buyer_of_a_paid_order_may_review(
    services: Services, factory: Factory, status: OrderStatus
) -> None:
    tenant = await factory.tenant()
    [member_id] = await members(services, tenant)
    mug = await rows.product(services, tenant, "Mug")
    order = await purchase(services, tenant, member_id, mug, status)

    found = await run(
        services,
        tenant,
        lambda s: reviews.check_eligibility(
            s, ctx=member_ctx(services, tenant, member_id), slug=mug.slug
        ),
    )

    assert (found.can_review, found.reason, found.order_id) == (True, None, order.id)


@pytest.mark.parametrize(
    "status", [OrderStatus.PENDING, OrderStatus.CANCELLED, OrderStatus.REFUNDED]
)
async def test_an_unpaid_or_undone_order_does_not_count(
    services: Services, factory: Factory, status: OrderStatus
) -> None:
    tenant = await factory.tenant()
    [member_id] = await members(services, tenant)
    mug = await rows.product(services, tenant, "Mug")
    await purchase(services, tenant, member_id, mug, status)

    found = await run(
        services,
        tenant,
        lambda s: reviews.check_eligibility(
            s, ctx=member_ctx(services, tenant, member_id), slug=mug.slug
        ),
    )

    assert found.reason is reviews.Ineligible.NOT_PURCHASED


async def test_another_members_purchase_does_not_count(
    services: Services, factory: Factory
) -> None:
    tenant = await factory.tenant()
    buyer, other = await members(services, tenant, 2)
    mug = await rows.product(services, tenant, "Mug")
    await purchase(services, tenant, buyer, mug)

    found = await run(
        services,
        tenant,
        lambda s: reviews.check_eligibility(
            s, ctx=member_ctx(services, tenant, other), slug=mug.slug
        ),
    )

    assert found.reason is reviews.Ineligible.NOT_PURCHASED


async def test_a_reviewer_has_already_reviewed(services: Services, factory: Factory) -> None:
    tenant = await factory.tenant()
    [member_id] = await members(services, tenant)
    mug = await rows.product(services, tenant, "Mug")
    await review(services, tenant, member_id, mug)

    found = await run(
        services,
        tenant,
        lambda s: reviews.check_eligibility(
            s, ctx=member_ctx(services, tenant, member_id), slug=mug.slug
        ),
    )

    assert (found.can_review, found.reason) == (False, reviews.Ineligible.ALREADY_REVIEWED)


async def test_an_unknown_product_is_not_found(services: Services, factory: Factory) -> None:
    tenant = await factory.tenant()

    with pytest.raises(NotFound):
        await run(
            services,
            tenant,
            lambda s: reviews.check_eligibility(s, ctx=guest_ctx(services, tenant), slug="nope"),
        )
