"""Dialect C feedback: POST /feedbacks.json, limited per client address.

Answers in the seed's shapes: 201 {"data": …}, 422 {"errors": {…}}, and 422 {"msg": "error req"}
when the client has sent too many.
"""

from __future__ import annotations

from typing import Any

from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from tenantry.core.errors import BadRequest, RateLimited
from tenantry.models.shop_posts import Feedback
from tenantry.resolvers import shop_posts
from tenantry.rest.endpoint import Call, endpoint
from tenantry.rest.envelopes import json
from tenantry.rest.formats import iso
from tenantry.rest.shop_posts.landing_pages import RAILS_ERRORS, rails
from tenantry.rest.spec import Body


def feedback_json(feedback: Feedback) -> dict[str, Any]:
    return {
        "id": feedback.id,
        "name": feedback.name,
        "email": feedback.email,
        "content": feedback.content,
        "shop_id": feedback.tenant_id,
        "created_at": iso(feedback.created_at),
        "updated_at": iso(feedback.updated_at),
    }


async def create_feedback(call: Call) -> Response:
    """Sends the shop a message; 422 `{"msg": "error req"}` when this client has sent too many."""
    fields = (await call.json()).get("feedback")
    if not isinstance(fields, dict):
        raise BadRequest(
            "param is missing or the value is empty: feedback",
            code="parameter_missing",
            param="feedback",
        )
    data = call.parse(shop_posts.FeedbackIn, fields)
    try:
        feedback = await shop_posts.create_feedback(call.session, ctx=call.ctx, data=data)
    except RateLimited:
        return json({"msg": "error req"}, 422)
    return json({"data": feedback_json(feedback)}, 201)


_CREATE = endpoint(
    rails(create_feedback),
    body=Body.of(shop_posts.FeedbackIn, wrap="feedback"),
    status=201,
    error_schema=RAILS_ERRORS,
)

routes: list[BaseRoute] = [
    Route("/feedbacks.json", _CREATE, methods=["POST"]),
    Route("/feedbacks", _CREATE, methods=["POST"]),
]
