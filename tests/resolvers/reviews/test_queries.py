"""A product's reviews: visible only, filtered, sorted, with the rating summary; my reviews."""

from __future__ import annotations

import pytest

from tenantry.core.errors import Forbidden, Unauthenticated
from tenantry.core.pagination import PageRequest
from tenantry.models.catalog import Product
from tenantry.models.reviews import Review
from tenantry.resolvers import catalog, reviews
from tenantry.serving.services import Services
from tests.conftest import Factory, TenantFixture
from tests.resolvers.cart import rows
from tests.resolvers.reviews.support import review, vote
from tests.support import SECRET_KEY_PRINCIPAL, guest_ctx, make_ctx, member_ctx, members, run


async def reviewed(
    services: Services, tenant: TenantFixture, product: Product, *ratings: int
) -> list[Review]:
    member_ids = await members(services, tenant, len(ratings))
    return [
        await review(services, tenant, member_id, product, rating)
        for member_id, rating in zip(member_ids, ratings, strict=True)
    ]


async def hide(services: Services, tenant: TenantFixture, created: Review) -> None:
    admin = make_ctx(services, tenant, SECRET_KEY_PRINCIPAL)
    await run(
        services,
        tenant,
        lambda s: reviews.set_review_visibility(
            s, ctx=admin, review_id=created.id or 0, visible=False
        ),
    )


async def product_reviews(
    services: Services,
    tenant: TenantFixture,
    product: Product,
    query: reviews.ReviewQuery | None = None,
    **options: bool,
) -> reviews.ProductReviews:
    ctx = make_ctx(services, tenant, SECRET_KEY_PRINCIPAL if options else None)
    return await run(
        services,
        tenant,
        lambda s: reviews.list_product_reviews(
            s,
            ctx=ctx,
            slug=product.slug,
            query=query or reviews.ReviewQuery(),
            page=PageRequest(),
            **options,
        ),
    )


async def test_the_summary_counts_visible_reviews(services: Services, factory: Factory) -> None:
    # given
    tenant = await factory.tenant()
    mug = await rows.product(services, tenant, "Mug")
    written = await reviewed(services, tenant, mug, 5, 4, 4, 1)
    await hide(services, tenant, written[3])

    # when
    found = await product_reviews(services, tenant, mug)

    # then
    assert found.summary == reviews.ReviewSummary(
        average=4.33, count=3, distribution={1: 0, 2: 0, 3: 0, 4: 2, 5: 1}
    )
    assert [r.id for r in found.page.items] == [written[2].id, written[1].id, written[0].id]


async def test_the_catalog_rating_agrees_with_the_summary(
    services: Services, factory: Factory
) -> None:
    tenant = await factory.tenant()
    mug = await rows.product(services, tenant, "Mug")
    await reviewed(services, tenant, mug, 5, 3, 2)

    async with services.db.unit(tenant.id) as uow:
        ratings = await catalog.ratings_by_product_ids(uow.session, [mug.id])

    assert ratings[mug.id or 0] == catalog.RatingSummary(average=3.33, count=3)
    assert (await product_reviews(services, tenant, mug)).summary.average == 3.33


async def test_no_reviews_no_average(services: Services, factory: Factory) -> None:
    tenant = await factory.tenant()
    mug = await rows.product(services, tenant, "Mug")

    found = await product_reviews(services, tenant, mug)

    assert found.summary == reviews.ReviewSummary(
        average=0.0, count=0, distribution={1: 0, 2: 0, 3: 0, 4: 0, 5: 0}
    )


async def test_the_rating_filter_keeps_the_whole_summary(
    services: Services, factory: Factory
) -> None:
    tenant = await factory.tenant()
    mug = await rows.product(services, tenant, "Mug")
    written = await reviewed(services, tenant, mug, 5, 4, 5)

    found = await product_reviews(services, tenant, mug, reviews.ReviewQuery(rating=5))

    assert [r.id for r in found.page.items] == [written[2].id, written[0].id]
    assert found.summary.count == 3


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        (reviews.ReviewSort.NEWEST, [2, 1, 0]),
        (reviews.ReviewSort.RATING_DESC, [1, 2, 0]),
        (reviews.ReviewSort.RATING_ASC, [0, 2, 1]),
        (reviews.ReviewSort.HELPFUL, [0, 2, 1]),
    ],
)
async def test_sorting(
    services: Services, factory: Factory, sort: reviews.ReviewSort, expected: list[int]
) -> None:
    # given: ratings 2, 5, 3; the first has the most helpful votes
    tenant = await factory.tenant()
    mug = await rows.product(services, tenant, "Mug")
    written = await reviewed(services, tenant, mug, 2, 5, 3)
    readers = await members(services, tenant, 2)
    for reader in readers:
        await vote(services, tenant, reader, written[0].id)
    await vote(services, tenant, readers[0], written[2].id)

    # when
    found = await product_reviews(services, tenant, mug, reviews.ReviewQuery(sort=sort))

    # then
    assert [r.id for r in found.page.items] == [written[i].id for i in expected]


async def test_admins_may_list_hidden_reviews(services: Services, factory: Factory) -> None:
    tenant = await factory.tenant()
    mug = await rows.product(services, tenant, "Mug")
    [written] = await reviewed(services, tenant, mug, 1)
    await hide(services, tenant, written)

    found = await product_reviews(services, tenant, mug, include_hidden=True)

    assert [r.id for r in found.page.items] == [written.id]
    assert found.summary.count == 0


async def test_members_may_not_list_hidden_reviews(services: Services, factory: Factory) -> None:
    tenant = await factory.tenant()
    [member_id] = await members(services, tenant)
    mug = await rows.product(services, tenant, "Mug")

    with pytest.raises(Forbidden):
        await run(
            services,
            tenant,
            lambda s: reviews.list_product_reviews(
                s,
                ctx=member_ctx(services, tenant, member_id),
                slug=mug.slug,
                query=reviews.ReviewQuery(),
                page=PageRequest(),
                include_hidden=True,
            ),
        )


async def test_my_reviews_include_hidden_ones(services: Services, factory: Factory) -> None:
    tenant = await factory.tenant()
    [member_id] = await members(services, tenant)
    mug, cup = await rows.product(services, tenant, "Mug"), await rows.product(services, tenant)
    first = await review(services, tenant, member_id, mug)
    second = await review(services, tenant, member_id, cup)
    await hide(services, tenant, first)

    found = await run(
        services,
        tenant,
        lambda s: reviews.list_my_reviews(
            s, ctx=member_ctx(services, tenant, member_id), page=PageRequest()
        ),
    )

    assert [r.id for r in found.items] == [second.id, first.id]


async def test_a_guest_has_no_reviews_of_their_own(services: Services, factory: Factory) -> None:
    tenant = await factory.tenant()

    with pytest.raises(Unauthenticated):
        await run(
            services,
            tenant,
            lambda s: reviews.list_my_reviews(
                s, ctx=guest_ctx(services, tenant), page=PageRequest()
            ),
        )
