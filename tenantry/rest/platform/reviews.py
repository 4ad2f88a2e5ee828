"""Dialect A reviews: GET, POST /products/{slug}/reviews · GET /products/{slug}/reviews/can-review ·
PUT, DELETE /reviews/{review} · POST /reviews/{review}/helpful · GET /my/reviews."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from tenantry.core.access import require_member
from tenantry.core.ids import parse_id
from tenantry.core.pagination import PageRequest
from tenantry.models.reviews import Review
from tenantry.resolvers import catalog, reviews
from tenantry.rest.endpoint import Call, endpoint
from tenantry.rest.envelopes import json
from tenantry.rest.formats import iso, page_meta
from tenantry.rest.spec import PAGED, Body

DELETED = "Review deleted."


async def reviews_json(
    call: Call, found: Sequence[Review], *, mine: bool = False
) -> list[dict[str, Any]]:
    """Reviews with their authors and the caller's votes; the member's own also name the
    product and whether it is shown."""
    session = call.session
    members = await reviews.members_by_ids(session, (review.member_id for review in found))
    helpful = await reviews.helpful_review_ids(
        session,
        member_id=reviews.viewer_member_id(call.ctx),
        review_ids=(review.id for review in found),
    )
    products = (
        await catalog.products_by_ids(session, (review.product_id for review in found))
        if mine
        else {}
    )
    shaped = []
    for review in found:
        member = members.get(review.member_id)
        data: dict[str, Any] = {
            "id": review.id,
            "rating": review.rating,
            "title": review.title,
            "content": review.content,
            "images": review.images,
            "helpful_count": review.helpful_count,
            "is_helpful": review.id in helpful,
            "member": {"id": review.member_id, "name": member.name if member else ""},
            "created_at": iso(review.created_at),
            "updated_at": iso(review.updated_at),
        }
        if mine:
            product = products.get(review.product_id)
            data["product"] = (
                {"id": product.id, "slug": product.slug, "name": product.name} if product else None
            )
            data["is_visible"] = review.is_visible
        shaped.append(data)
    return shaped


async def review_json(call: Call, review: Review) -> dict[str, Any]:
    [data] = await reviews_json(call, [review])
    return data


def summary_json(summary: reviews.ReviewSummary) -> dict[str, Any]:
    return {
        "average": summary.average,
        "count": summary.count,
        "distribution": {str(rating): n for rating, n in summary.distribution.items()},
    }


async def list_reviews(call: Call) -> Response:
    """The product's visible reviews, with a rating summary in `meta`."""
    page = PageRequest.parse(call.query("page"), call.query("per_page"))
    given = {name: call.query(name) for name in ("rating", "sort") if call.query(name)}
    query = call.parse(reviews.ReviewQuery, given)
    found = await reviews.list_product_reviews(
        call.session, ctx=call.ctx, slug=call.path("slug"), query=query, page=page
    )
    meta = page_meta(found.page) | {"summary": summary_json(found.summary)}
    return json({"data": await reviews_json(call, found.page.items), "meta": meta})


async def can_review(call: Call) -> Response:
    """Whether the member may review the product, and if not, why."""
    found = await reviews.check_eligibility(call.session, ctx=call.ctx, slug=call.path("slug"))
    reason = found.reason.value if found.reason is not None else None
    return json({"data": {"can_review": found.can_review, "reason": reason}})


async def create_review(call: Call) -> Response:
    require_member(call.ctx)
    data = call.parse(reviews.ReviewIn, await call.json())
    review = await reviews.create_review(
        call.session, ctx=call.ctx, slug=call.path("slug"), data=data
    )
    return json({"data": await review_json(call, review)}, 201)


async def update_review(call: Call) -> Response:
    """Changes the member's own review; only the fields present change."""
    require_member(call.ctx)
    review_id = parse_id(call.path("review"), "review")
    data = call.parse(reviews.ReviewUpdate, await call.json())
    review = await reviews.update_review(call.session, ctx=call.ctx, review_id=review_id, data=data)
    return json({"data": await review_json(call, review)})


async def delete_review(call: Call) -> Response:
    require_member(call.ctx)
    await reviews.delete_review(
        call.session, ctx=call.ctx, review_id=parse_id(call.path("review"), "review")
    )
    return json({"message": DELETED})


async def mark_helpful(call: Call) -> Response:
    """Toggles the member's helpful vote on the review."""
    require_member(call.ctx)
    vote = await reviews.toggle_helpful(
        call.session, ctx=call.ctx, review_id=parse_id(call.path("review"), "review")
    )
    return json({"data": await review_json(call, vote.review)})


async def my_reviews(call: Call) -> Response:
    """The member's own reviews, each naming its product and whether it is shown."""
    page = PageRequest.parse(call.query("page"), call.query("per_page"))
    found = await reviews.list_my_reviews(call.session, ctx=call.ctx, page=page)
    return json(
        {"data": await reviews_json(call, found.items, mine=True), "meta": page_meta(found)}
    )


routes: list[BaseRoute] = [
    Route(
        "/products/{slug}/reviews",
        endpoint(list_reviews, query=PAGED, query_models=(reviews.ReviewQuery,), public_read=True),
        methods=["GET"],
    ),
    Route(
        "/products/{slug}/reviews",
        endpoint(create_review, body=Body.of(reviews.ReviewIn), status=201),
        methods=["POST"],
    ),
    Route("/products/{slug}/reviews/can-review", endpoint(can_review), methods=["GET"]),
    Route(
        "/reviews/{review}",
        endpoint(update_review, body=Body.of(reviews.ReviewUpdate, required=False)),
        methods=["PUT"],
    ),
    Route("/reviews/{review}", endpoint(delete_review), methods=["DELETE"]),
    Route("/reviews/{review}/helpful", endpoint(mark_helpful), methods=["POST"]),
    Route("/my/reviews", endpoint(my_reviews, query=PAGED), methods=["GET"]),
]
