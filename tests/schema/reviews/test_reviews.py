"""Reviews over GraphQL: lists with summaries, eligibility, writes, votes, staff moderation."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tenantry.models.catalog import Product
from tenantry.serving.services import Services
from tests.conftest import Factory, StatementCounter, TenantFixture
from tests.resolvers.cart import rows
from tests.resolvers.reviews.support import purchase
from tests.schema.reviews.support import staff_token
from tests.support import error_codes, graphql, member_token, members

REVIEW = """
id rating title content images helpfulCount isHelpful isVisible createdAt updatedAt
member { id name }
product { id slug }
"""
PRODUCT_REVIEWS = f"""
query($slug: String!, $rating: Int, $sort: ReviewSort, $hidden: Boolean) {{
  productReviews(slug: $slug, rating: $rating, sort: $sort, includeHidden: $hidden) {{
    items {{ {REVIEW} }}
    pageInfo {{ total }}
    summary {{ average count distribution {{ rating count }} }}
  }}
}}
"""
CAN_REVIEW = "query($slug: String!) { canReview(slug: $slug) { canReview reason } }"
MY_REVIEWS = f"query {{ myReviews {{ items {{ {REVIEW} }} pageInfo {{ total }} }} }}"
CREATE = f"""
mutation($slug: String!, $input: CreateReviewInput!) {{
  createReview(slug: $slug, input: $input) {{ {REVIEW} }}
}}
"""
UPDATE = f"""
mutation($id: ID!, $input: UpdateReviewInput!) {{
  updateReview(id: $id, input: $input) {{ {REVIEW} }}
}}
"""
DELETE = "mutation($id: ID!) { deleteReview(id: $id) }"
HELPFUL = "mutation($id: ID!) { markReviewHelpful(id: $id) { id helpfulCount isHelpful } }"
HIDE = "mutation($id: ID!) { hideReview(id: $id) { id isVisible } }"
SHOW = "mutation($id: ID!) { showReview(id: $id) { id isVisible } }"


async def buyer(services: Services, tenant: TenantFixture, product: Product | None = None) -> str:
    [member_id] = await members(services, tenant)
    if product is not None:
        await purchase(services, tenant, member_id, product)
    return await member_token(services, tenant, member_id)


async def create(
    client: httpx.AsyncClient,
    tenant: TenantFixture,
    token: str,
    product: Product,
    rating: int = 5,
    **extra: Any,
) -> dict[str, Any]:
    variables = {"slug": product.slug, "input": {"rating": rating, "content": "Nice.", **extra}}
    body = await graphql(client, CREATE, variables, tenant=tenant.slug, bearer=token)
    assert "errors" not in body, body
    review: dict[str, Any] = body["data"]["createReview"]
    return review


async def test_a_buyer_creates_a_review(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    mug = await rows.product(services, tenant, "Mug")
    token = await buyer(services, tenant, mug)

    review = await create(client, tenant, token, mug, 4, title="Good", images=["/i/1.png"])

    assert review == {
        "id": review["id"],
        "rating": 4,
        "title": "Good",
        "content": "Nice.",
        "images": ["/i/1.png"],
        "helpfulCount": 0,
        "isHelpful": False,
        "isVisible": True,
        "createdAt": review["createdAt"],
        "updatedAt": review["updatedAt"],
        "member": {"id": review["member"]["id"], "name": ""},
        "product": {"id": str(mug.id), "slug": mug.slug},
    }


@pytest.mark.parametrize(
    ("product_bought", "reviewed", "code"),
    [(False, False, "FORBIDDEN"), (True, True, "CONFLICT")],
)
async def test_create_refusals(
    client: httpx.AsyncClient,
    factory: Factory,
    services: Services,
    product_bought: bool,
    reviewed: bool,
    code: str,
) -> None:
    tenant = await factory.tenant()
    mug = await rows.product(services, tenant, "Mug")
    token = await buyer(services, tenant, mug if product_bought else None)
    if reviewed:
        await create(client, tenant, token, mug)

    body = await graphql(
        client,
        CREATE,
        {"slug": mug.slug, "input": {"rating": 5, "content": "Again"}},
        tenant=tenant.slug,
        bearer=token,
    )

    assert error_codes(body) == [code]


async def test_an_invalid_rating_is_bad_user_input(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    mug = await rows.product(services, tenant, "Mug")
    token = await buyer(services, tenant, mug)

    body = await graphql(
        client,
        CREATE,
        {"slug": mug.slug, "input": {"rating": 9, "content": "x"}},
        tenant=tenant.slug,
        bearer=token,
    )

    [error] = body["errors"]
    assert error["extensions"] == {
        "code": "BAD_USER_INPUT",
        "reason": "parameter_invalid",
        "fields": {"rating": ["The rating field must not be greater than 5."]},
    }


async def test_product_reviews_with_summary_and_votes(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    mug = await rows.product(services, tenant, "Mug")
    first = await create(client, tenant, await buyer(services, tenant, mug), mug, 5)
    await create(client, tenant, await buyer(services, tenant, mug), mug, 2)
    reader = await buyer(services, tenant)
    await graphql(client, HELPFUL, {"id": first["id"]}, tenant=tenant.slug, bearer=reader)

    # when
    body = await graphql(
        client,
        PRODUCT_REVIEWS,
        {"slug": mug.slug, "sort": "HELPFUL"},
        tenant=tenant.slug,
        bearer=reader,
    )

    # then
    page = body["data"]["productReviews"]
    assert [(r["rating"], r["helpfulCount"], r["isHelpful"]) for r in page["items"]] == [
        (5, 1, True),
        (2, 0, False),
    ]
    assert page["summary"] == {
        "average": 3.5,
        "count": 2,
        "distribution": [
            {"rating": 1, "count": 0},
            {"rating": 2, "count": 1},
            {"rating": 3, "count": 0},
            {"rating": 4, "count": 0},
            {"rating": 5, "count": 1},
        ],
    }


async def test_product_reviews_of_an_unknown_product_is_not_found(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    tenant = await factory.tenant()

    body = await graphql(client, PRODUCT_REVIEWS, {"slug": "nope"}, tenant=tenant.slug)

    assert error_codes(body) == ["NOT_FOUND"]


async def test_can_review_reasons(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    mug = await rows.product(services, tenant, "Mug")
    stranger, customer = await buyer(services, tenant), await buyer(services, tenant, mug)

    answers = [
        (await graphql(client, CAN_REVIEW, {"slug": mug.slug}, tenant=tenant.slug, bearer=t))[
            "data"
        ]["canReview"]
        for t in (None, stranger, customer)
    ]

    assert answers == [
        {"canReview": False, "reason": "not_authenticated"},
        {"canReview": False, "reason": "not_purchased"},
        {"canReview": True, "reason": None},
    ]


async def test_the_author_updates_and_deletes(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    mug = await rows.product(services, tenant, "Mug")
    token = await buyer(services, tenant, mug)
    review = await create(client, tenant, token, mug, title="Old")

    updated = await graphql(
        client,
        UPDATE,
        {"id": review["id"], "input": {"rating": 3}},
        tenant=tenant.slug,
        bearer=token,
    )
    deleted = await graphql(client, DELETE, {"id": review["id"]}, tenant=tenant.slug, bearer=token)

    assert (
        updated["data"]["updateReview"]["rating"],
        updated["data"]["updateReview"]["title"],
    ) == (
        3,
        "Old",
    )
    assert deleted["data"] == {"deleteReview": True}


async def test_another_member_cannot_update(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    mug = await rows.product(services, tenant, "Mug")
    review = await create(client, tenant, await buyer(services, tenant, mug), mug)

    body = await graphql(
        client,
        UPDATE,
        {"id": review["id"], "input": {"rating": 1}},
        tenant=tenant.slug,
        bearer=await buyer(services, tenant),
    )

    assert error_codes(body) == ["NOT_FOUND"]


async def test_my_reviews(client: httpx.AsyncClient, factory: Factory, services: Services) -> None:
    tenant = await factory.tenant()
    mug = await rows.product(services, tenant, "Mug")
    token = await buyer(services, tenant, mug)
    review = await create(client, tenant, token, mug)

    body = await graphql(client, MY_REVIEWS, tenant=tenant.slug, bearer=token)

    assert body["data"]["myReviews"] == {"items": [review], "pageInfo": {"total": 1}}


async def test_staff_hide_and_show(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    mug = await rows.product(services, tenant, "Mug")
    review = await create(client, tenant, await buyer(services, tenant, mug), mug)
    staff = await staff_token(services, factory, tenant)

    # when
    hidden = await graphql(client, HIDE, {"id": review["id"]}, tenant=tenant.slug, bearer=staff)
    public = await graphql(client, PRODUCT_REVIEWS, {"slug": mug.slug}, tenant=tenant.slug)
    for_staff = await graphql(
        client,
        PRODUCT_REVIEWS,
        {"slug": mug.slug, "hidden": True},
        tenant=tenant.slug,
        bearer=staff,
    )
    shown = await graphql(client, SHOW, {"id": review["id"]}, tenant=tenant.slug, bearer=staff)

    # then
    assert hidden["data"]["hideReview"] == {"id": review["id"], "isVisible": False}
    assert public["data"]["productReviews"]["items"] == []
    assert [r["id"] for r in for_staff["data"]["productReviews"]["items"]] == [review["id"]]
    assert shown["data"]["showReview"] == {"id": review["id"], "isVisible": True}


async def test_members_cannot_hide(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    mug = await rows.product(services, tenant, "Mug")
    review = await create(client, tenant, await buyer(services, tenant, mug), mug)

    body = await graphql(
        client, HIDE, {"id": review["id"]}, tenant=tenant.slug, bearer=await buyer(services, tenant)
    )

    assert error_codes(body) == ["FORBIDDEN"]


async def test_statements_do_not_grow_with_reviews(
    client: httpx.AsyncClient, factory: Factory, services: Services, count_queries: StatementCounter
) -> None:
    # given
    tenant = await factory.tenant()
    few, many = await rows.product(services, tenant), await rows.product(services, tenant)
    for product, size in ((few, 2), (many, 6)):
        for _ in range(size):
            await create(client, tenant, await buyer(services, tenant, product), product)
    reader = await buyer(services, tenant)

    # when
    counts = []
    for product in (few, many):
        count_queries.reset()
        body = await graphql(
            client, PRODUCT_REVIEWS, {"slug": product.slug}, tenant=tenant.slug, bearer=reader
        )
        assert "errors" not in body, body
        counts.append(count_queries.count)

    # then
    assert counts[0] == counts[1]
