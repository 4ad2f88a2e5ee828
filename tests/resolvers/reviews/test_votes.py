"""Helpful votes: toggled once per member; the count always equals the votes."""

from __future__ import annotations

import asyncio

import pytest

from tenantry.core.errors import NotFound, ValidationFailed
from tenantry.resolvers import reviews
from tenantry.serving.services import Services
from tests.conftest import Factory
from tests.resolvers.cart import rows
from tests.resolvers.reviews.support import load_review, review, vote, votes_of
from tests.support import SECRET_KEY_PRINCIPAL, make_ctx, members, run


async def test_a_vote_counts_and_a_second_takes_it_back(
    services: Services, factory: Factory
) -> None:
    tenant = await factory.tenant()
    author, reader = await members(services, tenant, 2)
    created = await review(services, tenant, author, await rows.product(services, tenant))

    first = await vote(services, tenant, reader, created.id)
    second = await vote(services, tenant, reader, created.id)

    assert (first.is_helpful, first.review.helpful_count) == (True, 1)
    assert (second.is_helpful, second.review.helpful_count) == (False, 0)
    assert await votes_of(services, tenant, created.id) == 0


async def test_voting_on_ones_own_review_is_invalid(services: Services, factory: Factory) -> None:
    tenant = await factory.tenant()
    [author] = await members(services, tenant)
    created = await review(services, tenant, author, await rows.product(services, tenant))

    with pytest.raises(ValidationFailed) as caught:
        await vote(services, tenant, author, created.id)

    assert caught.value.fields == {"review": ["You cannot mark your own review as helpful."]}


async def test_a_hidden_review_is_not_found(services: Services, factory: Factory) -> None:
    tenant = await factory.tenant()
    author, reader = await members(services, tenant, 2)
    created = await review(services, tenant, author, await rows.product(services, tenant))
    admin = make_ctx(services, tenant, SECRET_KEY_PRINCIPAL)
    await run(
        services,
        tenant,
        lambda s: reviews.set_review_visibility(
            s, ctx=admin, review_id=created.id or 0, visible=False
        ),
    )

    with pytest.raises(NotFound):
        await vote(services, tenant, reader, created.id)


async def test_ten_members_voting_at_once_count_ten(services: Services, factory: Factory) -> None:
    # given
    tenant = await factory.tenant()
    [author] = await members(services, tenant)
    readers = await members(services, tenant, 10)
    created = await review(services, tenant, author, await rows.product(services, tenant))

    # when
    await asyncio.gather(*(vote(services, tenant, reader, created.id) for reader in readers))

    # then
    assert (await load_review(services, tenant, created.id)).helpful_count == 10
    assert await votes_of(services, tenant, created.id) == 10


async def test_one_member_voting_six_times_at_once_counts_at_most_once(
    services: Services, factory: Factory
) -> None:
    # given
    tenant = await factory.tenant()
    author, reader = await members(services, tenant, 2)
    created = await review(services, tenant, author, await rows.product(services, tenant))

    # when
    await asyncio.gather(*(vote(services, tenant, reader, created.id) for _ in range(6)))

    # then: toggles may cancel out, but the count never drifts from the votes
    votes = await votes_of(services, tenant, created.id)
    assert votes <= 1
    assert (await load_review(services, tenant, created.id)).helpful_count == votes
