"""GraphQL forms: forms, form(slug), submitForm, formIpCheck, formSubmissions, mySubmissions."""

from __future__ import annotations

import httpx

from tenantry.serving.services import Services
from tests.conftest import Factory
from tests.resolvers.forms.support import make_form
from tests.support import error_codes, graphql, member_headers, staff_headers

FORMS = "query { forms { slug name } }"
FORM = """
query Form($slug: String!) {
  form(slug: $slug) {
    id slug name description isActive settings
    fields { name label type required min max options }
  }
}
"""
SUBMIT = """
mutation Submit($slug: String!, $data: JSON!) {
  submitForm(slug: $slug, data: $data) { id message }
}
"""
CHECK = (
    "query Check($slug: String!) { formIpCheck(slug: $slug) { canSubmit remaining retryAfter } }"
)
SUBMISSIONS = """
query Submissions($slug: String!) {
  formSubmissions(slug: $slug, page: 1, perPage: 10) {
    items { id formId memberId data userAgent form { slug name } }
    pageInfo { total }
  }
}
"""
MINE = """
query { mySubmissions { items { data form { slug name } } pageInfo { total } } }
"""
ANSWERS = {"name": "Kim", "email": "kim@example.com"}


def token(headers: dict[str, str]) -> str:
    return headers["Authorization"].removeprefix("Bearer ")


async def test_public_reads(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    # given
    tenant = await factory.tenant()
    fields = [
        {"name": "plan", "type": "select", "options": ["a", "b"], "required": True},
        {"name": "age", "type": "number", "min": 18},
    ]
    form = await make_form(services, tenant, name="Signup", fields=fields)
    await make_form(services, tenant, name="Hidden", is_active=False)

    # when
    listed = await graphql(client, FORMS, tenant=tenant.slug)
    shown = await graphql(client, FORM, {"slug": form.slug}, tenant=tenant.slug)

    # then
    assert listed == {"data": {"forms": [{"slug": form.slug, "name": "Signup"}]}}
    assert shown == {
        "data": {
            "form": {
                "id": str(form.id),
                "slug": form.slug,
                "name": "Signup",
                "description": "",
                "isActive": True,
                "settings": {"requires_member": False},
                "fields": [
                    {
                        "name": "plan",
                        "label": "Plan",
                        "type": "SELECT",
                        "required": True,
                        "min": None,
                        "max": None,
                        "options": ["a", "b"],
                    },
                    {
                        "name": "age",
                        "label": "Age",
                        "type": "NUMBER",
                        "required": False,
                        "min": 18.0,
                        "max": None,
                        "options": None,
                    },
                ],
            }
        }
    }


async def test_submit_and_check_the_allowance(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    form = await make_form(services, tenant, settings={"submissions_per_ip": 1})

    submitted = await graphql(
        client, SUBMIT, {"slug": form.slug, "data": ANSWERS}, tenant=tenant.slug
    )
    again = await graphql(client, SUBMIT, {"slug": form.slug, "data": ANSWERS}, tenant=tenant.slug)
    checked = await graphql(client, CHECK, {"slug": form.slug}, tenant=tenant.slug)

    assert submitted["data"]["submitForm"]["message"] == "Thank you for your submission."
    assert error_codes(again) == ["RATE_LIMITED"]
    allowance = checked["data"]["formIpCheck"]
    assert (allowance["canSubmit"], allowance["remaining"]) == (False, 0)
    assert 86390 <= allowance["retryAfter"] <= 86400


async def test_invalid_answers_carry_field_errors(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    form = await make_form(services, tenant)

    body = await graphql(
        client, SUBMIT, {"slug": form.slug, "data": {"email": "x"}}, tenant=tenant.slug
    )

    [error] = body["errors"]
    assert error["extensions"] == {
        "code": "BAD_USER_INPUT",
        "reason": "parameter_invalid",
        "fields": {
            "name": ["The name field is required."],
            "email": ["The email field must be a valid email address."],
        },
    }


async def test_staff_list_submissions_with_their_form(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    form = await make_form(services, tenant, name="Contact")
    member_id, member = await member_headers(services, tenant)
    _, staff = await staff_headers(services, factory, tenant)
    await graphql(
        client,
        SUBMIT,
        {"slug": form.slug, "data": ANSWERS},
        tenant=tenant.slug,
        bearer=token(member),
    )

    body = await graphql(
        client, SUBMISSIONS, {"slug": form.slug}, tenant=tenant.slug, bearer=token(staff)
    )
    denied = await graphql(
        client, SUBMISSIONS, {"slug": form.slug}, tenant=tenant.slug, bearer=token(member)
    )

    [item] = body["data"]["formSubmissions"]["items"]
    assert item == {
        "id": item["id"],
        "formId": str(form.id),
        "memberId": str(member_id),
        "data": ANSWERS,
        "userAgent": item["userAgent"],
        "form": {"slug": form.slug, "name": "Contact"},
    }
    assert error_codes(denied) == ["FORBIDDEN"]


async def test_members_list_their_submissions(
    client: httpx.AsyncClient, factory: Factory, services: Services
) -> None:
    tenant = await factory.tenant()
    form = await make_form(services, tenant, name="Contact")
    _, member = await member_headers(services, tenant)
    await graphql(
        client,
        SUBMIT,
        {"slug": form.slug, "data": ANSWERS},
        tenant=tenant.slug,
        bearer=token(member),
    )
    await graphql(client, SUBMIT, {"slug": form.slug, "data": ANSWERS}, tenant=tenant.slug)

    body = await graphql(client, MINE, tenant=tenant.slug, bearer=token(member))
    anonymous = await graphql(client, MINE, tenant=tenant.slug)

    assert body == {
        "data": {
            "mySubmissions": {
                "items": [{"data": ANSWERS, "form": {"slug": form.slug, "name": "Contact"}}],
                "pageInfo": {"total": 1},
            }
        }
    }
    assert error_codes(anonymous) == ["UNAUTHENTICATED"]
