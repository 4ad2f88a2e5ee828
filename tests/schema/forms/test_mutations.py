"""GraphQL form definitions: createForm, updateForm, deleteForm for owner/admin staff."""

from __future__ import annotations

import httpx
import pytest

from tenantry.models.tenant import StaffRole
from tenantry.serving.services import Services
from tests.conftest import Factory, TenantFixture
from tests.support import error_codes, graphql, member_headers, staff_headers

CREATE = """
mutation Create($input: CreateFormInput!) {
  createForm(input: $input) {
    id slug name description isActive settings
    fields { name label type required min max options }
  }
}
"""
UPDATE = """
mutation Update($id: ID!, $input: UpdateFormInput!) {
  updateForm(id: $id, input: $input) { slug name isActive fields { name type } settings }
}
"""
DELETE = "mutation Delete($id: ID!) { deleteForm(id: $id) }"
FORM = "query Form($slug: String!) { form(slug: $slug) { slug } }"

CONTACT = {
    "name": "Contact us",
    "description": "Write to us",
    "fields": [
        {"name": "email", "type": "EMAIL", "required": True, "label": "Your email"},
        {"name": "topics", "type": "CHECKBOX", "options": ["sales", "support"], "max": 1},
    ],
    "settings": {"submissionsPerIp": 3, "successMessage": "Thanks!"},
}


def token(headers: dict[str, str]) -> str:
    return headers["Authorization"].removeprefix("Bearer ")


async def admin(services: Services, factory: Factory, tenant: TenantFixture) -> str:
    _, headers = await staff_headers(services, factory, tenant, role=StaffRole.ADMIN)
    return token(headers)


async def test_admins_create_forms(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    bearer = await admin(services, factory, tenant)

    body = await graphql(client, CREATE, {"input": CONTACT}, tenant=tenant.slug, bearer=bearer)

    created = body["data"]["createForm"]
    assert created == {
        "id": created["id"],
        "slug": "contact-us",
        "name": "Contact us",
        "description": "Write to us",
        "isActive": True,
        "settings": {
            "success_message": "Thanks!",
            "submissions_per_ip": 3,
            "requires_member": False,
        },
        "fields": [
            {
                "name": "email",
                "label": "Your email",
                "type": "EMAIL",
                "required": True,
                "min": None,
                "max": None,
                "options": None,
            },
            {
                "name": "topics",
                "label": "Topics",
                "type": "CHECKBOX",
                "required": False,
                "min": None,
                "max": 1.0,
                "options": ["sales", "support"],
            },
        ],
    }


async def test_bad_definitions_carry_field_errors(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    bearer = await admin(services, factory, tenant)
    bad = {"name": "X", "fields": [{"name": "plan", "type": "SELECT"}]}

    body = await graphql(client, CREATE, {"input": bad}, tenant=tenant.slug, bearer=bearer)

    [error] = body["errors"]
    assert error["extensions"] == {
        "code": "BAD_USER_INPUT",
        "reason": "parameter_invalid",
        "fields": {
            "fields.0.options": ["The fields.0.options field is required for select fields."]
        },
    }


@pytest.mark.parametrize(
    ("who", "code"),
    [("anonymous", "UNAUTHENTICATED"), ("member", "FORBIDDEN"), ("agent", "FORBIDDEN")],
)
async def test_others_may_not_create(
    client: httpx.AsyncClient, factory: Factory, services: Services, who: str, code: str
) -> None:
    tenant = await factory.tenant()
    bearer = None
    if who == "member":
        bearer = token((await member_headers(services, tenant))[1])
    elif who == "agent":
        bearer = token((await staff_headers(services, factory, tenant, role=StaffRole.AGENT))[1])

    body = await graphql(client, CREATE, {"input": CONTACT}, tenant=tenant.slug, bearer=bearer)

    assert error_codes(body) == [code]


async def test_update_then_delete(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    bearer = await admin(services, factory, tenant)
    created = await graphql(client, CREATE, {"input": CONTACT}, tenant=tenant.slug, bearer=bearer)
    form_id = created["data"]["createForm"]["id"]

    # when
    updated = await graphql(
        client,
        UPDATE,
        {
            "id": form_id,
            "input": {
                "slug": "support",
                "isActive": False,
                "fields": [{"name": "q", "type": "TEXTAREA"}],
            },
        },
        tenant=tenant.slug,
        bearer=bearer,
    )
    hidden = await graphql(client, FORM, {"slug": "support"}, tenant=tenant.slug)
    deleted = await graphql(client, DELETE, {"id": form_id}, tenant=tenant.slug, bearer=bearer)
    gone = await graphql(client, FORM, {"slug": "support"}, tenant=tenant.slug, bearer=bearer)

    # then
    assert updated == {
        "data": {
            "updateForm": {
                "slug": "support",
                "name": "Contact us",
                "isActive": False,
                "fields": [{"name": "q", "type": "TEXTAREA"}],
                "settings": {
                    "success_message": "Thanks!",
                    "submissions_per_ip": 3,
                    "requires_member": False,
                },
            }
        }
    }
    assert error_codes(hidden) == ["NOT_FOUND"]
    assert deleted == {"data": {"deleteForm": True}}
    assert error_codes(gone) == ["NOT_FOUND"]


async def test_another_tenants_form_is_not_found(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant, other = await factory.tenant(), await factory.tenant()
    created = await graphql(
        client,
        CREATE,
        {"input": CONTACT},
        tenant=tenant.slug,
        bearer=await admin(services, factory, tenant),
    )
    form_id = created["data"]["createForm"]["id"]

    body = await graphql(
        client,
        DELETE,
        {"id": form_id},
        tenant=other.slug,
        bearer=await admin(services, factory, other),
    )

    assert error_codes(body) == ["NOT_FOUND"]
