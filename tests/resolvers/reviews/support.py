"""Purchases and reviews for review tests: orders are rows (the orders domain is tested with
orders), reviews go through the review resolvers, one transaction per call."""

from __future__ import annotations

import secrets
from typing import TypeVar

from sqlmodel import col, select

from tenantry.models.catalog import Product
from tenantry.models.order import Order, OrderItem, OrderStatus
from tenantry.models.reviews import Review, ReviewHelpfulVote
from tenantry.resolvers import reviews
from tenantry.serving.services import Services
from tests.conftest import TenantFixture
from tests.support import add, member_ctx, run

T = TypeVar("T")


async def purchase(
    services: Services,
    tenant: TenantFixture,
    member_id: int,
    product: Product,
    status: OrderStatus = OrderStatus.PAID,
) -> Order:
    order = Order(
        number=f"ORD-{secrets.token_hex(6).upper()}",
        member_id=member_id,
        currency=tenant.info.currency,
        status=status,
        subtotal=product.price,
        total=product.price,
    )
    await add(services, tenant, order)
    assert order.id is not None
    item = OrderItem(
        order_id=order.id,
        product_id=product.id,
        product_type=str(product.type),
        name=product.name,
        unit_price=product.price,
        quantity=1,
        total=product.price,
    )
    await add(services, tenant, item)
    return order


async def review(
    services: Services,
    tenant: TenantFixture,
    member_id: int,
    product: Product,
    rating: int = 5,
    content: str = "Lovely.",
    **fields: object,
) -> Review:
    """A purchase and its review, as the buyer writes it."""
    await purchase(services, tenant, member_id, product)
    data = reviews.ReviewIn.model_validate({"rating": rating, "content": content, **fields})
    ctx = member_ctx(services, tenant, member_id)
    return await run(
        services,
        tenant,
        lambda s: reviews.create_review(s, ctx=ctx, slug=product.slug, data=data),
    )


async def load_review(services: Services, tenant: TenantFixture, review_id: int | None) -> Review:
    async with services.db.unit(tenant.id) as uow:
        found = await uow.session.get(Review, review_id)
    assert found is not None
    return found


async def votes_of(services: Services, tenant: TenantFixture, review_id: int | None) -> int:
    async with services.db.unit(tenant.id) as uow:
        found = await uow.session.scalars(
            select(ReviewHelpfulVote).where(col(ReviewHelpfulVote.review_id) == review_id)
        )
        return len(list(found))


async def vote(
    services: Services, tenant: TenantFixture, member_id: int, review_id: int | None
) -> reviews.HelpfulVote:
    ctx = member_ctx(services, tenant, member_id)
    return await run(
        services, tenant, lambda s: reviews.toggle_helpful(s, ctx=ctx, review_id=review_id or 0)
    )
