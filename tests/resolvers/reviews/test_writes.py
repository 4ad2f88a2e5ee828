"""Creating, editing, deleting, hiding reviews."""

from __future__ import annotations

import asyncio

import pytest

from tenantry.auth.principal import Principal, PrincipalKind
from tenantry.core.errors import DomainError, Forbidden, NotFound, Unauthenticated
from tenantry.models.order import OrderStatus
from tenantry.models.reviews import Review
from tenantry.resolvers import reviews
from tenantry.serving.services import Services
from tests.conftest import Factory
from tests.resolvers.cart import rows
from tests.resolvers.reviews.support import load_review, purchase, review
from tests.support import SECRET_KEY_PRINCIPAL, count, guest_ctx, make_ctx, member_ctx, members, run


async def test_a_buyer_reviews_and_the_review_cites_the_order(
    services: Services, factory: Factory
) -> None:
    # given
    tenant = await factory.tenant()
    [member_id] = await members(services, tenant)
    mug = await rows.product(services, tenant, "Mug")
    order = await purchase(services, tenant, member_id, mug, OrderStatus.COMPLETED)
    data = reviews.ReviewIn(
        rating=4, title="Good", content="Holds tea.", images=["https://img.example/1.png"]
    )

    # when
    created = await run(
        services,
        tenant,
        lambda s: reviews.create_review(
            s, ctx=member_ctx(services, tenant, member_id), slug=mug.slug, data=data
        ),
    )

    # then
    found = await load_review(services, tenant, created.id)
    assert (found.product_id, found.member_id, found.order_id) == (mug.id, member_id, order.id)
    assert (found.rating, found.title, found.content) == (4, "Good", "Holds tea.")
    assert (found.images, found.is_visible, found.helpful_count) == (
        ["https://img.example/1.png"],
        True,
        0,
    )


async def test_a_second_review_is_a_conflict(services: Services, factory: Factory) -> None:
    tenant = await factory.tenant()
    [member_id] = await members(services, tenant)
    mug = await rows.product(services, tenant, "Mug")
    await review(services, tenant, member_id, mug)

    with pytest.raises(reviews.AlreadyReviewed):
        await run(
            services,
            tenant,
            lambda s: reviews.create_review(
                s,
                ctx=member_ctx(services, tenant, member_id),
                slug=mug.slug,
                data=reviews.ReviewIn(rating=1, content="Again"),
            ),
        )


async def test_concurrent_first_reviews_keep_one(services: Services, factory: Factory) -> None:
    # given
    tenant = await factory.tenant()
    [member_id] = await members(services, tenant)
    mug = await rows.product(services, tenant, "Mug")
    await purchase(services, tenant, member_id, mug)
    ctx = member_ctx(services, tenant, member_id)
    data = reviews.ReviewIn(rating=5, content="Great")

    # when
    outcomes = await asyncio.gather(
        *(
            run(
                services,
                tenant,
                lambda s: reviews.create_review(s, ctx=ctx, slug=mug.slug, data=data),
            )
            for _ in range(5)
        ),
        return_exceptions=True,
    )

    # then
    assert sum(isinstance(outcome, Review) for outcome in outcomes) == 1
    assert all(isinstance(outcome, Review | reviews.AlreadyReviewed) for outcome in outcomes), (
        outcomes
    )
    assert await count(services, tenant, Review) == 1


async def test_a_member_who_did_not_buy_is_refused(services: Services, factory: Factory) -> None:
    tenant = await factory.tenant()
    [member_id] = await members(services, tenant)
    mug = await rows.product(services, tenant, "Mug")

    with pytest.raises(reviews.NotPurchased) as caught:
        await run(
            services,
            tenant,
            lambda s: reviews.create_review(
                s,
                ctx=member_ctx(services, tenant, member_id),
                slug=mug.slug,
                data=reviews.ReviewIn(rating=5, content="Hearsay"),
            ),
        )

    assert isinstance(caught.value, Forbidden)


async def test_a_guest_cannot_review(services: Services, factory: Factory) -> None:
    tenant = await factory.tenant()
    mug = await rows.product(services, tenant, "Mug")

    with pytest.raises(Unauthenticated):
        await run(
            services,
            tenant,
            lambda s: reviews.create_review(
                s,
                ctx=guest_ctx(services, tenant),
                slug=mug.slug,
                data=reviews.ReviewIn(rating=5, content="Anon"),
            ),
        )


async def test_the_author_edits_only_what_is_given(services: Services, factory: Factory) -> None:
    tenant = await factory.tenant()
    [member_id] = await members(services, tenant)
    mug = await rows.product(services, tenant, "Mug")
    created = await review(services, tenant, member_id, mug, 5, "Great", title="Wow")

    await run(
        services,
        tenant,
        lambda s: reviews.update_review(
            s,
            ctx=member_ctx(services, tenant, member_id),
            review_id=created.id or 0,
            data=reviews.ReviewUpdate(rating=3),
        ),
    )

    found = await load_review(services, tenant, created.id)
    assert (found.rating, found.title, found.content) == (3, "Wow", "Great")


async def test_another_member_cannot_edit_or_delete(services: Services, factory: Factory) -> None:
    tenant = await factory.tenant()
    author, other = await members(services, tenant, 2)
    mug = await rows.product(services, tenant, "Mug")
    created = await review(services, tenant, author, mug)
    ctx = member_ctx(services, tenant, other)

    with pytest.raises(NotFound):
        await run(
            services,
            tenant,
            lambda s: reviews.update_review(
                s, ctx=ctx, review_id=created.id or 0, data=reviews.ReviewUpdate(rating=1)
            ),
        )
    with pytest.raises(NotFound):
        await run(
            services, tenant, lambda s: reviews.delete_review(s, ctx=ctx, review_id=created.id or 0)
        )
    assert (await load_review(services, tenant, created.id)).rating == 5


async def test_the_author_deletes_and_may_review_again(
    services: Services, factory: Factory
) -> None:
    tenant = await factory.tenant()
    [member_id] = await members(services, tenant)
    mug = await rows.product(services, tenant, "Mug")
    created = await review(services, tenant, member_id, mug)
    ctx = member_ctx(services, tenant, member_id)

    await run(
        services, tenant, lambda s: reviews.delete_review(s, ctx=ctx, review_id=created.id or 0)
    )

    assert await count(services, tenant, Review) == 0
    found = await run(
        services, tenant, lambda s: reviews.check_eligibility(s, ctx=ctx, slug=mug.slug)
    )
    assert found.can_review is True


async def test_an_admin_hides_and_shows_a_review(services: Services, factory: Factory) -> None:
    tenant = await factory.tenant()
    [member_id] = await members(services, tenant)
    mug = await rows.product(services, tenant, "Mug")
    created = await review(services, tenant, member_id, mug)
    admin = make_ctx(services, tenant, SECRET_KEY_PRINCIPAL)

    hidden = await run(
        services,
        tenant,
        lambda s: reviews.set_review_visibility(
            s, ctx=admin, review_id=created.id or 0, visible=False
        ),
    )
    shown = await run(
        services,
        tenant,
        lambda s: reviews.set_review_visibility(
            s, ctx=admin, review_id=created.id or 0, visible=True
        ),
    )

    assert (hidden.is_visible, shown.is_visible) == (False, True)


@pytest.mark.parametrize(
    ("principal", "error"),
    [
        (Principal(), Unauthenticated),
        (Principal(kind=PrincipalKind.MEMBER, member_id=1), Forbidden),
    ],
)
async def test_only_admins_hide(
    services: Services, factory: Factory, principal: Principal, error: type[DomainError]
) -> None:
    tenant = await factory.tenant()
    [member_id] = await members(services, tenant)
    mug = await rows.product(services, tenant, "Mug")
    created = await review(services, tenant, member_id, mug)

    with pytest.raises(error):
        await run(
            services,
            tenant,
            lambda s: reviews.set_review_visibility(
                s,
                ctx=make_ctx(services, tenant, principal),
                review_id=created.id or 0,
                visible=False,
            ),
        )
