"""Dialect A forms: GET /forms · GET /forms/{slug} · POST /forms/{slug}/submit ·
GET /forms/{slug}/check-ip · GET /forms/{slug}/submissions (staff) · GET /my/submissions (member).
"""

from __future__ import annotations

from typing import Any

from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from tenantry.core.pagination import PageRequest
from tenantry.models.forms import Form, FormSubmission
from tenantry.resolvers import forms
from tenantry.rest.endpoint import Call, endpoint
from tenantry.rest.envelopes import json
from tenantry.rest.formats import iso, page_meta, page_of
from tenantry.rest.spec import ANY_OBJECT, PAGED, Body


def form_summary_json(form: Form) -> dict[str, Any]:
    return {"id": form.id, "slug": form.slug, "name": form.name, "description": form.description}


def form_json(form: Form) -> dict[str, Any]:
    return {
        **form_summary_json(form),
        "fields": form.fields,
        "settings": form.settings,
        "is_active": form.is_active,
        "created_at": iso(form.created_at),
        "updated_at": iso(form.updated_at),
    }


def submission_json(submission: FormSubmission) -> dict[str, Any]:
    return {
        "id": submission.id,
        "form_id": submission.form_id,
        "member_id": submission.member_id,
        "data": submission.data,
        "ip": submission.ip,
        "user_agent": submission.user_agent,
        "created_at": iso(submission.created_at),
    }


async def list_forms(call: Call) -> Response:
    page = PageRequest.parse(call.query("page"), call.query("per_page"))
    found = page_of(await forms.list_forms(call.session, ctx=call.ctx), page)
    return json(
        {"data": [form_summary_json(form) for form in found.items], "meta": page_meta(found)}
    )


async def show_form(call: Call) -> Response:
    form = await forms.get_form(call.session, ctx=call.ctx, slug=call.path("slug"))
    return json({"data": form_json(form)})


async def submit_form(call: Call) -> Response:
    slug = call.path("slug")
    data = forms.SubmissionIn(
        answers=await call.json(), user_agent=call.request.headers.get("user-agent", "")
    )
    done = await forms.submit_form(call.session, ctx=call.ctx, slug=slug, data=data)
    return json({"data": {"id": done.submission.id, "message": done.message}}, 201)


async def check_ip(call: Call) -> Response:
    allowance = await forms.check_ip(call.session, ctx=call.ctx, slug=call.path("slug"))
    return json(
        {
            "data": {
                "can_submit": allowance.can_submit,
                "remaining": allowance.remaining,
                "retry_after": allowance.retry_after,
            }
        }
    )


async def list_submissions(call: Call) -> Response:
    page = PageRequest.parse(call.query("page"), call.query("per_page"))
    found = await forms.list_submissions(
        call.session, ctx=call.ctx, slug=call.path("slug"), page=page
    )
    return json({"data": [submission_json(item) for item in found.items], "meta": page_meta(found)})


async def my_submissions(call: Call) -> Response:
    page = PageRequest.parse(call.query("page"), call.query("per_page"))
    found = await forms.list_my_submissions(call.session, ctx=call.ctx, page=page)
    by_id = await forms.forms_by_ids(call.session, (item.form_id for item in found.items))
    data = []
    for item in found.items:
        form = by_id.get(item.form_id)
        data.append(
            {
                "id": item.id,
                "form": {"id": form.id, "slug": form.slug, "name": form.name} if form else None,
                "data": item.data,
                "created_at": iso(item.created_at),
            }
        )
    return json({"data": data, "meta": page_meta(found)})


routes: list[BaseRoute] = [
    Route("/forms", endpoint(list_forms, query=PAGED), methods=["GET"]),
    Route("/forms/{slug}", endpoint(show_form), methods=["GET"]),
    Route(
        "/forms/{slug}/submit",
        endpoint(submit_form, body=Body(schema=ANY_OBJECT), status=201),
        methods=["POST"],
    ),
    Route("/forms/{slug}/check-ip", endpoint(check_ip), methods=["GET"]),
    Route("/forms/{slug}/submissions", endpoint(list_submissions, query=PAGED), methods=["GET"]),
    Route("/my/submissions", endpoint(my_submissions, query=PAGED), methods=["GET"]),
]
