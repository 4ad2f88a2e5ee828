"""Dialect A reviews: PUT and DELETE /reviews/{review}, POST /reviews/{review}/helpful,
GET /my/reviews."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest

from tenantry.resolvers import reviews
from tenantry.serving.services import Services
from tests.conftest import Factory, TenantFixture
from tests.resolvers.cart import rows
from tests.resolvers.reviews.support import load_review, purchase, votes_of
from tests.rest.platform.test_reviews import UNAUTHENTICATED, base, buyer, post_review
from tests.support import SECRET_KEY_PRINCIPAL, make_ctx, run

REVIEW_NOT_FOUND = {"message": "Review not found.", "code": "resource_missing"}


async def written(
    client: httpx.AsyncClient, services: Services, tenant: TenantFixture, **body: Any
) -> tuple[dict[str, Any], dict[str, str]]:
    """A review of a new product, and its author's headers."""
    mug = await rows.product(services, tenant, "Mug")
    _, headers = await buyer(services, tenant, mug)
    response = await post_review(client, tenant, mug, headers, **body)
    assert response.status_code == 201, response.text
    data: dict[str, Any] = response.json()["data"]
    return data, headers


async def test_the_author_updates_their_review(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    review, headers = await written(client, services, tenant, rating=5, title="Wow")

    response = await client.put(
        f"{base(tenant)}/reviews/{review['id']}",
        json={"rating": 2, "content": "Cracked."},
        headers=headers,
    )

    assert response.status_code == 200
    data = response.json()["data"]
    assert data == {
        **review,
        "rating": 2,
        "content": "Cracked.",
        "updated_at": data["updated_at"],
    }


async def test_an_invalid_update_is_422(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    review, headers = await written(client, services, tenant)

    response = await client.put(
        f"{base(tenant)}/reviews/{review['id']}", json={"rating": 7}, headers=headers
    )

    assert response.status_code == 422
    assert response.json() == {
        "message": "The given data was invalid.",
        "code": "parameter_invalid",
        "errors": {"rating": ["The rating field must not be greater than 5."]},
    }


@pytest.mark.parametrize("method", ["PUT", "DELETE"])
async def test_another_members_review_is_404(
    client: httpx.AsyncClient, factory: Factory, services: Services, method: str
) -> None:
    tenant = await factory.tenant()
    review, _ = await written(client, services, tenant)
    _, other = await buyer(services, tenant)

    response = await client.request(
        method, f"{base(tenant)}/reviews/{review['id']}", json={"rating": 1}, headers=other
    )

    assert response.status_code == 404
    assert response.json() == REVIEW_NOT_FOUND


@pytest.mark.parametrize("method", ["PUT", "DELETE"])
async def test_another_tenants_review_is_404(
    client: httpx.AsyncClient, factory: Factory, services: Services, method: str
) -> None:
    tenant, other = await factory.tenant(), await factory.tenant()
    review, _ = await written(client, services, other)
    _, headers = await buyer(services, tenant)

    response = await client.request(
        method, f"{base(tenant)}/reviews/{review['id']}", json={"rating": 1}, headers=headers
    )

    assert response.status_code == 404
    assert response.json() == REVIEW_NOT_FOUND


@pytest.mark.parametrize(
    ("method", "path"),
    [("PUT", "/reviews/1"), ("DELETE", "/reviews/1"), ("POST", "/reviews/1/helpful")],
)
async def test_a_guest_writing_is_401(
    client: httpx.AsyncClient, factory: Factory, method: str, path: str
) -> None:
    tenant = await factory.tenant()

    response = await client.request(method, f"{base(tenant)}{path}", json={})

    assert response.status_code == 401
    assert response.json() == UNAUTHENTICATED


async def test_the_author_deletes_their_review(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    review, headers = await written(client, services, tenant)

    response = await client.delete(f"{base(tenant)}/reviews/{review['id']}", headers=headers)

    assert response.status_code == 200
    assert response.json() == {"message": "Review deleted."}
    again = await client.delete(f"{base(tenant)}/reviews/{review['id']}", headers=headers)
    assert again.status_code == 404


async def test_helpful_toggles_the_vote(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    review, _ = await written(client, services, tenant)
    _, reader = await buyer(services, tenant)
    url = f"{base(tenant)}/reviews/{review['id']}/helpful"

    on = await client.post(url, headers=reader)
    off = await client.post(url, headers=reader)

    assert on.status_code == 200
    assert on.json() == {"data": {**review, "helpful_count": 1, "is_helpful": True}}
    assert off.json() == {"data": {**review, "helpful_count": 0, "is_helpful": False}}


async def test_helpful_on_ones_own_review_is_422(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    review, headers = await written(client, services, tenant)

    response = await client.post(f"{base(tenant)}/reviews/{review['id']}/helpful", headers=headers)

    assert response.status_code == 422
    assert response.json() == {
        "message": "The given data was invalid.",
        "code": "parameter_invalid",
        "errors": {"review": ["You cannot mark your own review as helpful."]},
    }


@pytest.mark.parametrize("review_id", ["999999", "abc"])
async def test_helpful_on_an_unknown_review_is_404(
    client: httpx.AsyncClient, factory: Factory, services: Services, review_id: str
) -> None:
    tenant = await factory.tenant()
    _, headers = await buyer(services, tenant)

    response = await client.post(f"{base(tenant)}/reviews/{review_id}/helpful", headers=headers)

    assert response.status_code == 404
    assert response.json() == REVIEW_NOT_FOUND


async def test_helpful_votes_count_once_per_member_under_concurrency(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given: eight readers, one of whom sends three votes at once
    tenant = await factory.tenant()
    review, _ = await written(client, services, tenant)
    readers = [(await buyer(services, tenant))[1] for _ in range(8)]
    url = f"{base(tenant)}/reviews/{review['id']}/helpful"

    # when
    responses = await asyncio.gather(
        *(client.post(url, headers=headers) for headers in readers[1:]),
        *(client.post(url, headers=readers[0]) for _ in range(3)),
    )

    # then: the seven others count; the triple voter's toggles leave at most one vote
    assert {response.status_code for response in responses} == {200}
    stored = await load_review(services, tenant, review["id"])
    votes = await votes_of(services, tenant, review["id"])
    assert 7 <= votes <= 8
    assert stored.helpful_count == votes


async def test_a_hidden_review_leaves_the_list_but_not_its_authors_reviews(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    mug = await rows.product(services, tenant, "Mug")
    _, headers = await buyer(services, tenant, mug)
    review = (await post_review(client, tenant, mug, headers)).json()["data"]
    admin = make_ctx(services, tenant, SECRET_KEY_PRINCIPAL)

    # when
    await run(
        services,
        tenant,
        lambda s: reviews.set_review_visibility(
            s, ctx=admin, review_id=review["id"], visible=False
        ),
    )

    # then
    listed = (await client.get(f"{base(tenant)}/products/{mug.slug}/reviews")).json()
    assert (listed["data"], listed["meta"]["summary"]["count"]) == ([], 0)
    mine = (await client.get(f"{base(tenant)}/my/reviews", headers=headers)).json()
    assert [(r["id"], r["is_visible"]) for r in mine["data"]] == [(review["id"], False)]


async def test_my_reviews_name_their_products(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    mug, cup = await rows.product(services, tenant, "Mug"), await rows.product(services, tenant)
    member_id, headers = await buyer(services, tenant, mug)
    first = (await post_review(client, tenant, mug, headers)).json()["data"]
    await purchase(services, tenant, member_id, cup)
    second = (await post_review(client, tenant, cup, headers, rating=3)).json()["data"]

    # when
    response = await client.get(f"{base(tenant)}/my/reviews", headers=headers)

    # then
    assert response.status_code == 200
    assert response.json() == {
        "data": [
            {
                **second,
                "product": {"id": cup.id, "slug": cup.slug, "name": cup.name},
                "is_visible": True,
            },
            {
                **first,
                "product": {"id": mug.id, "slug": mug.slug, "name": mug.name},
                "is_visible": True,
            },
        ],
        "meta": {"current_page": 1, "last_page": 1, "per_page": 15, "total": 2},
    }


async def test_my_reviews_need_a_member(client: httpx.AsyncClient, factory: Factory) -> None:
    tenant = await factory.tenant()

    response = await client.get(f"{base(tenant)}/my/reviews")

    assert response.status_code == 401
    assert response.json() == UNAUTHENTICATED
