"""Dialect A forms: GET /forms, GET /forms/{slug}, POST /forms/{slug}/submit, check-ip."""

from __future__ import annotations

import asyncio

import httpx

from tenantry.serving.services import Services
from tests.conftest import Factory, TenantFixture
from tests.resolvers.forms.support import CONTACT_FIELDS, make_form
from tests.support import iso

ANSWERS = {"name": "Kim", "email": "kim@example.com", "message": "Hello there"}
FORM_NOT_FOUND = {"message": "Form not found.", "code": "resource_missing"}


def base(tenant: TenantFixture) -> str:
    return f"/api/{tenant.slug}"


async def test_list_shows_active_forms_by_name(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    survey = await make_form(services, tenant, name="Survey", description="Tell us")
    contact = await make_form(services, tenant, name="Contact")
    await make_form(services, tenant, name="Old", is_active=False)

    # when
    response = await client.get(f"{base(tenant)}/forms")

    # then
    assert response.status_code == 200
    assert response.json() == {
        "data": [
            {"id": contact.id, "slug": contact.slug, "name": "Contact", "description": ""},
            {"id": survey.id, "slug": survey.slug, "name": "Survey", "description": "Tell us"},
        ],
        "meta": {"current_page": 1, "last_page": 1, "per_page": 15, "total": 2},
    }


async def test_detail_has_the_field_schema(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    form = await make_form(services, tenant, settings={"success_message": "Thanks!"})

    response = await client.get(f"{base(tenant)}/forms/{form.slug}")

    assert response.status_code == 200
    assert response.json() == {
        "data": {
            "id": form.id,
            "slug": form.slug,
            "name": "Contact",
            "description": "",
            "fields": [
                {"name": "name", "label": "Name", "type": "text", "required": True, "max": 50},
                {"name": "email", "label": "Email", "type": "email", "required": True},
                {
                    "name": "message",
                    "label": "Message",
                    "type": "textarea",
                    "required": False,
                    "min": 5,
                },
            ],
            "settings": {"success_message": "Thanks!", "requires_member": False},
            "is_active": True,
            "created_at": iso(form.created_at),
            "updated_at": iso(form.updated_at),
        }
    }


async def test_unknown_and_inactive_forms_are_404(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    inactive = await make_form(services, tenant, is_active=False)

    unknown = await client.get(f"{base(tenant)}/forms/nope")
    hidden = await client.get(f"{base(tenant)}/forms/{inactive.slug}")
    submitted = await client.post(f"{base(tenant)}/forms/{inactive.slug}/submit", json=ANSWERS)

    for response in (unknown, hidden, submitted):
        assert (response.status_code, response.json()) == (404, FORM_NOT_FOUND)


async def test_submit_answers_201_with_the_default_message(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    form = await make_form(services, tenant)

    response = await client.post(
        f"{base(tenant)}/forms/{form.slug}/submit", json={**ANSWERS, "unknown": "x"}
    )

    assert response.status_code == 201
    assert response.json() == {
        "data": {"id": response.json()["data"]["id"], "message": "Thank you for your submission."}
    }


async def test_submit_uses_the_forms_success_message(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    form = await make_form(services, tenant, settings={"success_message": "We'll be in touch."})

    response = await client.post(f"{base(tenant)}/forms/{form.slug}/submit", json=ANSWERS)

    assert response.json()["data"]["message"] == "We'll be in touch."


async def test_invalid_answers_are_a_422_keyed_by_field(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    form = await make_form(
        services, tenant, fields=[*CONTACT_FIELDS, {"name": "age", "type": "number", "min": 18}]
    )

    response = await client.post(
        f"{base(tenant)}/forms/{form.slug}/submit",
        json={"name": "Kim", "email": "kim@", "age": 12},
    )

    assert response.status_code == 422
    assert response.json() == {
        "message": "The given data was invalid.",
        "code": "parameter_invalid",
        "errors": {
            "email": ["The email field must be a valid email address."],
            "age": ["The age field must be at least 18."],
        },
    }


async def test_a_body_that_is_not_an_object_is_a_400(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    form = await make_form(services, tenant)

    response = await client.post(f"{base(tenant)}/forms/{form.slug}/submit", json=["x"])

    assert (response.status_code, response.json()) == (
        400,
        {"message": "The request body must be a JSON object.", "code": "body_not_object"},
    )


async def test_a_members_only_form_needs_a_member(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    form = await make_form(services, tenant, settings={"requires_member": True})

    response = await client.post(f"{base(tenant)}/forms/{form.slug}/submit", json=ANSWERS)

    assert (response.status_code, response.json()) == (
        401,
        {"message": "Unauthenticated.", "code": "unauthenticated"},
    )


async def test_check_ip_counts_down_then_the_limit_is_a_429(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    form = await make_form(services, tenant, settings={"submissions_per_ip": 2})
    url = f"{base(tenant)}/forms/{form.slug}"
    fresh = await client.get(f"{url}/check-ip")
    await client.post(f"{url}/submit", json=ANSWERS)
    once = await client.get(f"{url}/check-ip")
    await client.post(f"{url}/submit", json=ANSWERS)

    # when
    refused = await client.post(f"{url}/submit", json=ANSWERS)
    spent = await client.get(f"{url}/check-ip")

    # then
    assert fresh.json() == {"data": {"can_submit": True, "remaining": 2, "retry_after": None}}
    assert once.json() == {"data": {"can_submit": True, "remaining": 1, "retry_after": None}}
    retry_after = spent.json()["data"]["retry_after"]
    assert spent.json() == {
        "data": {"can_submit": False, "remaining": 0, "retry_after": retry_after}
    }
    assert 86390 <= retry_after <= 86400
    assert refused.status_code == 429
    assert refused.json() == {
        "message": "Too many submissions from your address. Please try again later.",
        "code": "rate_limit_exceeded",
    }
    assert 86390 <= int(refused.headers["retry-after"]) <= 86400


async def test_check_ip_without_a_limit(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    form = await make_form(services, tenant)

    response = await client.get(f"{base(tenant)}/forms/{form.slug}/check-ip")

    assert response.json() == {"data": {"can_submit": True, "remaining": None, "retry_after": None}}


async def test_concurrent_submits_from_one_address_get_exactly_the_limit(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    form = await make_form(services, tenant, settings={"submissions_per_ip": 3})
    url = f"{base(tenant)}/forms/{form.slug}/submit"

    responses = await asyncio.gather(*(client.post(url, json=ANSWERS) for _ in range(10)))

    statuses = sorted(response.status_code for response in responses)
    assert statuses == [201] * 3 + [429] * 7


async def test_another_tenants_forms_are_invisible(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant, other = await factory.tenant(), await factory.tenant()
    form = await make_form(services, tenant)

    listed = await client.get(f"{base(other)}/forms")
    shown = await client.get(f"{base(other)}/forms/{form.slug}")
    submitted = await client.post(f"{base(other)}/forms/{form.slug}/submit", json=ANSWERS)
    checked = await client.get(f"{base(other)}/forms/{form.slug}/check-ip")

    assert listed.json() == {
        "data": [],
        "meta": {"current_page": 1, "last_page": 1, "per_page": 15, "total": 0},
    }
    for response in (shown, submitted, checked):
        assert (response.status_code, response.json()) == (404, FORM_NOT_FOUND)
