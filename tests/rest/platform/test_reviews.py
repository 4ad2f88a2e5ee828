"""Dialect A reviews: GET, POST /products/{slug}/reviews and GET .../reviews/can-review."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tenantry.models.catalog import Product
from tenantry.models.member import Member
from tenantry.models.order import OrderStatus
from tenantry.serving.services import Services
from tests.conftest import Factory, TenantFixture
from tests.resolvers.cart import rows
from tests.resolvers.reviews.support import purchase
from tests.support import bearer, member_token, members

UNAUTHENTICATED = {"message": "Unauthenticated.", "code": "unauthenticated"}
PRODUCT_NOT_FOUND = {"message": "Product not found.", "code": "resource_missing"}


def base(tenant: TenantFixture) -> str:
    return f"/api/{tenant.slug}"


async def buyer(
    services: Services,
    tenant: TenantFixture,
    product: Product | None = None,
    *,
    name: str = "",
) -> tuple[int, dict[str, str]]:
    """A member (who bought product, if given) and their headers."""
    [member_id] = await members(services, tenant)
    if name:
        async with services.db.unit(tenant.id) as uow:
            row = await uow.session.get(Member, member_id)
            assert row is not None
            row.name = name
            await uow.commit()
    if product is not None:
        await purchase(services, tenant, member_id, product)
    return member_id, bearer(await member_token(services, tenant, member_id))


async def post_review(
    client: httpx.AsyncClient,
    tenant: TenantFixture,
    product: Product,
    headers: dict[str, str],
    **body: Any,
) -> httpx.Response:
    body.setdefault("rating", 5)
    body.setdefault("content", "Lovely.")
    return await client.post(
        f"{base(tenant)}/products/{product.slug}/reviews", json=body, headers=headers
    )


async def test_a_buyer_posts_a_review_201(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    mug = await rows.product(services, tenant, "Mug")
    member_id, headers = await buyer(services, tenant, mug, name="Ann")

    # when
    response = await post_review(
        client,
        tenant,
        mug,
        headers,
        rating=4,
        title="Good mug",
        content="Holds tea.",
        images=["https://img.example/1.png"],
    )

    # then
    assert response.status_code == 201
    data = response.json()["data"]
    assert data == {
        "id": data["id"],
        "rating": 4,
        "title": "Good mug",
        "content": "Holds tea.",
        "images": ["https://img.example/1.png"],
        "helpful_count": 0,
        "is_helpful": False,
        "member": {"id": member_id, "name": "Ann"},
        "created_at": data["created_at"],
        "updated_at": data["created_at"],
    }


async def test_a_second_review_is_409(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    mug = await rows.product(services, tenant, "Mug")
    _, headers = await buyer(services, tenant, mug)
    await post_review(client, tenant, mug, headers)

    response = await post_review(client, tenant, mug, headers)

    assert response.status_code == 409
    assert response.json() == {
        "message": "You have already reviewed this product.",
        "code": "already_reviewed",
    }


async def test_a_member_who_did_not_buy_is_403(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    mug = await rows.product(services, tenant, "Mug")
    _, headers = await buyer(services, tenant)

    response = await post_review(client, tenant, mug, headers)

    assert response.status_code == 403
    assert response.json() == {
        "message": "Only customers who bought this product can review it.",
        "code": "not_purchased",
    }


async def test_a_guest_posting_is_401(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    mug = await rows.product(services, tenant, "Mug")

    response = await post_review(client, tenant, mug, {})

    assert response.status_code == 401
    assert response.json() == UNAUTHENTICATED


@pytest.mark.parametrize(
    ("body", "errors", "code"),
    [
        ({"rating": 0}, {"rating": ["The rating field must be at least 1."]}, "parameter_invalid"),
        (
            {"rating": 6},
            {"rating": ["The rating field must not be greater than 5."]},
            "parameter_invalid",
        ),
        (
            {"rating": None},
            {"rating": ["The rating field must be an integer."]},
            "parameter_invalid",
        ),
        ({"content": "  "}, {"content": ["The content field is required."]}, "parameter_missing"),
        (
            {"images": [f"https://img.example/{n}.png" for n in range(6)]},
            {"images": ["The images field must not have more than 5 items."]},
            "parameter_invalid",
        ),
        (
            {"images": ["javascript:alert(1)"]},
            {"images": ["The images field must contain valid URLs only."]},
            "parameter_invalid",
        ),
        (
            {"title": "t" * 201},
            {"title": ["The title field must not be greater than 200 characters."]},
            "parameter_invalid",
        ),
    ],
)
async def test_invalid_input_is_422(
    client: httpx.AsyncClient,
    factory: Factory,
    services: Services,
    body: dict[str, Any],
    errors: dict[str, list[str]],
    code: str,
) -> None:
    tenant = await factory.tenant()
    mug = await rows.product(services, tenant, "Mug")
    _, headers = await buyer(services, tenant, mug)

    response = await post_review(client, tenant, mug, headers, **body)

    assert response.status_code == 422
    assert response.json() == {
        "message": "The given data was invalid.",
        "code": code,
        "errors": errors,
    }


async def test_posting_on_an_unknown_or_foreign_product_is_404(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant, other = await factory.tenant(), await factory.tenant()
    theirs = await rows.product(services, other, "Theirs")
    _, headers = await buyer(services, tenant)

    for slug in ("nope", theirs.slug):
        response = await client.post(
            f"{base(tenant)}/products/{slug}/reviews",
            json={"rating": 5, "content": "x"},
            headers=headers,
        )

        assert response.status_code == 404
        assert response.json() == PRODUCT_NOT_FOUND


async def test_the_list_has_visible_reviews_and_the_summary(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    mug = await rows.product(services, tenant, "Mug")
    for rating in (5, 4, 4):
        _, headers = await buyer(services, tenant, mug)
        await post_review(client, tenant, mug, headers, rating=rating)

    # when
    response = await client.get(f"{base(tenant)}/products/{mug.slug}/reviews?per_page=2")

    # then
    assert response.status_code == 200
    body = response.json()
    assert [review["rating"] for review in body["data"]] == [4, 4]
    assert body["meta"] == {
        "current_page": 1,
        "last_page": 2,
        "per_page": 2,
        "total": 3,
        "summary": {
            "average": 4.33,
            "count": 3,
            "distribution": {"1": 0, "2": 0, "3": 0, "4": 2, "5": 1},
        },
    }


async def test_the_product_rating_reflects_new_reviews(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    mug = await rows.product(services, tenant, "Mug")
    for rating in (5, 2):
        _, headers = await buyer(services, tenant, mug)
        await post_review(client, tenant, mug, headers, rating=rating)

    response = await client.get(f"{base(tenant)}/products/{mug.slug}")

    assert response.json()["data"]["rating"] == {"average": 3.5, "count": 2}


@pytest.mark.parametrize(
    ("query", "ratings"),
    [
        ("?rating=4", [4]),
        ("?sort=rating_asc", [2, 4, 5]),
        ("?sort=rating_desc", [5, 4, 2]),
        ("?sort=newest", [4, 2, 5]),
    ],
)
async def test_the_list_filters_and_sorts(
    client: httpx.AsyncClient, factory: Factory, services: Services, query: str, ratings: list[int]
) -> None:
    tenant = await factory.tenant()
    mug = await rows.product(services, tenant, "Mug")
    for rating in (5, 2, 4):
        _, headers = await buyer(services, tenant, mug)
        await post_review(client, tenant, mug, headers, rating=rating)

    response = await client.get(f"{base(tenant)}/products/{mug.slug}/reviews{query}")

    assert [review["rating"] for review in response.json()["data"]] == ratings


@pytest.mark.parametrize(
    ("query", "errors"),
    [
        ("?rating=9", {"rating": ["The rating field must not be greater than 5."]}),
        ("?sort=best", {"sort": ["The selected sort is invalid."]}),
        ("?page=0", {"page": ["The page field must be at least 1."]}),
    ],
)
async def test_bad_list_parameters_are_422(
    client: httpx.AsyncClient,
    factory: Factory,
    services: Services,
    query: str,
    errors: dict[str, list[str]],
) -> None:
    tenant = await factory.tenant()
    mug = await rows.product(services, tenant, "Mug")

    response = await client.get(f"{base(tenant)}/products/{mug.slug}/reviews{query}")

    assert response.status_code == 422
    assert response.json()["errors"] == errors


async def test_listing_an_unknown_product_is_404(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    tenant = await factory.tenant()

    response = await client.get(f"{base(tenant)}/products/nope/reviews")

    assert response.status_code == 404
    assert response.json() == PRODUCT_NOT_FOUND


async def test_can_review_says_why_not(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    mug = await rows.product(services, tenant, "Mug")
    _, stranger = await buyer(services, tenant)
    _, customer = await buyer(services, tenant, mug)
    _, reviewer = await buyer(services, tenant, mug)
    await post_review(client, tenant, mug, reviewer)
    url = f"{base(tenant)}/products/{mug.slug}/reviews/can-review"

    # when
    answers = [
        (await client.get(url, headers=headers)).json()
        for headers in ({}, stranger, customer, reviewer)
    ]

    # then
    assert answers == [
        {"data": {"can_review": False, "reason": "not_authenticated"}},
        {"data": {"can_review": False, "reason": "not_purchased"}},
        {"data": {"can_review": True, "reason": None}},
        {"data": {"can_review": False, "reason": "already_reviewed"}},
    ]


async def test_a_pending_order_does_not_allow_a_review(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    mug = await rows.product(services, tenant, "Mug")
    member_id, headers = await buyer(services, tenant)
    await purchase(services, tenant, member_id, mug, OrderStatus.PENDING)

    response = await client.get(
        f"{base(tenant)}/products/{mug.slug}/reviews/can-review", headers=headers
    )

    assert response.json() == {"data": {"can_review": False, "reason": "not_purchased"}}


async def test_can_review_of_an_unknown_product_is_404(
    client: httpx.AsyncClient, factory: Factory
) -> None:
    tenant = await factory.tenant()

    response = await client.get(f"{base(tenant)}/products/nope/reviews/can-review")

    assert response.status_code == 404
    assert response.json() == PRODUCT_NOT_FOUND
